/**
 * How long an experiment is planned to take, and the overall timeout. The plan is the longest chain of actions
 * through `startAfter` (https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html), each lasting its
 * `duration` parameter (ISO 8601; actions without one count as instant). The timeout input takes `90s`, `30m`,
 * `1h30m` or ISO 8601 (`PT30M`); without it, the plan plus a margin.
 */
import { ConfigurationError } from '@aws-delivery/action-kit';
import type { ActionDefinition } from './fis-shapes.js';
import { INPUT } from './input-names.js';
import { isoDurationSeconds } from './iso-duration.js';

/** Time FIS needs around the actions (initiating, stopping); added to the plan for the default timeout. */
export const DEFAULT_TIMEOUT_MARGIN_SECONDS = 600;
/** GitHub stops a job after 6 hours (https://docs.github.com/en/actions/reference/limits); no timeout may be longer. */
export const MAX_TIMEOUT_SECONDS = 6 * 3600;

/** Seconds along the longest startAfter chain; a cycle (which FIS refuses) counts each action once. */
export function plannedSeconds(actions: Readonly<Record<string, ActionDefinition>>): number {
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const finishAt = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) return 0;
    visiting.add(name);
    const action = actions[name];
    const before = Math.max(0, ...(action?.startAfter ?? []).map(finishAt));
    const own = isoDurationSeconds(action?.parameters?.duration ?? '') ?? 0;
    visiting.delete(name);
    memo.set(name, before + own);
    return before + own;
  };
  return Math.max(0, ...Object.keys(actions).map(finishAt));
}

const SHORT = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** The timeout input in seconds; empty gives the plan plus the margin. */
export function timeoutSeconds(value: string, actions: Readonly<Record<string, ActionDefinition>>): number {
  const text = value.trim();
  if (!text) return Math.min(MAX_TIMEOUT_SECONDS, plannedSeconds(actions) + DEFAULT_TIMEOUT_MARGIN_SECONDS);
  const short = SHORT.exec(text.toLowerCase());
  const seconds = short
    ? Number(short[1] ?? 0) * 3600 + Number(short[2] ?? 0) * 60 + Number(short[3] ?? 0)
    : isoDurationSeconds(text.toUpperCase());
  if (seconds === undefined || !(seconds > 0) || seconds > MAX_TIMEOUT_SECONDS) {
    throw new ConfigurationError(
      `${INPUT.timeout} "${text}" is not a duration from 1 s to 6 h: write 90s, 30m, 1h30m or PT30M ` +
        "(empty: the template's planned time plus 10 minutes).",
      INPUT.timeout,
    );
  }
  const planned = plannedSeconds(actions);
  if (seconds < planned) {
    throw new ConfigurationError(
      `${INPUT.timeout} "${text}" (${seconds} s) is shorter than the template's actions take (${planned} s along ` +
        'the longest startAfter chain): every run would time out. Give more time.',
      INPUT.timeout,
    );
  }
  return seconds;
}
