/**
 * A fault HTTP(S) server and a fault forward proxy, for the fault suite: every action run through latency,
 * resets, 429/503 bursts, truncated and garbage bodies, answers that never come and a proxy that never answers
 * CONNECT. Tests only: no product code imports it.
 */
export { startFaultServer, type FaultServer, type FaultServerOptions } from './server.js';
export {
  startFaultProxy,
  type FaultProxy,
  type FaultProxyOptions,
  type ProxyFault,
  type ProxyRecord,
} from './proxy.js';
export {
  burst,
  GARBAGE_BODY,
  type Fault,
  type FaultRequest,
  type FaultScript,
  type RecordedRequest,
} from './faults.js';
export type { Answer } from './upstream.js';
export {
  FaultFigureLog,
  faultTable,
  writeFaultTable,
  type ActionFigures,
  type FaultFigures,
  type MeasuredCase,
} from './figures.js';
export {
  ENDED_WITHIN_MS,
  FAULT_CASES,
  NO_ANSWER_TIMEOUT_SECONDS,
  type FaultCase,
  type FaultCaseId,
  type FigureColumn,
} from './cases.js';
export {
  faultSuite,
  noAnswerWithin,
  timeoutInputs,
  type CaseExpectation,
  type FaultRun,
  type FaultStep,
  type FaultSuiteSpec,
  type RejectedExpectation,
  type Texts,
} from './suite.js';
export { simulateBehindSilentProxy, type SilentProxyRun } from './silent-proxy-step.js';
