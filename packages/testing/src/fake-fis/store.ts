/**
 * What the fake FIS holds: templates, experiments (each with its state machine), tags, the resources tag-selected
 * targets resolve to, and the client tokens already used. Each method is one API operation's effect; the HTTP
 * layer (server.ts) only parses and answers.
 */
import { randomInt } from 'node:crypto';
import { ExperimentRun } from './engine.js';
import { fisErrors } from './errors.js';
import { REASONS } from './reasons.js';
import { checkTemplateInput } from './templates.js';
import type { Experiment, ExperimentAction, ExperimentTemplate, FakeResource, TemplateTarget } from './types.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(prefix: string, length: number): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

export interface StoreOptions {
  region: string;
  partition: string;
  accountId: string;
  timeScale: number;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function page<T>(items: T[], query: URLSearchParams): { items: T[]; nextToken?: string } {
  const max = Number(query.get('maxResults') ?? '100');
  if (!Number.isInteger(max) || max < 1 || max > 100) throw fisErrors.validation('maxResults must be from 1 to 100.');
  const start = Number(query.get('nextToken') ?? '0');
  if (!Number.isInteger(start) || start < 0) throw fisErrors.validation('nextToken is not valid.');
  const end = start + max;
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: String(end) } : {}) };
}

export class FisStore {
  readonly templates = new Map<string, ExperimentTemplate>();
  readonly runs = new Map<string, { run: ExperimentRun; createdAtMs: number }>();
  /** Resources per resource type, for targets chosen by tags. */
  readonly resources = new Map<string, FakeResource[]>();
  /** Action failures planned per template id or experiment id. */
  readonly failures = new Map<string, Map<string, string>>();
  private readonly templateTokens = new Map<string, { key: string; id: string }>();
  private readonly experimentTokens = new Map<string, { key: string; id: string }>();

  constructor(
    private readonly options: StoreOptions,
    private readonly clock: () => number,
  ) {}

  private arn(kind: 'experiment-template' | 'experiment', id: string): string {
    const { partition, region, accountId } = this.options;
    return `arn:${partition}:fis:${region}:${accountId}:${kind}/${id}`;
  }

  private epochSeconds = (): number => Date.now() / 1000;

  /** Virtual seconds since the experiment was created. */
  virtualSeconds(createdAtMs: number): number {
    return ((this.clock() - createdAtMs) / 1000) * this.options.timeScale;
  }

  createTemplate(body: unknown): ExperimentTemplate {
    const input = checkTemplateInput(body, this.options.partition);
    const token = (body as { clientToken: string }).clientToken;
    const key = JSON.stringify(input);
    const earlier = this.templateTokens.get(token);
    if (earlier) {
      if (earlier.key !== key) throw fisErrors.conflict('The clientToken was already used with different parameters.');
      const template = this.templates.get(earlier.id);
      if (template) return clone(template);
    }
    const id = randomId('EXT', 14);
    const now = this.epochSeconds();
    const template: ExperimentTemplate = {
      id,
      arn: this.arn('experiment-template', id),
      ...input,
      creationTime: now,
      lastUpdateTime: now,
      targetAccountConfigurationsCount: 0,
    };
    this.templates.set(id, template);
    this.templateTokens.set(token, { key, id });
    return clone(template);
  }

  template(id: string): ExperimentTemplate {
    const template = this.templates.get(id);
    if (!template) throw fisErrors.notFound(`Experiment template ${id} not found.`);
    return template;
  }

  deleteTemplate(id: string): ExperimentTemplate {
    const template = this.template(id);
    this.templates.delete(id);
    return clone(template);
  }

  listTemplates(query: URLSearchParams): { experimentTemplates: unknown[]; nextToken?: string } {
    const summaries = [...this.templates.values()].map((t) => ({
      id: t.id,
      arn: t.arn,
      description: t.description,
      creationTime: t.creationTime,
      lastUpdateTime: t.lastUpdateTime,
      tags: clone(t.tags),
    }));
    const { items, nextToken } = page(summaries, query);
    return { experimentTemplates: items, ...(nextToken ? { nextToken } : {}) };
  }

