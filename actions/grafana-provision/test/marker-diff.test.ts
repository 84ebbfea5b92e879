/** The ownership marker's text form and the short field-level diff. */
import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from '../src/canonical-json.js';
import { diffFields, shortValue } from '../src/diff.js';
import { dashboardMarker, formatRecord, isMarkerTag, isOwnedUid, OWNER_TAG, parseRecord } from '../src/marker.js';
import { parseDurationSeconds } from '../src/rule-json.js';

describe('marker', () => {
  it('formats and parses the record of a write; anything else is not a record', () => {
    expect(formatRecord({ version: 12, hash: 'abcdef012345' })).toBe('gp:12:abcdef012345');
    expect(parseRecord('gp:12:abcdef012345')).toEqual({ version: 12, hash: 'abcdef012345' });
    for (const text of ['gp:12:ABCDEF012345', 'gp:x:abcdef012345', 'gp:1:abc', 'payments', 42, undefined])
      expect(parseRecord(text)).toBeUndefined();
  });

  it('reads ownership and the record from dashboard tags', () => {
    expect(dashboardMarker(['a', OWNER_TAG, 'gp:3:abcdef012345'])).toEqual({
      owned: true,
      record: { version: 3, hash: 'abcdef012345' },
    });
    expect(dashboardMarker(['a'])).toEqual({ owned: false });
    expect(isMarkerTag('a')).toBe(false);
    expect(isOwnedUid('gp-platform-1a2b3c4d')).toBe(true);
    expect(isOwnedUid('platform')).toBe(false);
  });
});

describe('diffFields', () => {
  it('names changed paths in objects and same-length arrays; longer values are cut', () => {
    const from = { title: 'A', panels: [{ title: 'x' }, { title: 'y' }], refresh: '5s' };
    const to = { title: 'A', panels: [{ title: 'x' }, { title: 'z'.repeat(60) }], time: { from: 'now-1h' } };
    expect(diffFields(from, to)).toEqual([
      { field: 'panels[1].title', from: '"y"', to: `"${'z'.repeat(38)}…` },
      { field: 'refresh', from: '"5s"' },
      { field: 'time', to: '{"from":"now-1h"}' },
    ]);
  });

  it('reports an array that changed length as a whole, and caps the list', () => {
    expect(diffFields({ a: [1] }, { a: [1, 2] })).toEqual([{ field: 'a', from: '[1]', to: '[1,2]' }]);
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    expect(diffFields({}, many, { limit: 3 })).toHaveLength(4);
    expect(diffFields({}, many, { limit: 3 }).at(-1)).toEqual({ field: '… 7 more' });
    expect(shortValue(undefined)).toBe('∅');
  });
});

describe('helpers', () => {
  it('orders keys canonically and parses durations', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
    expect(parseDurationSeconds('1m30s')).toBe(90);
    expect(parseDurationSeconds('5m')).toBe(300);
    expect(parseDurationSeconds('5 minutes')).toBeUndefined();
  });
});
