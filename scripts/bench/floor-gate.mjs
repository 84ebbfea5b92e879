// The floor for tfsec-gate: the least one single-threaded Node process can do for the gate's work on the bench's
// report. It reads the Trivy report, JSON.parses it whole, makes the findings with the gate's fingerprints
// (packages/findings/src/fingerprint.ts), and writes the gate's four reports (SARIF, ASFF, JUnit, report JSON) with
// the same bytes, by template strings, JSON.stringify for every string, one write per 64 KiB. What the bench's inputs
// fix is fixed here: fail-on high, report everything from low, no baseline, no exceptions or inline ignores, the
// scanned directory is the workspace, Targets are clean relative paths and resources plain addresses, the texts fit
// ASFF's limits. No input checks, no errors explained. The bench checks its files against the gate's every run, so
// it can never measure less work than the gate does; the gate's time over this one's is its overhead.
//
// node scripts/bench/floor-gate.mjs <trivy.json> <output folder> <ISO time> <rules.json>
// rules.json: the canonical id and aliases of each scanner id, as the gate's rule table gives them:
// {"AWS-0086": {"ruleId": "AWS-0086", "aliases": ["AVD-AWS-0086", ...]}, ...}
import { isAscii } from 'node:buffer';
import { hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const [reportPath, outDir, observedAt, rulesPath] = process.argv.slice(2);
const RULES = JSON.parse(readFileSync(rulesPath, 'utf8'));
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const q = JSON.stringify;

// Severities: Trivy's word, ours, the SARIF level and score, the ASFF label and score, whether fail-on high fails it.
const SEVERITY = {
  CRITICAL: { name: 'critical', level: 'error', score: '9.5', normalized: 90, rank: 4, fails: true },
  HIGH: { name: 'high', level: 'error', score: '8.0', normalized: 70, rank: 3, fails: true },
  MEDIUM: { name: 'medium', level: 'warning', score: '5.5', normalized: 40, rank: 2, fails: false },
  LOW: { name: 'low', level: 'note', score: '2.0', normalized: 1, rank: 1, fails: false },
};
for (const [label, s] of Object.entries(SEVERITY)) s.label = label;

// Read and parse.
const bytes = readFileSync(reportPath);
const data = JSON.parse(isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8'));
const version = data.Trivy.Version;
const tool = { name: 'trivy', version };

// The findings, with their fingerprints: the hash of rule, file and resource; a second finding of the same key is
// told apart by its order (by start line, then position).
const findings = [];
for (const target of data.Results) {
  const file = target.Target;
  for (const m of target.Misconfigurations ?? []) {
    if (m.Status !== 'FAIL') continue;
    const rule = RULES[m.ID];
    const cause = m.CauseMetadata;
    findings.push({
      rule,
      severity: SEVERITY[m.Severity],
      m,
      file,
      startLine: cause.StartLine,
      endLine: cause.EndLine,
      resource: cause.Resource,
      fingerprint: hash('sha256', `v1\0${rule.ruleId.toLowerCase()}\0${file}\0${cause.Resource}`, 'hex').slice(0, 32),
    });
  }
}
const byHash = new Map();
const repeated = new Map();
findings.forEach((f, i) => {
  const first = byHash.get(f.fingerprint);
  if (first === undefined) byHash.set(f.fingerprint, i);
  else repeated.set(f.fingerprint, [...(repeated.get(f.fingerprint) ?? [first]), i]);
});
for (const indexes of repeated.values()) {
  indexes.sort((a, b) => findings[a].startLine - findings[b].startLine || a - b);
  const f0 = findings[indexes[0]];
  const key = `v1\0${f0.rule.ruleId.toLowerCase()}\0${f0.file}\0${f0.resource}`;
  indexes.forEach((index, n) => {
    findings[index].fingerprint = hash('sha256', n ? `${key}\0${n}` : key, 'hex').slice(0, 32);
  });
}

// The policy: counts per severity, and critical or high ones fail.
const counts = { critical: 0, high: 0, medium: 0, low: 0, informational: 0 };
for (const f of findings) counts[f.severity.name]++;
const breaches = ['critical', 'high']
  .filter((s) => counts[s])
  .map((s) => ({ severity: s, count: counts[s], limit: 0 }));
const reasons = breaches.map((b) => `${b.count} new ${b.severity} finding(s), none allowed`);

/** Writes pieces to a file, joined 64 KiB at a time (a string grown by += costs far more to write). */
function writeFile(name, pieces) {
  const fd = openSync(join(outDir, name), 'w');
  let buffer = [];
  let size = 0;
  for (const piece of pieces) {
    buffer.push(piece);
    size += piece.length;
    if (size >= 65536) {
      writeSync(fd, buffer.join(''));
      buffer = [];
      size = 0;
    }
  }
  writeSync(fd, buffer.join(''));
  closeSync(fd);
}
mkdirSync(outDir, { recursive: true });

// SARIF: one rule per rule id (sorted), rated by its most severe finding.
const worst = new Map();
for (const f of findings) {
  const seen = worst.get(f.rule.ruleId);
  if (!seen || f.severity.rank > seen.severity.rank) worst.set(f.rule.ruleId, f);
}
const ruleIds = [...worst.keys()].sort();
const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
const rulesJson = ruleIds.map((id) => {
  const f = worst.get(id);
  const url = new URL(f.m.PrimaryURL).href;
  const aliases = f.rule.aliases.length ? `,"aliases":${q(f.rule.aliases)}` : '';
  return (
    `{"id":${q(id)},"shortDescription":{"text":${q(f.m.Title)}},"fullDescription":{"text":${q(f.m.Title)}},` +
    `"helpUri":${q(url)},"help":{"text":${q(`${f.m.Resolution}\n\n${url}`)},"markdown":${q(`${f.m.Resolution}\n\n<${url}>`)}},` +
    `"properties":{"security-severity":${q(f.severity.score)},"tags":["security"]${aliases}}}`
  );
});
function* sarif() {
  yield `{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"tfsec-gate","version":${q(version)},"informationUri":"https://github.com/aquasecurity/tfsec","rules":[${rulesJson.join(',')}]}},"originalUriBaseIds":{"%SRCROOT%":{"description":{"text":"The root of the repository checkout."}}},"results":[`;
  let sep = '';
  for (const f of findings) {
    yield `${sep}{"ruleId":${q(f.rule.ruleId)},"ruleIndex":${ruleIndex.get(f.rule.ruleId)},"level":"${f.severity.level}","message":{"text":${q(f.m.Message)}},"locations":[{"physicalLocation":{"artifactLocation":{"uri":${q(encodeURI(f.file))},"uriBaseId":"%SRCROOT%"},"region":{"startLine":${f.startLine},"endLine":${f.endLine}}}}],"partialFingerprints":{"findingFingerprint/v1":"${f.fingerprint}"},"properties":{"severity":"${f.severity.name}","security-severity":"${f.severity.score}","resource":${q(f.resource)}}}`;
    sep = ',';
  }
  yield ']}]}';
}
writeFile('results.sarif', sarif());

// JUnit: every finding a test case; failing ones fail, the rest pass.
const xml = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
function* junit() {
  const failures = counts.critical + counts.high;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${findings.length}" failures="${failures}" errors="0">\n  <testsuite name="tfsec-gate ." tests="${findings.length}" failures="${failures}" errors="0" skipped="0">\n`;
  for (const f of findings) {
    const open = `    <testcase classname="${xml(f.file)}" name="${xml(`${f.rule.ruleId} ${f.resource}`)}">`;
    yield f.severity.fails
      ? `${open}\n      <failure message="${xml(`${f.severity.name}: ${f.m.Title}`)}" type="${f.severity.name}">${xml(`${f.m.Message}\n${f.file}:${f.startLine}`)}</failure>\n    </testcase>\n`
      : `${open}</testcase>\n`;
  }
  yield '  </testsuite>\n</testsuites>\n';
}
writeFile('junit.xml', junit());

// report.json: the verdict, the policy, the counts, then every finding with its disposition.
function* reportJson() {
  const head = {
    version: 1,
    generatedAt: observedAt,
    tool,
    scanned: '.',
    passed: reasons.length === 0,
    reasons,
    policy: {
      failOn: 'high',
      reportThreshold: 'low',
      maxCounts: {},
      failOnExpired: false,
      requireIgnoreExpiry: false,
      exceptions: 0,
      workspace: 'default',
    },
    counts,
    newCounts: counts,
    breaches,
    problems: [],
  };
  yield `${q(head).slice(0, -1)},"findings":[`;
  const toolJson = q(tool);
  let sep = '';
  for (const f of findings) {
    const { m } = f;
    yield `${sep}{"disposition":"${f.severity.fails ? 'failing' : 'reported'}","new":true,"ruleId":${q(f.rule.ruleId)},"ruleAliases":${q(f.rule.aliases)},"title":${q(m.Title)},"message":${q(m.Message)},"severity":"${f.severity.name}","originalSeverity":${q(m.Severity)},"location":{"file":${q(f.file)},"startLine":${f.startLine},"endLine":${f.endLine}},"resource":${q(f.resource)},"helpUri":${q(m.PrimaryURL)},"resolution":${q(m.Resolution)},"tool":${toolJson},"fingerprint":"${f.fingerprint}"}`;
    sep = ',';
  }
  yield ']}';
}
writeFile('report.json', reportJson());

// ASFF: one Security Hub finding per finding.
function* asff() {
  const product = `"ProductArn":"arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default"`;
  const times = `"AwsAccountId":"${ACCOUNT}","Types":["Software and Configuration Checks"],"CreatedAt":${q(observedAt)},"UpdatedAt":${q(observedAt)}`;
  const toolText = q(`trivy ${version}`);
  yield '[';
  let sep = '';
  for (const f of findings) {
    const { m, rule, severity: s } = f;
    const lines = f.endLine !== f.startLine ? `${f.startLine}-${f.endLine}` : `${f.startLine}`;
    const aliases = rule.aliases.length ? `,"findings/rule-aliases":${q(rule.aliases.join(' '))}` : '';
    yield `${sep}{"SchemaVersion":"2018-10-08","Id":"tfsec-gate/${f.fingerprint}",${product},"GeneratorId":${q(`tfsec-gate/${rule.ruleId}`)},${times},"Severity":{"Label":"${s.label}","Normalized":${s.normalized},"Original":${q(m.Severity)}},"Title":${q(`${rule.ruleId}: ${m.Title}`)},"Description":${q(m.Message)},"Remediation":{"Recommendation":{"Text":${q(m.Resolution)},"Url":${q(m.PrimaryURL)}}},"ProductFields":{"findings/fingerprint":"${f.fingerprint}","findings/tool":${toolText}${aliases}},"Resources":[{"Type":"Other","Id":${q(`${f.file}:${lines} ${f.resource}`)},"Region":"${REGION}","Details":{"Other":{"file":${q(f.file)},"lines":"${lines}","resource":${q(f.resource)}}}}],"Region":"${REGION}","RecordState":"ACTIVE"}`;
    sep = ',';
  }
  yield ']';
}
writeFile('findings.asff.json', asff());
