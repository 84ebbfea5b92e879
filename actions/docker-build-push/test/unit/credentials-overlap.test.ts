// The repositories are prepared while the credentials (an ECR token) are fetched; failures read as before.
import { describe, expect, it } from '@jest/globals';
import { whileCredentialsAreFetched } from '../../src/run.js';

/** A promise with its resolve and reject. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('whileCredentialsAreFetched', () => {
  it('asks for the credentials before the repositories are done', async () => {
    const events: string[] = [];
    const repositories = deferred<string>();
    const result = whileCredentialsAreFetched(
      () => {
        events.push('repositories started');
        return repositories.promise;
      },
      async () => {
        events.push('credentials asked');
        return 'token';
      },
    );
    await Promise.resolve();
    expect(events).toEqual(['credentials asked', 'repositories started']);
    repositories.resolve('prepared');
    await expect(result).resolves.toEqual(['prepared', 'token']);
  });

  it("throws the repositories' error when both fail, whichever fails first", async () => {
    const credentialsFailed = Promise.reject(new Error('no token'));
    const result = whileCredentialsAreFetched(
      async () => {
        await credentialsFailed.catch(() => undefined); // the credentials fail first
        throw new Error('no repository');
      },
      () => credentialsFailed,
    );
    await expect(result).rejects.toThrow('no repository');
  });

  it("throws the credentials' error once the repositories are prepared", async () => {
    const result = whileCredentialsAreFetched(
      async () => 'prepared',
      async () => {
        throw new Error('no token');
      },
    );
    await expect(result).rejects.toThrow('no token');
  });
});
