import type { SimulateStepOptions } from '../runner/simulate.js';
import {
  BUNDLE_CASES,
  ENDED_WITHIN_MS,
  FAULT_CASES,
  NO_ANSWER_TIMEOUT_SECONDS,
  rejectedCase,
  type FaultCase,
  type FaultCaseId,
} from './cases.js';
import type { Fault, FaultRequest } from './faults.js';
import { FaultFigureLog, type MeasuredCase } from './figures.js';
import type { FaultServer } from './server.js';
import { simulateBehindSilentProxy } from './silent-proxy-step.js';
import { simulateStep } from '../runner/simulate.js';

/** Jest's globals, loaded only inside Jest (`@jest/globals` throws anywhere else, and index.ts is shared). */
const jestGlobals = await import('@jest/globals').catch(() => undefined);

/** What one run of the step (or of the action's API) gave: the error is '' when it succeeded. */
export interface FaultRun {
  ok: boolean;
  error: string;
  /** The values the step masked, when it ran with a recording runner. */
  masks?: readonly string[];
}

/** What the run is asked for: the short request timeout, in the no-answer cases. */
export interface FaultStep {
  requestTimeoutSeconds?: number;
}

/** Texts the error must hold: each string as a part of it, each RegExp matching it. */
export type Texts = readonly (string | RegExp)[];
type TextsOf<C> = Texts | ((context: C) => Texts);

/** What an action promises in one case, beyond what the case itself asserts. */
export interface CaseExpectation<R extends FaultRun> {
  /** Texts the error holds. */
  error?: TextsOf<FaultServer>;
  /** The whole error, when it is known exactly. */
  errorIs?: string | ((server: FaultServer) => string);
  /** The faulted operation's calls, where the case does not fix them (a garbage answer). */
  calls?: number;
  /** Further checks of the run (outputs, masks). */
  also?: (run: R & MeasuredCase) => void;
}

/** A 4xx the service sends, with its own error document. */
export interface RejectedExpectation<R extends FaultRun> extends CaseExpectation<R> {
  /** The answer as the figures and the test title name it (`403 AccessDenied`). */
  label: string;
  answer: Extract<Fault, { kind: 'status' }>;
}

export type CaseExpectations<R extends FaultRun> = {
  [Id in Exclude<FaultCaseId, 'rejected'>]?: CaseExpectation<R>;
} & { rejected?: RejectedExpectation<R> | readonly RejectedExpectation<R>[] };

/** The bundle run as a runner runs it, behind a proxy that accepts and never answers CONNECT. */
export interface SilentProxyExpectation {
  /** The step; `timeoutInputs` holds the short request timeout. */
  step: (proxyUrl: string, timeoutInputs: Record<string, string>) => SimulateStepOptions;
  /** Texts its one error annotation holds. */
  error: (proxyUrl: string) => Texts;
}

/** One action's fault suite (or one operation of it): its setup and its expectations, case by case. */
export interface FaultSuiteSpec<R extends FaultRun> {
  action: string;
  /** The faulted operation, as the summary names it: `STS AssumeRole (moto)`. */
  operation: string;
  /** Put before each figure's label when an action has several faulted operations (`S3 PutObject`). */
  labelPrefix?: string;
  /** The fault server in front of the service (started in the file's beforeAll). */
  server: () => FaultServer;
  /** The faulted operation's requests (default every request). */
  match?: (request: FaultRequest) => boolean;
  /** The action's attempts per request. */
  attempts: number;
  /** Runs the step once against the fault server. */
  run: (step: FaultStep) => Promise<R>;
  /** Shared by an action's suites, so that one table holds all its figures. */
  figures?: FaultFigureLog;
  /** The content type of the garbage answer (default application/json). */
  garbageContentType?: string;
  cases: CaseExpectations<R>;
  bundle?: {
    'silent-proxy'?: SilentProxyExpectation;
    /** The step whose faulted operation gets a garbage answer. */
    'garbage-bundle'?: { step: () => SimulateStepOptions };
  };
}

/** The inputs that give the short request timeout (request-timeout-seconds). */
export function timeoutInputs(step: FaultStep): Record<string, string> {
  return step.requestTimeoutSeconds === undefined
    ? {}
    : { 'request-timeout-seconds': String(step.requestTimeoutSeconds) };
}

/**
 * How packages/aws's transport (which every action but eks-deploy's Kubernetes client uses) says that the fault
 * server accepted a request and never answered within the short request timeout.
 */
export function noAnswerWithin(server: FaultServer): string {
  return `No answer from 127.0.0.1:${server.port} within the ${NO_ANSWER_TIMEOUT_SECONDS * 1000} ms request timeout`;
}

const SHORT_TIMEOUT = timeoutInputs({ requestTimeoutSeconds: NO_ANSWER_TIMEOUT_SECONDS });

function garbageFault(contentType: string | undefined): Fault {
  return { kind: 'garbage', ...(contentType ? { contentType } : {}) };
}

function resolve<C>(texts: TextsOf<C> | undefined, context: C): Texts {
  if (texts === undefined) return [];
  return typeof texts === 'function' ? texts(context) : texts;
}

function expectTexts(error: string, texts: Texts): void {
  const { expect } = jestGlobals!;
  for (const text of texts) {
    if (typeof text === 'string') expect(error).toContain(text);
    else expect(error).toMatch(text);
  }
}

type Declared<R extends FaultRun> = { id: FaultCaseId; fault: FaultCase; expectation: CaseExpectation<R> };

