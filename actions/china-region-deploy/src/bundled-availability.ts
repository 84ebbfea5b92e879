/**
 * The availability table that ships with the action: data/availability.json, written by
 * scripts/generate-china-availability.ts. Read by URL from this module, a form ncc follows: the bundle gets the file
 * as an asset beside index.js (checked with ncc 0.45). Parsed once, on first use.
 */
import { readFileSync } from 'node:fs';
import { parseAvailability, type Availability } from './availability.js';

const TABLE = new URL('../data/availability.json', import.meta.url);
let parsed: Availability | undefined;

export function bundledAvailability(): Availability {
  parsed ??= parseAvailability(JSON.parse(readFileSync(TABLE, 'utf8')));
  return parsed;
}
