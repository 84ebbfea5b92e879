import { describe, expect, it } from '@jest/globals';
import { describeRoute } from '../src/transport/network-agent.js';

describe('describeRoute', () => {
  const proxy = 'http://user:secret@proxy.corp:3128';

  it('says when no proxy is set', () => {
    expect(describeRoute('https://api.example:6443', { env: {} })).toBe('directly (no proxy is set)');
  });

  it('names the proxy, redacted, and says NO_PROXY does not match the host', () => {
    const route = describeRoute('https://ABC.gr7.eu-west-1.eks.amazonaws.com', {
      env: { HTTPS_PROXY: proxy, NO_PROXY: '.internal' },
    });
    expect(route).toMatch(
      /^through the proxy http:\/\/\*\*\*:\*\*\*@proxy\.corp:3128\/? \(from HTTPS_PROXY\); NO_PROXY/,
    );
    expect(route).toContain('does not match abc.gr7.eu-west-1.eks.amazonaws.com');
    expect(route).not.toContain('secret');
  });

  it('says NO_PROXY matched and the proxy was bypassed', () => {
    const route = describeRoute('https://k8s.cluster.internal:6443', { proxy, noProxy: '.internal' });
    expect(route).toMatch(
      /^directly: NO_PROXY \(from .+\) matches k8s\.cluster\.internal, so the proxy http:\/\/\*\*\*:\*\*\*@proxy\.corp:3128\/? is not used$/,
    );
  });
});
