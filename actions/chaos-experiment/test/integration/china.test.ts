/**
 * The China rule through the whole skeleton: FIS has no endpoint in aws-cn
 * (https://docs.aws.amazon.com/general/latest/gr/fis.html), so the step fails, or skips with a notice, before any
 * client exists or any call is made.
 */
import { describe, expect, it } from '@jest/globals';
import { runMain } from '@aws-delivery/action-kit';
import { recordingRunner } from '@aws-delivery/action-kit/recording';
import { chaosExperiment } from '../../src/action.js';

describe('chaos-experiment in aws-cn', () => {
  const clients = (config: { region: string }) => {
    throw new Error(`clients made for ${config.region}`);
  };

  it('fails before any call, saying FIS is not offered there', async () => {
    const io = recordingRunner({ inputs: { 'template-id': 'EXTabc123' }, env: { AWS_REGION: 'cn-north-1' } });
    const outcome = await runMain(chaosExperiment, { io, clients });
    expect(outcome?.ok).toBe(false);
    expect(io.lines('error')).toEqual([
      expect.stringMatching(
        /^chaos-experiment: AWS Fault Injection Service is not offered in .* \(partition aws-cn, region cn-north-1\)/,
      ),
    ]);
    expect(io.recorded.state).toEqual({});
  });

  it('skips with a notice when unsupported-partition is skip, and still makes no client', async () => {
    let made = 0;
    const io = recordingRunner({
      inputs: { 'template-id': 'EXTabc123', region: 'cn-northwest-1', 'unsupported-partition': 'skip' },
    });
    const outcome = await runMain(chaosExperiment, {
      io,
      clients: () => {
        made += 1;
        return {} as never;
      },
    });
    expect(outcome).toEqual({ ok: true, result: { skipped: true } });
    expect(made).toBe(1);
    expect(io.lines('notice')).toEqual([expect.stringMatching(/not offered in .*The experiment was skipped/)]);
    expect(io.recorded.outputs.state).toBe('skipped');
  });

  it('works in aws-us-gov (no refusal): the configuration is built for GovCloud', async () => {
    const io = recordingRunner({ inputs: { 'template-id': 'EXTabc123', region: 'us-gov-west-1' } });
    const outcome = await runMain(chaosExperiment, { io, clients });
    expect(io.lines('error')).toEqual(['chaos-experiment: clients made for us-gov-west-1']);
    expect(outcome?.ok).toBe(false);
  });
});
