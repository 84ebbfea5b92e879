import { ConfigurationError } from './errors.js';
import { mask } from './mask.js';

/**
 * How one action input is read. An action declares all its inputs in one spec object keyed by the names used in
 * action.yml; `readInputs` reads exactly those, and a test compares the spec with action.yml both ways.
 */
export interface InputSpec<T> {
  readonly kind: 'string' | 'boolean' | 'integer' | 'enum' | 'list' | 'key-values' | 'json';
  readonly required: boolean;
  /** The default as action.yml writes it; applied here too so code run outside a runner sees the same value. */
  readonly default?: string;
  /** Masked as soon as it is read and never quoted in an error. */
  readonly secret: boolean;
  parse(raw: string, name: string): T;
}

export type InputSpecs = Record<string, InputSpec<unknown>>;
export type InputValues<S extends InputSpecs> = { [K in keyof S]: S[K] extends InputSpec<infer T> ? T : never };
export type InputSource = (name: string) => string;

interface Common {
  required?: boolean;
  default?: string;
  secret?: boolean;
}
type Maybe<O, T> = O extends { required: true } | { default: string } ? T : T | undefined;

function quote(value: string, secret: boolean): string {
  return secret ? '(hidden: secret input)' : JSON.stringify(value);
}

function invalid(name: string, raw: string, secret: boolean, rule: string, fix: string): ConfigurationError {
  return new ConfigurationError(`Input "${name}" has the value ${quote(raw, secret)}, but ${rule}. Fix: ${fix}`, name);
}

function spec<T>(kind: InputSpec<T>['kind'], opts: Common, parse: (raw: string, name: string, secret: boolean) => T) {
  const secret = opts.secret ?? false;
  return {
    kind,
    required: opts.required ?? false,
    ...(opts.default !== undefined ? { default: opts.default } : {}),
    secret,
    parse: (raw: string, name: string) => parse(raw, name, secret),
  } as InputSpec<T>;
}

/** A string, optionally matched against a pattern whose meaning `rule` states in words. */
function string<O extends Common & { pattern?: RegExp; rule?: string; fix?: string }>(
  opts: O = {} as O,
): InputSpec<Maybe<O, string>> {
  return spec('string', opts, (raw, name, secret) => {
    if (opts.pattern && !opts.pattern.test(raw)) {
      throw invalid(name, raw, secret, opts.rule ?? `it must match ${opts.pattern}`, opts.fix ?? 'correct the value.');
    }
    return raw as Maybe<O, string>;
  });
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

/** YAML 1.2 core-schema booleans only: `yes`, `on` and `1` are mistakes, not truths. */
function boolean<O extends Common>(opts: O = {} as O): InputSpec<Maybe<O, boolean>> {
  return spec('boolean', opts, (raw, name, secret) => {
    if (TRUE.includes(raw)) return true as Maybe<O, boolean>;
    if (FALSE.includes(raw)) return false as Maybe<O, boolean>;
    throw invalid(
      name,
      raw,
      secret,
      'it must be a YAML 1.2 boolean (true or false)',
      `write ${name}: true or ${name}: false.`,
    );
  });
}

function integer<O extends Common & { min?: number; max?: number; unit?: string }>(
  opts: O = {} as O,
): InputSpec<Maybe<O, number>> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const unit = opts.unit ? ` ${opts.unit}` : '';
  const range =
    opts.min !== undefined && opts.max !== undefined
      ? `between ${min} and ${max}${unit}`
      : opts.min !== undefined
        ? `of at least ${min}${unit}`
        : opts.max !== undefined
          ? `of at most ${max}${unit}`
          : `(any${unit})`;
  return spec('integer', opts, (raw, name, secret) => {
    const value = /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      const example = Math.min(Math.max(opts.default !== undefined ? Number(opts.default) : min, min), max);
      throw invalid(
        name,
        raw,
        secret,
        `it must be a whole number ${range}`,
        `set ${name} to a value such as ${example}.`,
      );
    }
    return value as Maybe<O, number>;
  });
}

