import { describe, expect, it } from '@jest/globals';
import { quote } from '@aws-delivery/action-kit';

describe('quote', () => {
  it('quotes a value on one line, line breaks and control characters escaped', () => {
    expect(quote('a\nb\r\u0007"c"')).toBe('"a\\nb\\r\\u0007\\"c\\""');
  });

  it('cuts a long value and says how long it was', () => {
    expect(quote('x'.repeat(61))).toBe(`"${'x'.repeat(60)}"… (61 characters)`);
    expect(quote('abcdef', 3)).toBe('"abc"… (6 characters)');
    expect(quote('x'.repeat(60))).toBe(`"${'x'.repeat(60)}"`);
  });
});
