import { heading, table, type RunnerIO } from '@aws-delivery/action-kit';
import type { Config } from './config.js';
import type { Identity } from './credentials.js';
import type { ExportPlan } from './exports.js';
import type { SourceChoice } from './source.js';

export interface Report {
  config: Config;
  choice: SourceChoice;
  identity: Identity;
  hops: { roleArn: string; identity: Identity }[];
  profiles: Record<string, Identity>;
  plan: ExportPlan;
}

/** The log lines and the job summary: which source, which hops, which identity, what was exported. No secrets. */
export async function writeReport(io: Pick<RunnerIO, 'log' | 'writeSummary'>, report: Report): Promise<void> {
  const exported = Object.keys(report.plan.env).sort();
  io.log.info(`Credentials for ${report.identity.arn} (${report.config.partition}); exported ${exported.join(', ')}`);
  const rows: string[][] = [
    ['source', report.choice.source],
    ...report.hops.map((hop, i) => [`hop ${i + 1}`, hop.identity.arn || hop.roleArn]),
    ...Object.entries(report.profiles).map(([name, identity]) => [`profile ${name}`, identity.arn]),
    ['partition', report.config.partition],
    ['region', report.config.region],
    ['exported', exported.join(', ')],
  ];
  await io.writeSummary(heading('assume-role', 3), table(['', ''], rows));
}
