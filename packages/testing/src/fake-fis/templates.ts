/**
 * CreateExperimentTemplate's checks and the template it stores
 * (https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html): required members,
 * stop conditions (`aws:cloudwatch:alarm` with an alarm ARN, or `none`), targets with a selection mode and one way
 * of choosing resources, actions whose targets and `startAfter` name members of the template, and ISO 8601
 * durations. Every failure is a 400 ValidationException.
 */
import { durationSeconds } from './duration.js';
import { fisErrors } from './errors.js';
import type { StopCondition, TemplateAction, TemplateTarget } from './types.js';

export interface TemplateInput {
  description: string;
  roleArn: string;
  stopConditions: StopCondition[];
  targets: Record<string, TemplateTarget>;
  actions: Record<string, TemplateAction>;
  tags: Record<string, string>;
  experimentOptions: { accountTargeting: string; emptyTargetResolutionMode: string };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string): never {
  throw fisErrors.validation(message);
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    fail(`${what} must be a map of strings.`);
  }
  return value as Record<string, string>;
}

const SELECTION_MODE = /^(ALL|COUNT\(\d+\)|PERCENT\(\d+\))$/;

function checkStopConditions(value: unknown): StopCondition[] {
  if (!Array.isArray(value) || value.length === 0) fail('stopConditions is required: at least one stop condition.');
  return value.map((item, index) => {
    if (!isObject(item) || typeof item.source !== 'string') fail(`stopConditions[${index}].source is required.`);
    if (item.source === 'aws:cloudwatch:alarm') {
      if (typeof item.value !== 'string' || !/^arn:[^:]+:cloudwatch:[^:]+:\d{12}:alarm:.+$/.test(item.value)) {
        fail(`stopConditions[${index}].value must be the ARN of a CloudWatch alarm for source aws:cloudwatch:alarm.`);
      }
      return { source: item.source, value: item.value };
    }
    if (item.source === 'none') return { source: 'none' };
    return fail(`stopConditions[${index}].source "${item.source}" is not aws:cloudwatch:alarm or none.`);
  });
}

function checkTargets(value: unknown): Record<string, TemplateTarget> {
  if (value === undefined) return {};
  if (!isObject(value)) fail('targets must be a map of target names to targets.');
  const targets: Record<string, TemplateTarget> = {};
  for (const [name, target] of Object.entries(value)) {
    if (!isObject(target) || typeof target.resourceType !== 'string') fail(`targets.${name}.resourceType is required.`);
    if (typeof target.selectionMode !== 'string' || !SELECTION_MODE.test(target.selectionMode)) {
      fail(`targets.${name}.selectionMode must be ALL, COUNT(n) or PERCENT(n).`);
    }
    const arns = target.resourceArns;
    if (
      arns !== undefined &&
      (!Array.isArray(arns) || !arns.every((a) => typeof a === 'string' && a.startsWith('arn:')))
    ) {
      fail(`targets.${name}.resourceArns must be a list of ARNs.`);
    }
    const tags =
      target.resourceTags === undefined ? undefined : stringMap(target.resourceTags, `targets.${name}.resourceTags`);
    if (arns !== undefined && tags !== undefined) fail(`targets.${name}: give resourceArns or resourceTags, not both.`);
    if (arns === undefined && tags === undefined && target.parameters === undefined) {
      fail(`targets.${name}: resourceArns, resourceTags or parameters is required.`);
    }
    targets[name] = {
      resourceType: target.resourceType,
      selectionMode: target.selectionMode,
      ...(arns === undefined ? {} : { resourceArns: arns as string[] }),
      ...(tags === undefined ? {} : { resourceTags: tags }),
      ...(Array.isArray(target.filters) ? { filters: target.filters as TemplateTarget['filters'] & object } : {}),
      ...(target.parameters === undefined
        ? {}
        : { parameters: stringMap(target.parameters, `targets.${name}.parameters`) }),
    };
  }
  return targets;
}

