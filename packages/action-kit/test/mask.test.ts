import { describe, expect, it } from '@jest/globals';
import { redactText, redactUrl } from '@aws-delivery/action-kit';

describe('redaction', () => {
  it.each([
    ['http://alice:s%40cret@proxy.corp:3128', 'http://***:***@proxy.corp:3128'],
    ['http://alice:s%40cret@proxy.corp:3128/', 'http://***:***@proxy.corp:3128/'],
    ['http://token@proxy.corp:3128', 'http://***@proxy.corp:3128'],
    ['http://proxy.corp:3128', 'http://proxy.corp:3128'],
    ['not a url://bob:pw@host', 'not a url://***:***@host'],
  ])('redacts %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('replaces every occurrence of each secret', () => {
    expect(redactText('key=ABCD1234 again ABCD1234, short=ab', ['ABCD1234', 'ab', undefined])).toBe(
      'key=*** again ***, short=ab',
    );
  });
});
