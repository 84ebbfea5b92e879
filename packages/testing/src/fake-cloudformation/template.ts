/**
 * Reading a submitted template into plain data: JSON, or YAML with the short-form tags turned into their long form
 * (`!Ref X` → `{Ref: X}`, `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`), as CloudFormation reads them
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
 */
import { parse, type CollectionTag, type ScalarTag } from 'yaml';
import { validationError } from './query.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Json;
  metadata: Record<string, Json>;
  dependsOn: string[];
}

export interface TemplateModel {
  body: string;
  parameters: Record<string, { type: string; default?: string; noEcho: boolean }>;
  /** In template order. */
  resources: TemplateResource[];
  outputs: Record<string, { value: Json; description?: string; exportName?: Json }>;
  transforms: string[];
}

const SHORT: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  ...Object.fromEntries(
    [
      'Base64',
      'Cidr',
      'FindInMap',
      'GetAtt',
      'GetAZs',
      'ImportValue',
      'Join',
      'Select',
      'Split',
      'Sub',
      'Transform',
      'And',
      'Equals',
      'If',
      'Not',
      'Or',
      'ToJsonString',
      'Length',
    ].map((name) => [name, `Fn::${name}`]),
  ),
};

const TAGS: (ScalarTag | CollectionTag)[] = Object.entries(SHORT).flatMap(([short, long]) => {
  const wrap = (value: unknown) =>
    long === 'Fn::GetAtt' && typeof value === 'string'
      ? { [long]: [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)] }
      : { [long]: value };
  return [
    { tag: `!${short}`, resolve: (value: string) => wrap(value) as never },
    {
      tag: `!${short}`,
      collection: 'seq' as const,
      resolve: (value: unknown) => wrap((value as { toJSON(): unknown }).toJSON()) as never,
    },
    {
      tag: `!${short}`,
      collection: 'map' as const,
      resolve: (value: unknown) => wrap((value as { toJSON(): unknown }).toJSON()) as never,
    },
  ];
});

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every logical id a value refers to with Ref, Fn::GetAtt or a `${X}` / `${X.Attr}` in Fn::Sub. */
export function referencesOf(value: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => referencesOf(item, out));
  else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') out.add(inner);
      else if (key === 'Fn::GetAtt' && Array.isArray(inner) && typeof inner[0] === 'string') out.add(inner[0]);
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        if (typeof text === 'string')
          for (const match of text.matchAll(/\$\{([^!}][^}.]*)(\.[^}]*)?\}/g)) out.add(match[1] ?? '');
        if (Array.isArray(inner) && inner[1] !== undefined) referencesOf(inner[1], out);
      } else referencesOf(inner, out);
    }
  }
  return out;
}

/** Parses and checks a template's shape; throws ValidationError "Template format error: …" as CloudFormation does. */
export function readTemplate(body: string): TemplateModel {
  let data: unknown;
  try {
    data = /^\s*\{/.test(body) ? JSON.parse(body) : parse(body, { customTags: TAGS });
  } catch (error) {
    throw validationError(
      `Template format error: ${/^\s*\{/.test(body) ? 'JSON' : 'YAML'} not well-formed. (${(error as Error).message.split('\n')[0]})`,
    );
  }
  if (!isObject(data)) throw validationError('Template format error: template is not an object');
  const resources = data.Resources;
  if (!isObject(resources) || Object.keys(resources).length === 0) {
    throw validationError('Template format error: At least one Resources member must be defined.');
  }
  const model: TemplateModel = { body, parameters: {}, resources: [], outputs: {}, transforms: [] };
  const transform = data.Transform;
  model.transforms = (Array.isArray(transform) ? transform : transform === undefined ? [] : [transform]).map(String);
  for (const [name, parameter] of Object.entries(isObject(data.Parameters) ? data.Parameters : {})) {
    if (!isObject(parameter) || typeof parameter.Type !== 'string') {
      throw validationError(`Template format error: Every Parameters member must contain a Type attribute. (${name})`);
    }
    model.parameters[name] = {
      type: parameter.Type,
      ...(parameter.Default === undefined ? {} : { default: String(parameter.Default) }),
      noEcho: String(parameter.NoEcho) === 'true',
    };
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== 'string') {
      throw validationError(
        `Template format error: [/Resources/${logicalId}] Every Resources object must contain a Type member.`,
      );
    }
    const dependsOn = resource.DependsOn;
    model.resources.push({
      logicalId,
      type: resource.Type,
      properties: resource.Properties ?? {},
      metadata: isObject(resource.Metadata) ? resource.Metadata : {},
      dependsOn: (Array.isArray(dependsOn) ? dependsOn : dependsOn === undefined ? [] : [dependsOn]).map(String),
    });
  }
  for (const [name, output] of Object.entries(isObject(data.Outputs) ? data.Outputs : {})) {
    if (!isObject(output) || output.Value === undefined) {
      throw validationError(
        `Template format error: Every Outputs member must contain a Value object, the Outputs member ${name} is invalid.`,
      );
    }
    const exportName = isObject(output.Export) ? output.Export.Name : undefined;
    model.outputs[name] = {
      value: output.Value,
      ...(typeof output.Description === 'string' ? { description: output.Description } : {}),
      ...(exportName === undefined ? {} : { exportName }),
    };
  }
  return model;
}

/**
 * Resources in the order CloudFormation may create them: a resource after everything it depends on (DependsOn,
 * Ref, Fn::GetAtt, Fn::Sub), otherwise in template order. Unknown names and cycles are template errors.
 */
export function creationOrder(model: TemplateModel): TemplateResource[] {
  const byId = new Map(model.resources.map((resource) => [resource.logicalId, resource]));
  const pseudo = (name: string) => name.startsWith('AWS::') || name in model.parameters;
  const unresolved = new Set<string>();
  const needs = new Map<string, string[]>();
  for (const resource of model.resources) {
    const refs = [...referencesOf(resource.properties), ...resource.dependsOn].filter((name) => !pseudo(name));
    for (const name of refs) if (!byId.has(name)) unresolved.add(name);
    needs.set(
      resource.logicalId,
      [...new Set(refs)].filter((name) => byId.has(name)),
    );
  }
  for (const output of Object.values(model.outputs)) {
    for (const name of referencesOf(output.value)) if (!pseudo(name) && !byId.has(name)) unresolved.add(name);
  }
  if (unresolved.size > 0) {
    throw validationError(
      `Template format error: Unresolved resource dependencies [${[...unresolved].join(', ')}] in the Resources block of the template`,
    );
  }
  const order: TemplateResource[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting')
      throw validationError(`Circular dependency between resources: [${path.join(', ')}]`);
    state.set(id, 'visiting');
    for (const dependency of needs.get(id) ?? []) visit(dependency, [...path, dependency]);
    state.set(id, 'done');
    order.push(byId.get(id) as TemplateResource);
  };
  for (const resource of model.resources) visit(resource.logicalId, [resource.logicalId]);
  return order;
}
