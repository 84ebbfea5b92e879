/**
 * The FIS operations the action uses, on FIS's REST-JSON protocol
 * (https://docs.aws.amazon.com/fis/latest/APIReference/API_Operations.html), sent through packages/aws's signed
 * sender (proxy, CA bundle, timeouts, retries). Timestamps arrive as epoch seconds and are handed on as Dates, the
 * shape the core reads. Errors are explained with the operation and region.
 */
import { explainAwsError, type SignedSender } from '@aws-delivery/aws';
import type { ExperimentView, TemplateSummary, TemplateView } from '../core/fis-shapes.js';
import type { TemplateDefinition } from '../core/template-file.js';

export interface StartInput {
  templateId: string;
  clientToken: string;
  tags: Record<string, string>;
  actionsMode?: 'skip-all';
}

export interface ExperimentSummary {
  id?: string;
  state?: { status?: string };
  tags?: Record<string, string>;
}

export interface FisApi {
  readonly region: string;
  readonly endpoint: string;
  createTemplate(definition: TemplateDefinition, clientToken: string): Promise<TemplateView>;
  getTemplate(id: string): Promise<TemplateView>;
  deleteTemplate(id: string): Promise<void>;
  listTemplates(): Promise<TemplateSummary[]>;
  startExperiment(input: StartInput): Promise<ExperimentView>;
  getExperiment(id: string): Promise<ExperimentView>;
  stopExperiment(id: string): Promise<ExperimentView>;
  listExperiments(templateId: string): Promise<ExperimentSummary[]>;
  /** Resources per target name of an experiment (ListExperimentResolvedTargets, all pages). */
  resolvedTargetCounts(experimentId: string): Promise<Record<string, number>>;
}

type Json = Record<string, unknown>;

function toDate(value: unknown): Date | undefined {
  return typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
}

function withDates<T extends Json>(value: T, keys: readonly string[]): T {
  const copy: Json = { ...value };
  for (const key of keys) {
    const date = toDate(value[key]);
    if (date) copy[key] = date;
    else delete copy[key];
  }
  return copy as T;
}

/** An experiment as GetExperiment answers it, with its times as Dates. */
export function experimentView(json: unknown): ExperimentView {
  const experiment = withDates((json ?? {}) as Json, ['creationTime', 'startTime', 'endTime', 'lastUpdateTime']);
  const actions = (experiment.actions ?? {}) as Record<string, Json>;
  return {
    ...experiment,
    actions: Object.fromEntries(
      Object.entries(actions).map(([name, action]) => [name, withDates(action, ['startTime', 'endTime'])]),
    ),
  } as ExperimentView;
}

const segment = (id: string) => encodeURIComponent(id);

export function createFisClient(sender: SignedSender, signal?: AbortSignal): FisApi {
  async function call(
    operation: string,
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string | undefined>,
  ): Promise<Json> {
    try {
      const answer = await sender.send(
        {
          operation: `fis:${operation}`,
          method,
          path,
          ...(query ? { query } : {}),
          ...(body === undefined
            ? {}
            : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        },
        signal,
      );
      return answer.body.trim() ? (JSON.parse(answer.body) as Json) : {};
    } catch (error) {
      throw explainAwsError(error, { operation: `fis:${operation}`, region: sender.region, endpoint: sender.endpoint });
    }
  }

  async function pages<T>(operation: string, path: string, key: string, query: Record<string, string> = {}) {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
      const answer = await call(operation, 'GET', path, undefined, { ...query, maxResults: '100', nextToken });
      items.push(...((answer[key] ?? []) as T[]));
      nextToken = typeof answer.nextToken === 'string' && answer.nextToken ? answer.nextToken : undefined;
    } while (nextToken);
    return items;
  }

  return {
    region: sender.region,
    endpoint: sender.endpoint,
    async createTemplate(definition, clientToken) {
      const answer = await call('CreateExperimentTemplate', 'POST', '/experimentTemplates', {
        clientToken,
        ...definition,
      });
      return answer.experimentTemplate as TemplateView;
    },
    async getTemplate(id) {
      return (await call('GetExperimentTemplate', 'GET', `/experimentTemplates/${segment(id)}`))
        .experimentTemplate as TemplateView;
    },
    async deleteTemplate(id) {
      await call('DeleteExperimentTemplate', 'DELETE', `/experimentTemplates/${segment(id)}`);
    },
    listTemplates: () =>
      pages<TemplateSummary>('ListExperimentTemplates', '/experimentTemplates', 'experimentTemplates'),
    async startExperiment(input) {
      const answer = await call('StartExperiment', 'POST', '/experiments', {
        clientToken: input.clientToken,
        experimentTemplateId: input.templateId,
        tags: input.tags,
        ...(input.actionsMode ? { experimentOptions: { actionsMode: input.actionsMode } } : {}),
      });
      return experimentView(answer.experiment);
    },
    async getExperiment(id) {
      return experimentView((await call('GetExperiment', 'GET', `/experiments/${segment(id)}`)).experiment);
    },
    async stopExperiment(id) {
      return experimentView((await call('StopExperiment', 'DELETE', `/experiments/${segment(id)}`)).experiment);
    },
    listExperiments: (templateId) =>
      pages<ExperimentSummary>('ListExperiments', '/experiments', 'experiments', { experimentTemplateId: templateId }),
    async resolvedTargetCounts(experimentId) {
      const resolved = await pages<{ targetName?: string }>(
        'ListExperimentResolvedTargets',
        `/experiments/${segment(experimentId)}/resolvedTargets`,
        'resolvedTargets',
      );
      const counts: Record<string, number> = {};
      for (const target of resolved) {
        if (target.targetName) counts[target.targetName] = (counts[target.targetName] ?? 0) + 1;
      }
      return counts;
    },
  };
}
