import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathError, type Log } from '@aws-delivery/action-kit';
import { toSarif, type Finding } from '@aws-delivery/findings';
import type { ScanSettings } from '../config.js';
import type { EcrApi } from '../ecr/ecr-api.js';
import type { RegistryTarget } from '../targets/registry-target.js';
import { scanVerdict, type GateVerdict } from './gate-policy.js';
import { toFindings } from './scan-findings.js';
import { waitForScan, type ScanResult, type WaitOptions } from './wait-for-scan.js';

export interface GateOutcome {
  result: 'passed' | 'failed' | 'skipped' | 'unsupported';
  scanned: { target: RegistryTarget; status: ScanResult['status']; description?: string }[];
  findings: Finding[];
  verdict?: GateVerdict;
  sarifFile?: string;
}

/** The ECR targets the gate waits on: none, the first, or all. */
export function targetsToScan(targets: readonly RegistryTarget[], mode: ScanSettings['mode']): RegistryTarget[] {
  const ecr = targets.filter((t) => t.kind === 'ecr');
  return mode === 'off' ? [] : mode === 'first' ? ecr.slice(0, 1) : ecr;
}

/** Waits for the scans, merges their findings (the same digest scanned in two regions counts once), applies the policy, writes SARIF. */
export async function runScanGate(
  targets: readonly RegistryTarget[],
  digest: string,
  settings: ScanSettings,
  context: { dockerfile: string; today: string; defaultSarifFile: string },
  ecr: EcrApi,
  wait: Omit<WaitOptions, 'timeoutMs'>,
  log: Log,
): Promise<GateOutcome> {
  const chosen = targetsToScan(targets, settings.mode);
  if (chosen.length === 0) {
    log.info(settings.mode === 'off' ? 'Scan gate: off.' : 'Scan gate: skipped, no ECR registry among the targets.');
    return { result: 'skipped', scanned: [], findings: [] };
  }
  const results = await Promise.all(
    chosen.map(async (target) => ({
      target,
      scan: await waitForScan(target, digest, ecr, { ...wait, timeoutMs: settings.timeoutSeconds * 1000 }),
    })),
  );
  const byFingerprint = new Map<string, Finding>();
  for (const { target, scan } of results) {
    const findings = toFindings(scan.basic, scan.enhanced, {
      dockerfile: context.dockerfile,
      repository: target.repository,
      digest,
      scanType: scan.enhanced.length > 0 ? 'enhanced' : 'basic',
    });
    for (const finding of findings)
      if (!byFingerprint.has(finding.fingerprint)) byFingerprint.set(finding.fingerprint, finding);
  }
  const findings = [...byFingerprint.values()];
  const verdict = scanVerdict(findings, {
    failOn: settings.failOn,
    allowList: settings.allowList,
    today: context.today,
  });
  const sarifFile = settings.sarifFile ?? context.defaultSarifFile;
  const sarif = toSarif(
    findings.map((finding) => ({ finding })),
    { name: 'Amazon ECR image scanning' },
  );
  try {
    mkdirSync(dirname(sarifFile), { recursive: true });
    writeFileSync(sarifFile, `${JSON.stringify(sarif, null, 2)}\n`);
  } catch (error) {
    throw pathError('sarif-file', sarifFile, error);
  }
  const scanned = results.map(({ target, scan }) => ({
    target,
    status: scan.status,
    ...(scan.description ? { description: scan.description } : {}),
  }));
  const allUnsupported = results.every(({ scan }) => scan.status === 'unsupported');
  for (const { target, scan } of results) {
    if (scan.status === 'unsupported') {
      log.warning(
        `ECR cannot scan ${target.registryHost}/${target.repository}@${digest}: ${scan.description ?? 'unsupported image'}. The gate has no findings to judge for it.`,
      );
    }
  }
  return {
    result: !verdict.passed ? 'failed' : allUnsupported ? 'unsupported' : 'passed',
    scanned,
    findings,
    verdict,
    sarifFile,
  };
}
