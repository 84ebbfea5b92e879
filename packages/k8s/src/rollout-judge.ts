/**
 * The verdict on a rollout at one moment, from its kubectl-style status and the problems of its new pods: done,
 * failed (progress deadline exceeded; or hard pod problems — bad image, crash loop, OOM kill — that lasted the
 * grace period), or still waiting. Pure, so the watch loop and the tests share it.
 */
import type { PodProblem } from './pod-problems.js';
import type { RolloutStatus } from './rollout-status.js';

export type Verdict =
  | { state: 'done'; message: string; untracked?: boolean }
  | { state: 'failed'; reason: 'progress-deadline' | 'pod-errors'; message: string }
  | { state: 'waiting'; message: string; /** When to look again even if nothing changes. */ recheckAt?: number };

export interface JudgeInput {
  status: RolloutStatus;
  problems: readonly PodProblem[];
  /** Since when hard problems have been seen without a break (ms), or undefined. */
  hardSince: number | undefined;
  now: number;
  /** How long hard pod problems may last before the rollout fails; negative: never fail on them. */
  podErrorGraceMs: number;
}

export function judgeRollout(input: JudgeInput): Verdict {
  const { status } = input;
  if (status.done) return { state: 'done', message: status.message, ...(status.untracked ? { untracked: true } : {}) };
  if (status.failed) return { state: 'failed', reason: 'progress-deadline', message: status.message };
  const hard = input.problems.some((p) => p.hard);
  if (hard && input.hardSince !== undefined && input.podErrorGraceMs >= 0) {
    const failAt = input.hardSince + input.podErrorGraceMs;
    if (input.now >= failAt) {
      return {
        state: 'failed',
        reason: 'pod-errors',
        message: `${status.message.replace(/\.\.\.$/, '')}; pods of the new revision are failing`,
      };
    }
    return { state: 'waiting', message: status.message, recheckAt: failAt };
  }
  return { state: 'waiting', message: status.message };
}
