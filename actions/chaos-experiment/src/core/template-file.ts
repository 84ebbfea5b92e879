/**
 * An experiment template written in the repository, in JSON or YAML, in the shape of CreateExperimentTemplate's
 * request (https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplate.html), or the output of
 * `aws fis get-experiment-template` (its read-only fields are dropped). Checked before any call: required members,
 * references between actions and targets, ISO 8601 durations, and every ARN (role, alarms, targets, log group) in
 * the partition of the region the experiment runs in.
 */
import { ConfigurationError } from '@aws-delivery/action-kit';
import { checkArnPartition, roleArn } from '@aws-delivery/aws/names';
import { parse as parseYaml } from 'yaml';
import type { ActionDefinition, StopCondition, TargetDefinition } from './fis-shapes.js';
import { INPUT } from './input-names.js';
import { isoDurationSeconds } from './iso-duration.js';

/** CreateExperimentTemplate's request without the clientToken (the action derives it). */
export interface TemplateDefinition {
  description: string;
  roleArn: string;
  stopConditions: StopCondition[];
  targets: Record<string, TargetDefinition>;
  actions: Record<string, ActionDefinition>;
  tags: Record<string, string>;
  experimentOptions?: Record<string, string>;
  logConfiguration?: Record<string, unknown>;
}

const KEYS = [
  'description',
  'roleArn',
  'stopConditions',
  'targets',
  'actions',
  'tags',
  'experimentOptions',
  'logConfiguration',
];
/** Fields of GetExperimentTemplate's answer that CreateExperimentTemplate does not take. */
const READ_ONLY = ['id', 'arn', 'creationTime', 'lastUpdateTime', 'targetAccountConfigurationsCount', 'clientToken'];
const SELECTION_MODE = /^(ALL|COUNT\(\d+\)|PERCENT\(\d+\))$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

class FileChecker {
  constructor(
    private readonly file: string,
    private readonly region: string,
  ) {}

  fail(where: string, problem: string, fix: string): never {
    throw new ConfigurationError(
      `${INPUT.templateFile} ${this.file}: ${where} ${problem}. Fix: ${fix}`,
      INPUT.templateFile,
    );
  }

  text(where: string, value: unknown, fix: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(where, 'is missing or not a string', fix);
    return value;
  }