function enumOf<V extends string, O extends Common>(values: readonly V[], opts: O = {} as O): InputSpec<Maybe<O, V>> {
  return spec('enum', opts, (raw, name, secret) => {
    const found = values.find((v) => v === raw || v.toLowerCase() === raw.toLowerCase());
    if (!found) {
      throw invalid(name, raw, secret, `it must be one of: ${values.join(', ')}`, `pick one of the listed values.`);
    }
    return found as Maybe<O, V>;
  });
}

/** Items separated by newlines or commas; blank items and `#` comment lines are dropped. */
function list(opts: Common & { separator?: 'newline' | 'newline-or-comma' } = {}): InputSpec<string[]> {
  const split = opts.separator === 'newline' ? /\r?\n/ : /\r?\n|,/;
  return spec('list', opts, (raw) =>
    raw
      .split(split)
      .map((item) => item.trim())
      .filter((item) => item !== '' && !item.startsWith('#')),
  );
}

/**
 * One `key=value` per line; the value may itself contain `=`. Duplicate keys are an error. Every key is an own
 * property of the result (`__proto__`, `constructor` and `toString` included): none reaches or reads a prototype.
 */
function keyValues(opts: Common = {}): InputSpec<Record<string, string>> {
  return spec('key-values', opts, (raw, name, secret) => {
    const result = new Map<string, string>();
    for (const line of raw.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const eq = trimmed.indexOf('=');
      const key = eq > 0 ? trimmed.slice(0, eq).trim() : '';
      if (!key) {
        throw invalid(
          name,
          secret ? raw : trimmed,
          secret,
          'every line must have the form key=value',
          `write one key=value per line.`,
        );
      }
      if (result.has(key)) {
        throw invalid(name, secret ? raw : trimmed, secret, `the key "${key}" appears twice`, 'keep one line per key.');
      }
      result.set(key, trimmed.slice(eq + 1).trim());
    }
    return Object.fromEntries(result);
  });
}

function json<T = unknown, O extends Common = Common>(opts: O = {} as O): InputSpec<Maybe<O, T>> {
  return spec('json', opts, (raw, name, secret) => {
    try {
      return JSON.parse(raw) as Maybe<O, T>;
    } catch (error) {
      throw invalid(name, raw, secret, `it is not valid JSON (${(error as Error).message})`, 'fix the JSON syntax.');
    }
  });
}

export const input = { string, boolean, integer, enumOf, list, keyValues, json };

/**
 * Reads every input of a spec. Empty values fall back to the spec's default; a missing required input, or any
 * invalid value, throws one ConfigurationError that lists every problem at once.
 */
export function readInputs<S extends InputSpecs>(
  specs: S,
  source: InputSource,
  maskSecret: (secret: string) => void = mask,
): InputValues<S> {
  const values: Record<string, unknown> = {};
  const problems: ConfigurationError[] = [];
  for (const [name, s] of Object.entries(specs)) {
    const given = source(name).trim();
    // A default is action.yml's public text (such as an unexpanded `${{ github.token }}` outside a runner): only
    // what the workflow passed can be a secret.
    if (s.secret && given) maskSecret(given);
    const raw = given || s.default || '';
    if (raw === '') {
      if (s.required) {
        problems.push(
          new ConfigurationError(
            `Input "${name}" is required but was not set. Fix: add "${name}:" under "with:".`,
            name,
          ),
        );
      } else if (s.kind === 'list') {
        values[name] = [];
      } else if (s.kind === 'key-values') {
        values[name] = {};
      } else {
        values[name] = undefined;
      }
      continue;
    }
    try {
      values[name] = s.parse(raw, name);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(error);
    }
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    throw new ConfigurationError(
      `${problems.length} inputs are invalid:\n- ${problems.map((p) => p.message).join('\n- ')}`,
    );
  }
  return values as InputValues<S>;
}
