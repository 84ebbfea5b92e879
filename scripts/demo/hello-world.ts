// Demo stage: the smallest action, run from its bundle the way a runner runs it (main, then post with the state).
import { simulateStep } from '@aws-delivery/testing';
import type { StageResult } from './context.js';

export async function demo(): Promise<StageResult> {
  const result = await simulateStep({ action: 'hello-world', inputs: { who: 'platform team' } });
  return {
    summary: result.summary,
    ok: result.exitCode === 0 && result.post?.exitCode === 0,
    lines: [
      `output greeting: ${result.outputs.greeting}`,
      `post step: ${result.post?.stdout.trim().split('\n').at(-1) ?? 'did not run'}`,
    ],
  };
}
