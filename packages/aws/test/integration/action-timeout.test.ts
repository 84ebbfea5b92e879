// The overall action timeout names what the step was still waiting for: every agent packages/aws builds registers
// its requests with action-kit until they close, direct or through a proxy, over http and https.
import { request, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defineAction, input, runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { startSilentServer, type SilentServer } from '@aws-delivery/testing';
import { networkAgentFor } from '../../src/transport/network-agent.js';

/** A step that sends one GET to `url` with `agent` and waits for an answer that never comes, until aborted. */
function hangingStep(url: string, agent: Agent) {
  return defineAction({
    name: 'demo',
    inputs: { 'action-timeout-seconds': input.integer({ default: '1' }) },
    buildConfig: () => ({}),
    clients: () => ({}),
    run: (step) =>
      new Promise<string>((resolve) => {
        const send = url.startsWith('https:') ? httpsRequest : request;
        const sent = send(url, { agent, signal: step.signal }, () => resolve('answered'));
        sent.on('error', () => resolve('aborted'));
        sent.end();
      }),
  });
}

describe('the action timeout, while a request is under way', () => {
  let silent: SilentServer;
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(() => silent.close());

  const timeoutLine = (waiting: string) =>
    `demo: timed out after 1 s while waiting for ${waiting}. Raise the action's timeout input if the work ` +
    'legitimately takes longer.';

  it('names the endpoint of a direct request', async () => {
    const io = recordingRunner();
    const url = `${silent.url}/version`;
    await runMain(hangingStep(url, networkAgentFor(url, { env: {} })), { io });
    expect(io.lines('error')).toEqual([timeoutLine(`an answer from 127.0.0.1:${silent.port}`)]);
  });

  it.each(['http', 'https'])(
    'names the endpoint and the proxy, its password hidden, for an %s endpoint',
    async (scheme) => {
      const io = recordingRunner();
      const url = `${scheme}://sts.us-east-1.amazonaws.com:8443/`;
      const proxy = `http://ci:hunter2@127.0.0.1:${silent.port}`;
      await runMain(hangingStep(url, networkAgentFor(url, { proxy, env: {} })), { io });
      expect(io.lines('error')).toEqual([
        timeoutLine(
          `an answer from sts.us-east-1.amazonaws.com:8443 through proxy http://***:***@127.0.0.1:${silent.port}/ ` +
            '(from http-proxy)',
        ),
      ]);
    },
  );

  it('names nothing once the request has ended', async () => {
    const io = recordingRunner();
    const url = `${silent.url}/`;
    const agent = networkAgentFor(url, { env: {} });
    const ended = defineAction({
      ...hangingStep(url, agent),
      run: (step) =>
        new Promise<string>((resolve) => {
          const sent = request(url, { agent }, () => undefined);
          sent.on('error', () => undefined);
          sent.on('close', () => step.signal.addEventListener('abort', () => resolve('wound down')));
          sent.end();
          sent.destroy();
        }),
    });
    await runMain(ended, { io });
    expect(io.lines('error')).toEqual([
      "demo: timed out after 1 s. Raise the action's timeout input if the work legitimately takes longer.",
    ]);
  });
});