  stringMap(where: string, value: unknown): Record<string, string> {
    if (value === undefined) return {};
    if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
      this.fail(
        where,
        'is not a map of strings',
        'quote every value (YAML reads 5 and true as a number and a boolean).',
      );
    }
    return value as Record<string, string>;
  }

  arn(where: string, value: unknown, service: string): string {
    const text = this.text(where, value, `give the ${service} ARN.`);
    const arn = checkArnPartition(text, this.region, `${INPUT.templateFile} ${this.file}: ${where}`);
    if (arn.service !== service)
      this.fail(where, `"${text}" is an ARN of ${arn.service}, not ${service}`, `give the ${service} ARN.`);
    return text;
  }

  stopConditions(value: unknown): StopCondition[] {
    if (!Array.isArray(value) || value.length === 0) {
      this.fail(
        'stopConditions',
        'is missing or empty',
        'add a CloudWatch alarm: {source: aws:cloudwatch:alarm, value: <alarm ARN>}.',
      );
    }
    return value.map((item: unknown, i) => {
      const where = `stopConditions[${i}]`;
      if (!isObject(item)) this.fail(where, 'is not a map', 'write {source, value}.');
      if (item.source === 'none') return { source: 'none' };
      if (item.source === 'aws:none')
        this.fail(`${where}.source`, 'is aws:none', 'FIS spells "no stop condition" as none.');
      if (item.source !== 'aws:cloudwatch:alarm') {
        this.fail(`${where}.source`, `is ${JSON.stringify(item.source)}`, 'use aws:cloudwatch:alarm (or none).');
      }
      const arnText = this.arn(`${where}.value`, item.value, 'cloudwatch');
      if (!arnText.split(':').slice(5).join(':').startsWith('alarm:')) {
        this.fail(
          `${where}.value`,
          `"${arnText}" is not an alarm ARN`,
          'give arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>.',
        );
      }
      return { source: 'aws:cloudwatch:alarm', value: arnText };
    });
  }

  targets(value: unknown): Record<string, TargetDefinition> {
    if (value === undefined) return {};
    if (!isObject(value))
      this.fail('targets', 'is not a map of target names to targets', 'write targets: {Name: {...}}.');
    const targets: Record<string, TargetDefinition> = {};
    for (const [name, target] of Object.entries(value)) {
      const where = `targets.${name}`;
      if (!isObject(target))
        this.fail(where, 'is not a map', 'write {resourceType, selectionMode, resourceArns or resourceTags}.');
      const resourceType = this.text(
        `${where}.resourceType`,
        target.resourceType,
        'name the resource type, such as aws:ec2:instance.',
      );
      const selectionMode = target.selectionMode;
      if (typeof selectionMode !== 'string' || !SELECTION_MODE.test(selectionMode)) {
        this.fail(`${where}.selectionMode`, `is ${JSON.stringify(selectionMode)}`, 'use ALL, COUNT(n) or PERCENT(n).');
      }
      const definition: TargetDefinition = { resourceType, selectionMode };
      if (target.resourceArns !== undefined) {
        if (!Array.isArray(target.resourceArns) || target.resourceArns.length === 0) {
          this.fail(`${where}.resourceArns`, 'is not a list of ARNs', 'list the resources, or use resourceTags.');
        }
        definition.resourceArns = target.resourceArns.map((arn: unknown, i) => {
          const text = this.text(`${where}.resourceArns[${i}]`, arn, 'give an ARN.');
          checkArnPartition(text, this.region, `${INPUT.templateFile} ${this.file}: ${where}.resourceArns[${i}]`);
          return text;
        });
      }
      if (target.resourceTags !== undefined)
        definition.resourceTags = this.stringMap(`${where}.resourceTags`, target.resourceTags);
      if (target.parameters !== undefined)
        definition.parameters = this.stringMap(`${where}.parameters`, target.parameters);
      if (Array.isArray(target.filters)) definition.filters = target.filters as TargetDefinition['filters'] & object;
      if (definition.resourceArns && definition.resourceTags) {
        this.fail(where, 'has both resourceArns and resourceTags', 'keep one of them.');
      }
      if (!definition.resourceArns && !definition.resourceTags && !definition.parameters) {
        this.fail(where, 'selects no resources', 'give resourceArns, resourceTags or parameters.');
      }
      targets[name] = definition;
    }
    return targets;
  }

  actions(value: unknown, targets: Record<string, TargetDefinition>): Record<string, ActionDefinition> {
    if (!isObject(value) || Object.keys(value).length === 0) {
      this.fail(
        'actions',
        'is missing or empty',
        'add at least one action, such as {actionId: aws:fis:wait, parameters: {duration: PT1M}}.',
      );
    }
    const actions: Record<string, ActionDefinition> = {};
    for (const [name, action] of Object.entries(value)) {
      const where = `actions.${name}`;
      if (!isObject(action)) this.fail(where, 'is not a map', 'write {actionId, parameters, targets, startAfter}.');
      const actionId = this.text(
        `${where}.actionId`,
        action.actionId,
        'name the FIS action, such as aws:ec2:stop-instances.',
      );
      if (!/^aws:[a-z0-9-]+:[a-z0-9-]+$/.test(actionId)) {
        this.fail(`${where}.actionId`, `"${actionId}" is not an FIS action id`, 'write aws:<service>:<action>.');
      }
      const parameters = this.stringMap(`${where}.parameters`, action.parameters);
      if (parameters.duration !== undefined && isoDurationSeconds(parameters.duration) === undefined) {
        this.fail(
          `${where}.parameters.duration`,
          `"${parameters.duration}" is not an ISO 8601 duration`,
          'write PT5M, PT90S or PT1H30M.',
        );
      }
      const actionTargets = this.stringMap(`${where}.targets`, action.targets);
      for (const [key, target] of Object.entries(actionTargets)) {
        if (!(target in targets)) {
          this.fail(
            `${where}.targets.${key}`,
            `names target "${target}", which the template does not define`,
            `define targets.${target}.`,
          );
        }
      }
      const startAfter: unknown = action.startAfter ?? [];
      if (!Array.isArray(startAfter) || !startAfter.every((s) => typeof s === 'string' && s in value && s !== name)) {
        this.fail(
          `${where}.startAfter`,
          'does not list other actions of this template',
          'list action names defined under actions.',
        );
      }
      actions[name] = {
        actionId,
        ...(typeof action.description === 'string' ? { description: action.description } : {}),
        ...(Object.keys(parameters).length ? { parameters } : {}),
        ...(Object.keys(actionTargets).length ? { targets: actionTargets } : {}),
        ...(startAfter.length ? { startAfter: startAfter as string[] } : {}),
      };
    }
    this.noCycle(actions);
    return actions;
  }

  private noCycle(actions: Record<string, ActionDefinition>): void {
    const done = new Set<string>();
    const path: string[] = [];
    const visit = (name: string): void => {
      if (done.has(name)) return;
      if (path.includes(name)) {
        this.fail(
          'actions',
          `wait for each other in a cycle (${[...path.slice(path.indexOf(name)), name].join(' → ')})`,
          'break the startAfter cycle.',
        );
      }
      path.push(name);
      for (const before of actions[name]?.startAfter ?? []) visit(before);
      path.pop();
      done.add(name);
    };
    Object.keys(actions).forEach(visit);
  }

  logConfiguration(value: unknown): Record<string, unknown> | undefined {
    if (value === undefined) return undefined;
    if (!isObject(value))
      this.fail('logConfiguration', 'is not a map', 'see the FIS experiment logging documentation.');
    const logGroup = isObject(value.cloudWatchLogsConfiguration)
      ? value.cloudWatchLogsConfiguration.logGroupArn
      : undefined;
    if (logGroup !== undefined) this.arn('logConfiguration.cloudWatchLogsConfiguration.logGroupArn', logGroup, 'logs');
    return value;
  }
}