function checkActions(value: unknown, targets: Record<string, TemplateTarget>): Record<string, TemplateAction> {
  if (!isObject(value) || Object.keys(value).length === 0) fail('actions is required: at least one action.');
  const actions: Record<string, TemplateAction> = {};
  for (const [name, action] of Object.entries(value)) {
    if (
      !isObject(action) ||
      typeof action.actionId !== 'string' ||
      !/^aws:[a-z0-9-]+:[a-z0-9-]+$/.test(action.actionId)
    ) {
      fail(`actions.${name}.actionId is required, in the form aws:service-name:action-type.`);
    }
    const parameters = stringMap(action.parameters, `actions.${name}.parameters`);
    if (parameters.duration !== undefined && durationSeconds(parameters.duration) === undefined) {
      fail(`actions.${name}.parameters.duration "${parameters.duration}" is not an ISO 8601 duration such as PT5M.`);
    }
    const actionTargets = stringMap(action.targets, `actions.${name}.targets`);
    for (const [key, target] of Object.entries(actionTargets)) {
      if (!(target in targets))
        fail(`actions.${name}.targets.${key} names target "${target}", which the template does not define.`);
    }
    const startAfter = action.startAfter ?? [];
    if (!Array.isArray(startAfter) || !startAfter.every((a) => typeof a === 'string' && a in value)) {
      fail(`actions.${name}.startAfter must list names of actions of this template.`);
    }
    actions[name] = {
      actionId: action.actionId,
      ...(typeof action.description === 'string' ? { description: action.description } : {}),
      parameters,
      targets: actionTargets,
      startAfter: startAfter as string[],
    };
  }
  checkNoCycle(actions);
  return actions;
}

function checkNoCycle(actions: Record<string, TemplateAction>): void {
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string): void => {
    if (done.has(name)) return;
    if (visiting.has(name)) fail(`actions: startAfter makes a cycle through "${name}".`);
    visiting.add(name);
    for (const before of actions[name]?.startAfter ?? []) visit(before);
    visiting.delete(name);
    done.add(name);
  };
  Object.keys(actions).forEach(visit);
}

/** Checks a CreateExperimentTemplate body; `partition` is the fake's (ARNs of another partition are refused). */
export function checkTemplateInput(body: unknown, partition: string): TemplateInput {
  if (!isObject(body)) fail('The request body must be a JSON object.');
  if (typeof body.clientToken !== 'string' || !/^\S{1,1024}$/.test(body.clientToken)) fail('clientToken is required.');
  if (typeof body.description !== 'string' || body.description.length === 0) fail('description is required.');
  if (body.description.length > 512) fail('description is longer than 512 characters.');
  if (typeof body.roleArn !== 'string' || !/^arn:[^:]+:iam::\d{12}:role\/.+$/.test(body.roleArn)) {
    fail('roleArn is required: the ARN of an IAM role.');
  }
  const stopConditions = checkStopConditions(body.stopConditions);
  const targets = checkTargets(body.targets);
  const actions = checkActions(body.actions, targets);
  const arns = [
    body.roleArn,
    ...stopConditions.flatMap((s) => (s.value ? [s.value] : [])),
    ...Object.values(targets).flatMap((t) => t.resourceArns ?? []),
  ];
  for (const arn of arns) {
    if (arn.split(':')[1] !== partition) fail(`${arn} is not in partition ${partition}, where this FIS endpoint is.`);
  }
  const options = isObject(body.experimentOptions) ? body.experimentOptions : {};
  const emptyTargetResolutionMode = options.emptyTargetResolutionMode ?? 'fail';
  if (emptyTargetResolutionMode !== 'fail' && emptyTargetResolutionMode !== 'skip') {
    fail('experimentOptions.emptyTargetResolutionMode must be fail or skip.');
  }
  const tags = stringMap(body.tags, 'tags');
  if (Object.keys(tags).length > 50) fail('tags: at most 50 tags.');
  return {
    description: body.description,
    roleArn: body.roleArn,
    stopConditions,
    targets,
    actions,
    tags,
    experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode },
  };
}