  startExperiment(body: unknown): Experiment {
    if (typeof body !== 'object' || body === null)
      throw fisErrors.validation('The request body must be a JSON object.');
    const input = body as Record<string, unknown>;
    if (typeof input.clientToken !== 'string' || !/^\S{1,1024}$/.test(input.clientToken)) {
      throw fisErrors.validation('clientToken is required: 1 to 1024 characters, no white space.');
    }
    if (typeof input.experimentTemplateId !== 'string') throw fisErrors.validation('experimentTemplateId is required.');
    const options = (input.experimentOptions ?? {}) as Record<string, unknown>;
    const actionsMode = options.actionsMode ?? 'run-all';
    if (actionsMode !== 'run-all' && actionsMode !== 'skip-all') {
      throw fisErrors.validation('experimentOptions.actionsMode must be skip-all or run-all.');
    }
    const tags = (input.tags ?? {}) as Record<string, string>;
    if (typeof tags !== 'object' || Object.values(tags).some((v) => typeof v !== 'string')) {
      throw fisErrors.validation('tags must be a map of strings.');
    }
    if (Object.keys(tags).length > 50) throw fisErrors.validation('tags: at most 50 tags.');
    const key = JSON.stringify([input.experimentTemplateId, actionsMode, Object.entries(tags).sort()]);
    const earlier = this.experimentTokens.get(input.clientToken);
    if (earlier) {
      if (earlier.key !== key) throw fisErrors.conflict('The clientToken was already used with different parameters.');
      return this.experiment(earlier.id);
    }
    const template = this.template(input.experimentTemplateId);
    const id = randomId('EXP', 16);
    const actions: Record<string, ExperimentAction> = {};
    for (const [name, action] of Object.entries(template.actions)) {
      actions[name] = { ...clone(action), state: { status: 'pending', reason: REASONS.action.pending } };
    }
    const experiment: Experiment = {
      id,
      arn: this.arn('experiment', id),
      experimentTemplateId: template.id,
      roleArn: template.roleArn,
      state: { status: 'pending', reason: REASONS.experiment.pending },
      targets: clone(template.targets),
      actions,
      stopConditions: clone(template.stopConditions),
      creationTime: this.epochSeconds(),
      tags: { ...tags },
      experimentOptions: { ...template.experimentOptions, actionsMode },
      targetAccountConfigurationsCount: 0,
    };
    const failures = new Map([...(this.failures.get(template.id) ?? new Map<string, string>())]);
    this.failures.set(id, failures);
    const run = new ExperimentRun(experiment, failures, (e) => this.resolveTargets(e.targets), this.epochSeconds);
    this.runs.set(id, { run, createdAtMs: this.clock() });
    this.experimentTokens.set(input.clientToken, { key, id });
    return clone(experiment);
  }

  private resolveTargets(targets: Record<string, TemplateTarget>): Map<string, string[]> {
    const resolved = new Map<string, string[]>();
    for (const [name, target] of Object.entries(targets)) {
      const candidates =
        target.resourceArns ??
        (this.resources.get(target.resourceType) ?? [])
          .filter((r) => Object.entries(target.resourceTags ?? {}).every(([k, v]) => r.tags?.[k] === v))
          .map((r) => r.arn);
      resolved.set(name, select(candidates, target.selectionMode));
    }
    return resolved;
  }

  runOf(id: string): ExperimentRun {
    const entry = this.runs.get(id);
    if (!entry) throw fisErrors.notFound(`Experiment ${id} not found.`);
    entry.run.advance(this.virtualSeconds(entry.createdAtMs));
    return entry.run;
  }

  experiment(id: string): Experiment {
    return clone(this.runOf(id).experiment);
  }