/** The declared cases, in the order the spec lists them. */
function declaredCases<R extends FaultRun>(cases: CaseExpectations<R>): Declared<R>[] {
  return Object.entries(cases).flatMap(([id, expectation]): Declared<R>[] => {
    if (id === 'rejected') {
      const rejections = [expectation as RejectedExpectation<R> | readonly RejectedExpectation<R>[]].flat();
      return rejections.map((rejection) => ({
        id: 'rejected',
        fault: rejectedCase(rejection.label, rejection.answer),
        expectation: rejection,
      }));
    }
    const known = id as Exclude<FaultCaseId, 'rejected'>;
    return [{ id: known, fault: FAULT_CASES[known], expectation: expectation as CaseExpectation<R> }];
  });
}

/** What every action owes in a case, and what this one declares for it. */
function expectCase<R extends FaultRun>(
  fault: FaultCase,
  expectation: CaseExpectation<R>,
  attempts: number,
  run: R & MeasuredCase,
  server: FaultServer,
): void {
  const { expect } = jestGlobals!;
  if (fault.outcome === 'survive') {
    expect(run.error).toBe('');
    expect(run.ok).toBe(true);
  } else {
    expect(run.ok).toBe(false);
  }
  const calls = expectation.calls ?? fault.calls(attempts);
  if (calls !== undefined) expect(run.calls).toBe(calls);
  expect(run.elapsedMs).toBeLessThan(ENDED_WITHIN_MS);
  if (expectation.errorIs !== undefined)
    expect(run.error).toBe(
      typeof expectation.errorIs === 'function' ? expectation.errorIs(server) : expectation.errorIs,
    );
  expectTexts(run.error, resolve(expectation.error, server));
  if (fault.garbage) {
    // The server's line breaks are gone, so none of its `::` lines can start a line of the log.
    expect(run.error).not.toMatch(/[\r\n]/);
    expect(run.masks ?? []).not.toContain('fault');
  }
}

/**
 * Declares an action's fault cases as tests, in the current `describe`: each case puts its faults on the
 * faulted operation, runs the step, records calls, retries and time in the action's figures, and asserts what
 * every action owes (success with no error after a burst or reset; a failure within ENDED_WITHIN_MS, with the
 * calls the case allows; a garbage answer's error on one line, no mask from its body) and what this action
 * declares (its error texts, further checks). The bundle cases run the built bundle as a runner does.
 */
export function faultSuite<R extends FaultRun>(spec: FaultSuiteSpec<R>): void {
  if (jestGlobals === undefined) throw new Error('faultSuite only works inside a Jest test file');
  const { afterAll, expect, it } = jestGlobals;
  const figures = spec.figures ?? new FaultFigureLog(spec.action);
  const prefix = spec.labelPrefix === undefined ? '' : `${spec.labelPrefix}: `;
  const match = spec.match ?? (() => true);
  const place = { operation: spec.operation };
  afterAll(() => figures.write());

  for (const { fault, expectation } of declaredCases(spec.cases)) {
    figures.plan();
    it(fault.title, async () => {
      const server = spec.server();
      server.reset();
      const then = fault.garbage ? garbageFault(spec.garbageContentType) : fault.then;
      server.setFaults({ faults: fault.faults, ...(then ? { then } : {}), match });
      let outcome: R | undefined;
      const measured = await figures.measure(
        `${prefix}${fault.label}`,
        async () => {
          outcome = await spec.run(fault.shortTimeout ? { requestTimeoutSeconds: NO_ANSWER_TIMEOUT_SECONDS } : {});
          return outcome.ok;
        },
        () => server.requests().filter(match).length,
        { ...place, ...(fault.column ? { column: fault.column } : {}) },
      );
      const run = { ...outcome!, ...measured };
      expectCase(fault, expectation, spec.attempts, run, server);
      expectation.also?.(run);
      figures.casePassed();
    });
  }

  const silentProxy = spec.bundle?.['silent-proxy'];
  if (silentProxy) {
    figures.plan();
    it(BUNDLE_CASES['silent-proxy'].title, async () => {
      const run = await simulateBehindSilentProxy((proxyUrl) => ({
        timeoutMs: ENDED_WITHIN_MS,
        ...silentProxy.step(proxyUrl, SHORT_TIMEOUT),
      }));
      figures.addSilentProxyRun(run, { ...place, column: 'proxy never answers CONNECT' });
      expect(run.result.timedOut).toBe(false);
      expect(run.result.exitCode).toBe(1);
      expect(run.connections).toBeGreaterThanOrEqual(1);
      const errors = run.result.annotations.filter((a) => a.level === 'error').map((a) => a.message);
      expect(errors).toHaveLength(1);
      expectTexts(errors[0]!, silentProxy.error(run.proxyUrl));
      figures.casePassed();
    });
  }

  const garbageBundle = spec.bundle?.['garbage-bundle'];
  if (garbageBundle) {
    figures.plan();
    it(BUNDLE_CASES['garbage-bundle'].title, async () => {
      const server = spec.server();
      server.reset();
      server.setFaults({ then: garbageFault(spec.garbageContentType), match });
      const result = await simulateStep({ timeoutMs: ENDED_WITHIN_MS, post: false, ...garbageBundle.step() });
      expect(result.exitCode).toBe(1);
      expect(result.annotations.map((a) => a.level)).toEqual(['error']);
      expect(result.masks).not.toContain('fault');
      figures.casePassed();
    });
  }
}
