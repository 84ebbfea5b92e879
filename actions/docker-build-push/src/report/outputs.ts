import { SEVERITIES } from '@aws-delivery/findings';
import type { ImageReport } from './image-report.js';

/** The step outputs, by name. Pure. */
export function outputsOf(report: ImageReport): Record<string, string> {
  const outputs: Record<string, string> = {
    digest: report.digest,
    'image-uri': report.targets[0]?.imageUri ?? '',
    'image-uris': report.targets.map((t) => t.imageUri).join('\n'),
    tags: report.tags.join('\n'),
    builder: report.builder.kind,
    'size-bytes': String(report.targets[0]?.sizeBytes ?? 0),
    'scan-result': report.scan.result,
    'sarif-file': report.scan.sarifFile ?? '',
    metadata: JSON.stringify({
      digest: report.digest,
      imageId: report.imageId,
      tags: report.tags,
      builder: report.builder,
      labels: report.labels,
      targets: report.targets,
      scan: report.scan,
    }),
  };
  for (const severity of SEVERITIES) outputs[`scan-${severity}`] = String(report.scan.counts[severity]);
  return outputs;
}

export function writeOutputs(report: ImageReport, setOutput: (name: string, value: string) => void): void {
  for (const [name, value] of Object.entries(outputsOf(report))) setOutput(name, value);
}
