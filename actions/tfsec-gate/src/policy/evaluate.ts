import {
  atLeast,
  emptyCounts,
  SEVERITIES,
  type Finding,
  type Severity,
  type SeverityCounts,
} from '@aws-delivery/findings';
import { canonicalRuleId, ruleKeys, ruleMatches } from '../rules/rule-ids.js';
import type { GatePolicy, PolicyException } from './gate-policy.js';
import { globToRegExp } from './glob.js';
import type { InlineIgnore } from './inline-ignores.js';
import { limitFor } from './merge-policy.js';

export interface Suppression {
  kind: 'exception' | 'inline-ignore' | 'scanner-ignore';
  reason: string;
  owner?: string;
  expires?: string;
  /** Where the decision is written: `main.tf:12` or `.tfsec-gate.yml exceptions[0]`. */
  origin?: string;
}

/** failing: new and over its severity's limit; reported: active at or above report-threshold; hidden: below it. */
export type Disposition = 'failing' | 'reported' | 'hidden' | 'suppressed';

export interface EvaluatedFinding {
  finding: Finding;
  disposition: Disposition;
  /** Not in the baseline. */
  isNew: boolean;
  suppression?: Suppression;
}

export type ProblemKind = 'expired-exception' | 'unused-exception' | 'ignore-without-expiry' | 'expired-ignore';

export interface PolicyProblem {
  kind: ProblemKind;
  message: string;
  /** The policy makes this problem fail the gate. */
  fails: boolean;
  file?: string;
  line?: number;
}

export interface Breach {
  severity: Severity;
  count: number;
  limit: number;
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
  policy: GatePolicy;
  ignores: readonly InlineIgnore[];
  isInBaseline: (finding: Finding) => boolean;
  /** Today, YYYY-MM-DD (UTC): an exception or ignore expiring today still holds. */
  today: string;
}

/** An exception with its rule canonicalised and its path globs compiled and answered once per file. */
interface PreparedException {
  exception: PolicyException;
  rule?: string;
  inPaths: (file: string) => boolean;
}

function prepareException(exception: PolicyException): PreparedException {
  const globs = exception.paths.map(globToRegExp);
  const answers = new Map<string, boolean>();
  return {
    exception,
    ...(exception.rule ? { rule: canonicalRuleId(exception.rule) } : {}),
    inPaths(file) {
      if (globs.length === 0) return true;
      let answer = answers.get(file);
      if (answer === undefined) {
        answer = globs.some((glob) => glob.test(file));
        answers.set(file, answer);
      }
      return answer;
    },
  };
}

/** Inline ignores and exceptions prepared once: indexed by file, globs compiled, expired ones left out. */
interface Matchers {
  ignoresByFile: Map<string, InlineIgnore[]>;
  exceptions: PreparedException[];
  workspace: string;
}

