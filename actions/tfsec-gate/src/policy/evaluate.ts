import {
  evaluateGate,
  isExpired,
  type Breach,
  type ExpiredAcceptance,
  type Finding,
  type GatedFinding,
  type GateEvaluation,
  type SeverityCounts,
} from '@aws-delivery/findings';
import { canonicalRuleId, ruleKeys, ruleMatches } from '../rules/rule-ids.js';
import type { PolicyException, TfsecGatePolicy } from './gate-policy.js';
import { globToRegExp } from './glob.js';
import type { InlineIgnore } from './inline-ignores.js';

export interface Suppression {
  kind: 'exception' | 'inline-ignore' | 'scanner-ignore';
  reason: string;
  owner?: string;
  expires?: string;
  /** Where the decision is written: `main.tf:12` or `.tfsec-gate.yml exceptions[0]`. */
  origin?: string;
}

export type EvaluatedFinding = GatedFinding<Finding, Suppression>;

export type ProblemKind = 'expired-exception' | 'unused-exception' | 'ignore-without-expiry' | 'expired-ignore';

export interface PolicyProblem {
  kind: ProblemKind;
  message: string;
  /** The policy makes this problem fail the gate. */
  fails: boolean;
  file?: string;
  line?: number;
}

export interface Evaluation {
  findings: EvaluatedFinding[];
  /** Active (not suppressed) findings per severity, baseline ones included. */
  counts: SeverityCounts;
  /** Active findings not in the baseline, per severity. */
  newCounts: SeverityCounts;
  breaches: Breach[];
  problems: PolicyProblem[];
  passed: boolean;
  /** Why the gate failed, one sentence each; empty when it passed. */
  reasons: string[];
}

export interface EvaluationContext {
  policy: TfsecGatePolicy;
  ignores: readonly InlineIgnore[];
  isInBaseline: (finding: Finding) => boolean;
  /** Today, YYYY-MM-DD (UTC): an exception or ignore expiring today still holds. */
  today: string;
}

/** The findings an exception covers: its rule canonicalised once, its path globs compiled and answered once per file. */
function exceptionCoverage(exception: PolicyException): (finding: Finding) => boolean {
  const rule = exception.rule ? canonicalRuleId(exception.rule) : undefined;
  const globs = exception.paths.map(globToRegExp);
  const answers = new Map<string, boolean>();
  const inPaths = (file: string) => {
    if (globs.length === 0) return true;
    let answer = answers.get(file);
    if (answer === undefined) {
      answer = globs.some((glob) => glob.test(file));
      answers.set(file, answer);
    }
    return answer;
  };
  return (finding) => {
    if (exception.fingerprint && exception.fingerprint !== finding.fingerprint) return false;
    if (rule && rule !== finding.ruleId && !ruleKeys(finding).has(rule)) return false;
    if (exception.resource && exception.resource !== finding.resource) return false;
    return inPaths(finding.location.file);
  };
}

function exceptionSuppression(exception: PolicyException): Suppression {
  return {
    kind: 'exception',
    reason: exception.reason,
    owner: exception.owner,
    expires: exception.until,
    origin: exception.origin,
  };
}

/** The inline ignores that still hold in this workspace, by file. */
function liveIgnoresByFile(context: EvaluationContext): Map<string, InlineIgnore[]> {
  const byFile = new Map<string, InlineIgnore[]>();
  for (const ignore of context.ignores) {
    const live = !ignore.expires || (ignore.expiryValid && !isExpired(ignore.expires, context.today));
    const inWorkspace = !ignore.workspace || globToRegExp(ignore.workspace).test(context.policy.workspace);
    if (!live || !inWorkspace) continue;
    const list = byFile.get(ignore.file);
    if (list) list.push(ignore);
    else byFile.set(ignore.file, [ignore]);
  }
  return byFile;
}

function ignoreApplies(ignore: InlineIgnore, finding: Finding): boolean {
  if (ignore.rule !== '*' && !ruleMatches(finding, ignore.rule)) return false;
  const start = finding.location.startLine;
  if (start !== undefined && (start === ignore.appliesToLine || start === ignore.line)) return true;
  const resource = finding.resource;
  return Boolean(
    ignore.blockAddress &&
    resource &&
    (resource === ignore.blockAddress || resource.startsWith(`${ignore.blockAddress}.`)),
  );
}

