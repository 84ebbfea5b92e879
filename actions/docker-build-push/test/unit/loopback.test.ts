import { describe, expect, it } from '@jest/globals';
import { isLoopbackHost } from '../../src/refs/loopback.js';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1:5000', true],
    ['127.1.2.3', true],
    ['localhost:5000', true],
    ['[::1]:5000', true],
    ['128.0.0.1:5000', false],
    ['ghcr.io', false],
    ['localhost.example.com', false],
  ])('%s -> %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected));
});
