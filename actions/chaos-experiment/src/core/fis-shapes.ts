/**
 * The parts of FIS's API shapes the core reads (https://docs.aws.amazon.com/fis/latest/APIReference/API_Experiment.html,
 * API_ExperimentTemplate.html, API_ExperimentTemplateSummary.html). Field names are FIS's; times are Dates, as the
 * AWS SDK returns them. Everything optional is optional here too: the core never trusts FIS to send a field.
 */

/** https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentState.html */
export type ExperimentStatus =
  'pending' | 'initiating' | 'running' | 'completed' | 'stopping' | 'stopped' | 'failed' | 'cancelled';

/** https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentActionState.html */
export type ActionStatus =
  'pending' | 'initiating' | 'running' | 'completed' | 'cancelled' | 'stopping' | 'stopped' | 'failed' | 'skipped';

export const FINISHED_EXPERIMENT_STATUSES: readonly string[] = ['completed', 'stopped', 'failed', 'cancelled'];

export interface StopCondition {
  source?: string;
  value?: string;
}

export interface TargetDefinition {
  resourceType?: string;
  resourceArns?: string[];
  resourceTags?: Record<string, string>;
  filters?: { path?: string; values?: string[] }[];
  selectionMode?: string;
  parameters?: Record<string, string>;
}

export interface ActionDefinition {
  actionId?: string;
  description?: string;
  parameters?: Record<string, string>;
  targets?: Record<string, string>;
  startAfter?: string[];
}

export interface TemplateSummary {
  id?: string;
  arn?: string;
  description?: string;
  tags?: Record<string, string>;
}

export interface TemplateView {
  id?: string;
  description?: string;
  roleArn?: string;
  stopConditions?: StopCondition[];
  targets?: Record<string, TargetDefinition>;
  actions?: Record<string, ActionDefinition>;
}

export interface ExperimentActionView extends ActionDefinition {
  state?: { status?: string; reason?: string };
  startTime?: Date;
  endTime?: Date;
}

export interface ExperimentView {
  id?: string;
  arn?: string;
  experimentTemplateId?: string;
  state?: { status?: string; reason?: string };
  actions?: Record<string, ExperimentActionView>;
  stopConditions?: StopCondition[];
  creationTime?: Date;
  startTime?: Date;
  endTime?: Date;
}
