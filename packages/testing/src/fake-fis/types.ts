/**
 * The FIS API shapes the fake keeps and returns (REST-JSON, timestamps as epoch seconds), as in the API reference:
 * https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentTemplate.html,
 * https://docs.aws.amazon.com/fis/latest/APIReference/API_Experiment.html.
 */

/** https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentState.html */
export const EXPERIMENT_STATUSES = [
  'pending',
  'initiating',
  'running',
  'completed',
  'stopping',
  'stopped',
  'failed',
  'cancelled',
] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** https://docs.aws.amazon.com/fis/latest/APIReference/API_ExperimentActionState.html */
export const ACTION_STATUSES = [
  'pending',
  'initiating',
  'running',
  'completed',
  'cancelled',
  'stopping',
  'stopped',
  'failed',
  'skipped',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const FINISHED_EXPERIMENT: readonly ExperimentStatus[] = ['completed', 'stopped', 'failed', 'cancelled'];
export const FINISHED_ACTION: readonly ActionStatus[] = ['completed', 'cancelled', 'stopped', 'failed', 'skipped'];

export interface StopCondition {
  source: string;
  value?: string;
}

export interface TemplateTarget {
  resourceType: string;
  resourceArns?: string[];
  resourceTags?: Record<string, string>;
  filters?: { path: string; values: string[] }[];
  selectionMode: string;
  parameters?: Record<string, string>;
}

export interface TemplateAction {
  actionId: string;
  description?: string;
  parameters?: Record<string, string>;
  targets?: Record<string, string>;
  startAfter?: string[];
}

export interface ExperimentTemplate {
  id: string;
  arn: string;
  description: string;
  targets: Record<string, TemplateTarget>;
  actions: Record<string, TemplateAction>;
  stopConditions: StopCondition[];
  creationTime: number;
  lastUpdateTime: number;
  roleArn: string;
  tags: Record<string, string>;
  experimentOptions: { accountTargeting: string; emptyTargetResolutionMode: string };
  targetAccountConfigurationsCount: number;
}

export interface State<S extends string> {
  status: S;
  reason: string;
}

export interface ExperimentAction extends TemplateAction {
  state: State<ActionStatus>;
  startTime?: number;
  endTime?: number;
}

export interface Experiment {
  id: string;
  arn: string;
  experimentTemplateId: string;
  roleArn: string;
  state: State<ExperimentStatus>;
  targets: Record<string, TemplateTarget>;
  actions: Record<string, ExperimentAction>;
  stopConditions: StopCondition[];
  creationTime: number;
  startTime?: number;
  endTime?: number;
  tags: Record<string, string>;
  experimentOptions: { accountTargeting: string; emptyTargetResolutionMode: string; actionsMode: string };
  targetAccountConfigurationsCount: number;
}

/** One change of state, as the fake saw it: what tests assert the order of transitions with. */
export interface Transition {
  /** Action name, or undefined for the experiment itself. */
  action?: string;
  status: string;
  reason: string;
  /** Virtual time (seconds since the experiment started), after the time scale. */
  atSeconds: number;
}

/** A resource the fake can resolve tag-selected targets to. */
export interface FakeResource {
  arn: string;
  tags?: Record<string, string>;
}
