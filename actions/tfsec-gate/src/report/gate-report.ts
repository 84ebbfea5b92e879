import type { Evaluation } from '../policy/evaluate.js';
import type { TfsecGatePolicy } from '../policy/gate-policy.js';

/** Everything the reports are written from. */
export interface GateReport {
  tool: { name: string; version?: string };
  /** The scanned directory, relative to the workspace. */
  scanned: string;
  policy: TfsecGatePolicy;
  evaluation: Evaluation;
  /** Paths of the files written, relative to the workspace. */
  files: { sarif: string; report: string; junit: string; asff?: string };
}