function prepare(context: EvaluationContext): Matchers {
  const ignoresByFile = new Map<string, InlineIgnore[]>();
  for (const ignore of context.ignores) {
    const live = !ignore.expires || (ignore.expiryValid && !isExpired(ignore.expires, context.today));
    const inWorkspace = !ignore.workspace || globToRegExp(ignore.workspace).test(context.policy.workspace);
    if (!live || !inWorkspace) continue;
    const list = ignoresByFile.get(ignore.file);
    if (list) list.push(ignore);
    else ignoresByFile.set(ignore.file, [ignore]);
  }
  const exceptions = context.policy.exceptions
    .filter((e) => !isExpired(e.expires, context.today))
    .map(prepareException);
  return { ignoresByFile, exceptions, workspace: context.policy.workspace };
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

function exceptionApplies(prepared: PreparedException, finding: Finding): boolean {
  const { exception, rule } = prepared;
  if (exception.fingerprint && exception.fingerprint !== finding.fingerprint) return false;
  if (rule && rule !== finding.ruleId && !ruleKeys(finding).has(rule)) return false;
  if (exception.resource && exception.resource !== finding.resource) return false;
  return prepared.inPaths(finding.location.file);
}

const isExpired = (expires: string, today: string) => expires < today;

function describeIgnore(ignore: InlineIgnore): string {
  return `#${ignore.text} at ${ignore.file}:${ignore.line}`;
}

function suppressionFor(finding: Finding, matchers: Matchers, used: Set<PolicyException>): Suppression | undefined {
  const ignore = matchers.ignoresByFile.get(finding.location.file)?.find((i) => ignoreApplies(i, finding));
  if (finding.ignoredByScanner || ignore) {
    return {
      kind: finding.ignoredByScanner ? 'scanner-ignore' : 'inline-ignore',
      reason: ignore ? `inline ${describeIgnore(ignore)}` : `ignored by ${finding.tool.name} (inline comment)`,
      ...(ignore?.expires ? { expires: ignore.expires } : {}),
      ...(ignore ? { origin: `${ignore.file}:${ignore.line}` } : {}),
    };
  }
  const match = matchers.exceptions.find((e) => exceptionApplies(e, finding));
  if (!match) return undefined;
  const exception = match.exception;
  used.add(exception);
  return {
    kind: 'exception',
    reason: exception.reason,
    owner: exception.owner,
    expires: exception.expires,
    origin: exception.origin,
  };
}

function problemsOf(
  context: EvaluationContext,
  used: Set<PolicyException>,
  findings: readonly Finding[],
): PolicyProblem[] {
  const { policy, ignores, today } = context;
  const problems: PolicyProblem[] = [];
  for (const e of policy.exceptions) {
    const what = e.rule ? `rule ${e.rule}` : `fingerprint ${e.fingerprint}`;
    if (isExpired(e.expires, today)) {
      const prepared = prepareException(e);
      const matching = findings.filter((f) => exceptionApplies(prepared, f)).length;
      problems.push({
        kind: 'expired-exception',
        message: `Exception ${e.origin} for ${what} (owner ${e.owner}) expired on ${e.expires}; it no longer suppresses ${matching} finding(s). Renew it with a new expiry or fix the findings.`,
        fails: policy.failOnExpired,
      });
    } else if (!used.has(e)) {
      problems.push({
        kind: 'unused-exception',
        message: `Exception ${e.origin} for ${what} (owner ${e.owner}) matches no finding; remove it if the finding is fixed.`,
        fails: false,
      });
    }
  }
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

/** The gate's decision: pure, from findings, policy, inline ignores, baseline and today's date. */
export function evaluate(findings: readonly Finding[], context: EvaluationContext): Evaluation {
  const used = new Set<PolicyException>();
  const matchers = prepare(context);
  const counts = emptyCounts();
  const newCounts = emptyCounts();
  // One object per finding, made once; its disposition is settled when the counts are known.
  const evaluated: EvaluatedFinding[] = findings.map((finding) => {
    const suppression = suppressionFor(finding, matchers, used);
    const isNew = !suppression && !context.isInBaseline(finding);
    if (!suppression) counts[finding.severity] += 1;
    if (isNew) newCounts[finding.severity] += 1;
    return { finding, isNew, ...(suppression ? { suppression } : {}), disposition: 'suppressed' };
  });
  const breaches = SEVERITIES.map((severity) => ({
    severity,
    count: newCounts[severity],
    limit: limitFor(context.policy, severity),
  })).filter((b) => b.count > b.limit);
  const breached = new Set(breaches.map((b) => b.severity));
  for (const f of evaluated) {
    if (f.suppression) continue;
    f.disposition =
      f.isNew && breached.has(f.finding.severity)
        ? 'failing'
        : atLeast(f.finding.severity, context.policy.reportThreshold)
          ? 'reported'
          : 'hidden';
  }
  const problems = problemsOf(context, used, findings);
  const reasons = [
    ...breaches.map(
      (b) => `${b.count} new ${b.severity} finding(s), ${b.limit === 0 ? 'none' : `at most ${b.limit}`} allowed`,
    ),
    ...problems.filter((p) => p.fails).map((p) => p.message),
  ];
  return { findings: evaluated, counts, newCounts, breaches, problems, passed: reasons.length === 0, reasons };
}