  listExperiments(query: URLSearchParams): { experiments: unknown[]; nextToken?: string } {
    const templateId = query.get('experimentTemplateId');
    const summaries = [...this.runs.keys()]
      .map((id) => this.runOf(id).experiment)
      .filter((e) => !templateId || e.experimentTemplateId === templateId)
      .map((e) => ({
        id: e.id,
        arn: e.arn,
        experimentTemplateId: e.experimentTemplateId,
        state: clone(e.state),
        creationTime: e.creationTime,
        tags: clone(e.tags),
        experimentOptions: clone(e.experimentOptions),
      }));
    const { items, nextToken } = page(summaries, query);
    return { experiments: items, ...(nextToken ? { nextToken } : {}) };
  }

  stopExperiment(id: string): Experiment {
    const run = this.runOf(id);
    if (run.finished) {
      throw fisErrors.validation(`Experiment ${id} is ${run.status} and can no longer be stopped.`);
    }
    const entry = this.runs.get(id);
    run.requestStop(entry ? this.virtualSeconds(entry.createdAtMs) : 0);
    return clone(run.experiment);
  }

  resolvedTargets(id: string, query: URLSearchParams): { resolvedTargets: unknown[]; nextToken?: string } {
    const run = this.runOf(id);
    const only = query.get('targetName');
    if (only && !(only in run.experiment.targets)) throw fisErrors.notFound(`Target ${only} not found.`);
    const rows = [...(run.resolved ?? new Map<string, string[]>())]
      .filter(([name]) => !only || name === only)
      .flatMap(([name, arns]) =>
        arns.map((arn) => ({
          resourceType: run.experiment.targets[name]?.resourceType,
          targetName: name,
          targetInformation: { arn },
        })),
      );
    const { items, nextToken } = page(rows, query);
    return { resolvedTargets: items, ...(nextToken ? { nextToken } : {}) };
  }

  private tagged(arn: string): { tags: Record<string, string> } {
    const match = /^arn:[^:]+:fis:[^:]+:\d{12}:(experiment-template|experiment)\/(.+)$/.exec(arn);
    const id = match?.[2] ?? '';
    const found = match?.[1] === 'experiment-template' ? this.templates.get(id) : this.runs.get(id)?.run.experiment;
    if (!found || found.arn !== arn) throw fisErrors.notFound(`Resource ${arn} not found.`);
    return found;
  }

  tagResource(arn: string, body: unknown): void {
    const tags = (body as { tags?: unknown } | null)?.tags;
    if (typeof tags !== 'object' || tags === null || Object.values(tags).some((v) => typeof v !== 'string')) {
      throw fisErrors.validation('tags is required: a map of strings.');
    }
    const resource = this.tagged(arn);
    const merged = { ...resource.tags, ...(tags as Record<string, string>) };
    if (Object.keys(merged).length > 50) throw fisErrors.validation('tags: at most 50 tags.');
    resource.tags = merged;
    for (const template of this.templates.values())
      if (template.arn === arn) template.lastUpdateTime = this.epochSeconds();
  }

  untagResource(arn: string, keys: string[]): void {
    const resource = this.tagged(arn);
    resource.tags = Object.fromEntries(Object.entries(resource.tags).filter(([k]) => !keys.includes(k)));
  }

  listTags(arn: string): Record<string, string> {
    return clone(this.tagged(arn).tags);
  }
}

/** ALL, COUNT(n) (the first n: the fake does not pick at random) or PERCENT(p) (rounded down, at least one). */
function select(arns: string[], mode: string): string[] {
  const count = /^COUNT\((\d+)\)$/.exec(mode);
  if (count) return arns.slice(0, Number(count[1]));
  const percent = /^PERCENT\((\d+)\)$/.exec(mode);
  if (percent && arns.length > 0)
    return arns.slice(0, Math.max(1, Math.floor((arns.length * Number(percent[1])) / 100)));
  return arns;
}