function parseText(text: string, file: string): unknown {
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigurationError(
      `${INPUT.templateFile} ${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
      INPUT.templateFile,
    );
  }
}

/** Parses and checks a template file's text; `region` is where the experiment will run. */
export function parseTemplateFile(text: string, file: string, region: string): TemplateDefinition {
  const checker = new FileChecker(file, region);
  const parsed = parseText(text, file);
  const unwrapped = isObject(parsed) && isObject(parsed.experimentTemplate) ? parsed.experimentTemplate : parsed;
  const document: Json = isObject(unwrapped)
    ? unwrapped
    : checker.fail('the document', 'is not a map', 'write the template as CreateExperimentTemplate takes it.');
  const unknown = Object.keys(document).filter((k) => !KEYS.includes(k) && !READ_ONLY.includes(k));
  if (unknown.length > 0) {
    checker.fail(
      'the document',
      `has unknown key(s) ${unknown.map((k) => `"${k}"`).join(', ')}`,
      `use only ${KEYS.join(', ')}.`,
    );
  }
  const description = checker.text('description', document.description, 'describe what the experiment does.');
  if (description.length > 512) checker.fail('description', 'is longer than 512 characters', 'shorten it.');
  const roleText = checker.text('roleArn', document.roleArn, 'give the ARN of the IAM role FIS assumes.');
  const role = roleArn(undefined, roleText, region, `${INPUT.templateFile} ${file}: roleArn`);
  const stopConditions = checker.stopConditions(document.stopConditions);
  const targets = checker.targets(document.targets);
  const actions = checker.actions(document.actions, targets);
  const tags = checker.stringMap('tags', document.tags);
  if (Object.keys(tags).length > 50) checker.fail('tags', 'has more than 50 tags', 'keep at most 50.');
  const experimentOptions =
    document.experimentOptions === undefined
      ? undefined
      : checker.stringMap('experimentOptions', document.experimentOptions);
  const logConfiguration = checker.logConfiguration(document.logConfiguration);
  return {
    description,
    roleArn: role,
    stopConditions,
    targets,
    actions,
    tags,
    ...(experimentOptions ? { experimentOptions } : {}),
    ...(logConfiguration ? { logConfiguration } : {}),
  };
}