function describeIgnore(ignore: InlineIgnore): string {
  return `#${ignore.text} at ${ignore.file}:${ignore.line}`;
}

/** An inline ignore comment, or the scanner's own ignore: settled before any exception is asked. */
function ignoreSuppression(finding: Finding, ignoresByFile: Map<string, InlineIgnore[]>): Suppression | undefined {
  const ignore = ignoresByFile.get(finding.location.file)?.find((i) => ignoreApplies(i, finding));
  if (!finding.ignoredByScanner && !ignore) return undefined;
  return {
    kind: finding.ignoredByScanner ? 'scanner-ignore' : 'inline-ignore',
    reason: ignore ? `inline ${describeIgnore(ignore)}` : `ignored by ${finding.tool.name} (inline comment)`,
    ...(ignore?.expires ? { expires: ignore.expires } : {}),
    ...(ignore ? { origin: `${ignore.file}:${ignore.line}` } : {}),
  };
}

const what = (e: PolicyException) => (e.rule ? `rule ${e.rule}` : `fingerprint ${e.fingerprint}`);

function expiredMessage({ acceptance: e, covering }: ExpiredAcceptance<PolicyException>): string {
  return `Exception ${e.origin} for ${what(e)} (owner ${e.owner}) expired on ${e.until}; it no longer suppresses ${covering} finding(s). Renew it with a new expiry or fix the findings.`;
}

/** Expired and unused exceptions, in the order the policy file lists them. */
function exceptionProblems(
  policy: TfsecGatePolicy,
  gate: GateEvaluation<Finding, PolicyException, Suppression>,
): PolicyProblem[] {
  const expired = new Map(gate.expired.map((e) => [e.acceptance, e]));
  const unused = new Set(gate.unused);
  return policy.exceptions.flatMap((e): PolicyProblem[] => {
    const lapsed = expired.get(e);
    if (lapsed) return [{ kind: 'expired-exception', message: expiredMessage(lapsed), fails: policy.failOnExpired }];
    if (!unused.has(e)) return [];
    const message = `Exception ${e.origin} for ${what(e)} (owner ${e.owner}) matches no finding; remove it if the finding is fixed.`;
    return [{ kind: 'unused-exception', message, fails: false }];
  });
}

function ignoreProblems({ policy, ignores, today }: EvaluationContext): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const i of ignores) {
    if (i.expires === undefined || !i.expiryValid) {
      const detail = i.expires === undefined ? 'has no :exp:' : `has :exp:${i.expires}, which is not a date`;
      problems.push({
        kind: 'ignore-without-expiry',
        message: `Inline ${describeIgnore(i)} ${detail}. Add :exp:YYYY-MM-DD so the ignore is reviewed.`,
        fails: policy.requireIgnoreExpiry,
        file: i.file,
        line: i.line,
      });
    } else if (isExpired(i.expires, today)) {
      problems.push({
        kind: 'expired-ignore',
        message: `Inline ${describeIgnore(i)} expired on ${i.expires} and no longer suppresses findings. Renew or remove it.`,
        fails: policy.failOnExpired,
        file: i.file,
        line: i.line,
      });
    }
  }
  return problems;
}

/**
 * The gate's decision: pure, from findings, policy, inline ignores, baseline and today's date. Inline ignores and
 * the scanner's own ignores come first, then the policy's exceptions; the shared gate model does the rest.
 */
export function evaluate(findings: readonly Finding[], context: EvaluationContext): Evaluation {
  const { policy } = context;
  const ignoresByFile = liveIgnoresByFile(context);
  const ofIgnores = ignoreProblems(context);
  const gate = evaluateGate(findings, {
    policy,
    acceptances: policy.exceptions,
    coverage: exceptionCoverage,
    suppression: exceptionSuppression,
    suppressedBy: (finding) => ignoreSuppression(finding, ignoresByFile),
    isInBaseline: context.isInBaseline,
    today: context.today,
    describeExpired: expiredMessage,
    problems: ofIgnores,
  });
  return {
    findings: gate.findings,
    counts: gate.activeCounts,
    newCounts: gate.newCounts,
    breaches: gate.breaches,
    problems: [...exceptionProblems(policy, gate), ...ofIgnores],
    passed: gate.passed,
    reasons: gate.reasons,
  };
}
