import { SEVERITIES, type SeverityCounts } from '@aws-delivery/findings';
import type { Builder } from '../build/builders.js';
import type { TargetPush } from '../push/push-all.js';
import type { VerifiedTarget } from '../registry/verify.js';
import type { GateOutcome } from '../scan/scan-gate.js';
import { imageUriByDigest } from '../targets/registry-target.js';

/** Everything the step reports, in one object: step outputs, the metadata JSON and the summary come from it. */
export interface ImageReport {
  digest: string;
  imageId: string;
  tags: string[];
  builder: Builder;
  labels: Record<string, string>;
  targets: {
    registry: string;
    pushedTo: string;
    repository: string;
    imageUri: string;
    pushed: string[];
    skipped: string[];
    retries: number;
    mediaType: string;
    sizeBytes: number;
  }[];
  scan: {
    result: GateOutcome['result'];
    counts: SeverityCounts;
    failing: string[];
    allowed: string[];
    expired: string[];
    sarifFile?: string;
  };
  timings: Record<string, number>;
}

export function buildReport(parts: {
  digest: string;
  imageId: string;
  tags: string[];
  builder: Builder;
  labels: Record<string, string>;
  pushes: TargetPush[];
  verified: VerifiedTarget[];
  gate: GateOutcome;
  timings: Record<string, number>;
}): ImageReport {
  const counts = parts.gate.verdict?.counts ?? Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  return {
    digest: parts.digest,
    imageId: parts.imageId,
    tags: parts.tags,
    builder: parts.builder,
    labels: parts.labels,
    targets: parts.pushes.map((push) => {
      const manifest = parts.verified.find((v) => v.target === push.target)?.manifest;
      return {
        registry: push.target.registryHost,
        pushedTo: push.target.pushHost,
        repository: push.target.repository,
        imageUri: imageUriByDigest(push.target, parts.digest),
        pushed: push.pushed,
        skipped: push.skipped,
        retries: push.retries,
        mediaType: manifest?.mediaType ?? '',
        sizeBytes: manifest?.sizeBytes ?? 0,
      };
    }),
    scan: {
      result: parts.gate.result,
      counts: counts as SeverityCounts,
      failing: (parts.gate.verdict?.failing ?? []).map((f) => `${f.ruleId} (${f.severity})`),
      allowed: (parts.gate.verdict?.allowed ?? []).map(
        ({ finding, entry }) => `${finding.ruleId} until ${entry.until}`,
      ),
      expired: (parts.gate.verdict?.expired ?? []).map((e) => `${e.id} (expired ${e.until}, ${e.origin})`),
      ...(parts.gate.sarifFile ? { sarifFile: parts.gate.sarifFile } : {}),
    },
    timings: parts.timings,
  };
}
