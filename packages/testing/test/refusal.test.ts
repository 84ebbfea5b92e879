import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@aws-delivery/action-kit';
import { refusalOf } from '@aws-delivery/testing';

describe('refusalOf', () => {
  const refuse = (input: string) => () => {
    throw new ConfigurationError(`${input} is wrong.`, input);
  };

  it('gives the message of a ConfigurationError that names the input', () => {
    expect(refusalOf(refuse('kubeconfig'), 'kubeconfig')).toBe('kubeconfig is wrong.');
  });

  it('fails when another input is named, another error is thrown, or nothing is', () => {
    expect(() => refusalOf(refuse('cluster-ca'), 'kubeconfig')).toThrow(
      'expected a ConfigurationError naming kubeconfig, got ConfigurationError: cluster-ca is wrong.',
    );
    expect(() =>
      refusalOf(() => {
        throw new TypeError('boom');
      }, 'kubeconfig'),
    ).toThrow('expected a ConfigurationError naming kubeconfig, got TypeError: boom');
    expect(() => refusalOf(() => 'fine', 'kubeconfig')).toThrow(
      'expected a ConfigurationError naming kubeconfig, but nothing was thrown',
    );
  });
});
