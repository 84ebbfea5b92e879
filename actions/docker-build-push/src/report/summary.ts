import { codeBlock, heading, mermaidPie, table } from '@aws-delivery/action-kit';
import { SEVERITIES, type Finding } from '@aws-delivery/findings';
import type { ImageReport } from './image-report.js';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const RESULT: Record<ImageReport['scan']['result'], string> = {
  passed: 'passed',
  failed: '**failed**',
  skipped: 'skipped',
  unsupported: 'no findings: ECR cannot scan this image',
};

/** The job summary: image references by digest, tags, sizes, and the scan result. Pure. */
export function renderSummary(report: ImageReport, findings: readonly Finding[], failOn: string): string {
  const parts = [
    heading('docker-build-push'),
    `Digest \`${report.digest}\`, built with ${report.builder.kind} (${report.builder.version}); tags ${report.tags.map((t) => `\`${t}\``).join(', ')}.\n`,
    table(
      ['Registry', 'Image by digest', 'Pushed tags', 'Skipped (immutable)', 'Size', 'Manifest'],
      report.targets.map((t) => [
        t.registry + (t.pushedTo !== t.registry ? ` (via ${t.pushedTo})` : ''),
        `\`${t.imageUri}\``,
        t.pushed.join(', ') || '-',
        t.skipped.join(', ') || '-',
        size(t.sizeBytes),
        t.mediaType,
      ]),
    ),
    heading('Scan', 3),
    `Result: ${RESULT[report.scan.result]} (fail on ${failOn}).\n`,
  ];
  if (report.scan.result !== 'skipped') {
    parts.push(
      table(
        ['Severity', 'Findings'],
        SEVERITIES.map((s) => [s, report.scan.counts[s]]),
      ),
    );
    parts.push(
      mermaidPie(
        'Findings by severity',
        SEVERITIES.map((s) => [s, report.scan.counts[s]] as const),
      ),
    );
  }
  if (findings.length > 0) {
    parts.push(
      table(
        ['Vulnerability', 'Severity', 'Package', 'Gate'],
        findings
          .slice(0, 50)
          .map((f) => [
            f.helpUri ? `[${f.ruleId}](${f.helpUri})` : f.ruleId,
            f.severity,
            f.resource ?? '',
            report.scan.failing.includes(`${f.ruleId} (${f.severity})`)
              ? 'fails'
              : report.scan.allowed.some((a) => a.startsWith(`${f.ruleId} `))
                ? 'allowed'
                : 'below threshold',
          ]),
      ),
    );
  }
  if (report.scan.expired.length > 0) {
    parts.push(`Expired allow-list entries (each fails the gate): ${report.scan.expired.join('; ')}.\n`);
  }
  parts.push(codeBlock(report.targets.map((t) => t.imageUri).join('\n')));
  return parts.join('\n');
}
