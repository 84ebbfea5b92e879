import { burst, type Fault } from './faults.js';

/**
 * The fault cases every action's fault suite draws from: what goes wrong with the faulted operation, and what the
 * action must do about it. Pure data; suite.ts turns the cases an action declares into tests.
 */
export type FaultCaseId =
  | '503-burst'
  | '429-burst'
  | 'resets-before-headers'
  | 'reset-before-headers-then-mid-body'
  | 'reset-before-headers-then-truncated'
  | 'reset-mid-body-then-truncated'
  | 'latency'
  | 'persistent-503'
  | 'persistent-429'
  | 'rejected'
  | 'bare-400'
  | 'garbage'
  | 'persistent-truncated'
  | 'no-answer';

/** The cases that run the bundle as a runner does, not the step in-process. */
export type BundleCaseId = 'silent-proxy' | 'garbage-bundle';

/** Where a case's figures go in the summary table of docs/security.md. */
export type FigureColumn =
  | '503 burst of 2'
  | '429 burst of 2'
  | 'resets, truncation'
  | 'persistent 503 / 429'
  | '4xx'
  | 'garbage 200'
  | 'persistent truncation'
  | 'no answer (1 s timeout)'
  | 'proxy never answers CONNECT';

export interface FaultCase {
  /** The test's title. */
  title: string;
  /** The fault, as the figures name it. */
  label: string;
  /** `survive`: the step succeeds after the faults; `fail`: it fails, bounded in time. */
  outcome: 'survive' | 'fail';
  /** The faults for the faulted operation's requests. */
  faults: readonly Fault[];
  /** What every later request gets (default pass). */
  then?: Fault;
  /** The faulted operation's requests the case makes when the action behaves: `attempts` is the action's limit. */
  calls: (attempts: number) => number | undefined;
  /** Runs with the short request timeout (NO_ANSWER_TIMEOUT_SECONDS). */
  shortTimeout?: boolean;
  /** The answer is garbage: the error must be one line and no mask may come from the body. */
  garbage?: boolean;
  /** Its column in the summary table, if any. */
  column?: FigureColumn;
}

/** The request timeout of the cases that wait for an answer that never comes; the others keep the default. */
export const NO_ANSWER_TIMEOUT_SECONDS = 1;

/** Far above any bounded failure (5 attempts × 1 s + backoff): only a hang reaches it. */
export const ENDED_WITHIN_MS = 30_000;

const twice = (fault: Fault): Fault[] => [fault, fault];
const afterTwoFaults = () => 3;
const everyAttempt = (attempts: number) => attempts;
const oneCall = () => 1;

export const FAULT_CASES: Readonly<Record<Exclude<FaultCaseId, 'rejected'>, FaultCase>> = {
  '503-burst': {
    title: 'survives a 503 burst of 2: two retries',
    label: '503 burst of 2',
    outcome: 'survive',
    faults: burst(503, 2),
    calls: afterTwoFaults,
    column: '503 burst of 2',
  },
  '429-burst': {
    title: 'survives a 429 burst of 2: two retries',
    label: '429 burst of 2',
    outcome: 'survive',
    faults: burst(429, 2),
    calls: afterTwoFaults,
    column: '429 burst of 2',
  },
  'resets-before-headers': {
    title: 'survives two connection resets before the headers',
    label: '2 resets before headers',
    outcome: 'survive',
    faults: twice({ kind: 'reset-before-headers' }),
    calls: afterTwoFaults,
    column: 'resets, truncation',
  },
  'reset-before-headers-then-mid-body': {
    title: 'survives a reset before the headers and one mid-body',
    label: 'reset before headers, reset mid-body',
    outcome: 'survive',
    faults: [{ kind: 'reset-before-headers' }, { kind: 'reset-mid-body' }],
    calls: afterTwoFaults,
    column: 'resets, truncation',
  },
  'reset-before-headers-then-truncated': {
    title: 'survives a reset before the headers and a truncated body',
    label: 'reset before headers, truncated body',
    outcome: 'survive',
    faults: [{ kind: 'reset-before-headers' }, { kind: 'truncate' }],
    calls: afterTwoFaults,
    column: 'resets, truncation',
  },
  'reset-mid-body-then-truncated': {
    title: 'survives a reset mid-body and a truncated body',
    label: 'reset mid-body, truncated body',
    outcome: 'survive',
    faults: [{ kind: 'reset-mid-body' }, { kind: 'truncate' }],
    calls: afterTwoFaults,
    column: 'resets, truncation',
  },
  latency: {
    title: 'survives added latency below the request timeout',
    label: '300 ms latency',
    outcome: 'survive',
    faults: [{ kind: 'latency', ms: 300 }],
    calls: oneCall,
  },
  'persistent-503': {
    title: 'after a persistent 503, fails naming the operation, the status and the attempts',
    label: 'persistent 503',
    outcome: 'fail',
    faults: [],
    then: { kind: 'status', status: 503 },
    calls: everyAttempt,
    column: 'persistent 503 / 429',
  },
  'persistent-429': {
    title: 'after a persistent 429, fails naming the operation, the status and the attempts',
    label: 'persistent 429',
    outcome: 'fail',
    faults: [],
    then: { kind: 'status', status: 429 },
    calls: everyAttempt,
    column: 'persistent 503 / 429',
  },
  'bare-400': {
    title: 'does not retry a 400 whose body says nothing',
    label: '400 without a code',
    outcome: 'fail',
    faults: [],
    then: { kind: 'status', status: 400, body: 'bad request' },
    calls: oneCall,
    column: '4xx',
  },
  garbage: {
    title: 'fails cleanly on a garbage 200 body, on one line',
    label: 'garbage 200 body',
    outcome: 'fail',
    faults: [],
    then: { kind: 'garbage' },
    calls: () => undefined,
    garbage: true,
    column: 'garbage 200',
  },
  'persistent-truncated': {
    title: 'fails on a persistently truncated body, naming the attempts',
    label: 'persistent truncated body',
    outcome: 'fail',
    faults: [],
    then: { kind: 'truncate' },
    calls: everyAttempt,
    column: 'persistent truncation',
  },
  'no-answer': {
    title: 'fails within request-timeout-seconds on an endpoint that accepts and never answers',
    label: 'accept, never answer',
    outcome: 'fail',
    faults: [],
    then: { kind: 'hang' },
    calls: everyAttempt,
    shortTimeout: true,
    column: 'no answer (1 s timeout)',
  },
};

/** A 4xx the service sends (its own error document): never retried, one call. */
export function rejectedCase(label: string, answer: Extract<Fault, { kind: 'status' }>): FaultCase {
  return {
    title: `does not retry a ${label}`,
    label,
    outcome: 'fail',
    faults: [],
    then: answer,
    calls: oneCall,
    column: '4xx',
  };
}

export const BUNDLE_CASES: Readonly<Record<BundleCaseId, { title: string }>> = {
  'silent-proxy': { title: 'the bundle ends with one clear error when the proxy never answers CONNECT' },
  'garbage-bundle': { title: 'the bundle prints a garbage answer as nothing the runner would run' },
};
