/**
 * Values of a template the fake has to compute: output values and the properties a change set compares. It knows
 * Ref (parameters, resources, pseudo parameters), Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select and literals; any
 * other function in an output is reported as something the fake cannot evaluate, never guessed.
 */
import { partitionOfRegion } from '@aws-delivery/aws/names';
import type { Json } from './template.js';

export interface EvaluationContext {
  region: string;
  accountId: string;
  stackName: string;
  stackId: string;
  parameters: Record<string, string>;
  /** Physical id and type of each created resource, and attribute overrides from its marker. */
  resources: Record<string, { physicalId: string; type: string; attributes: Record<string, string> }>;
}

export class UnsupportedIntrinsic extends Error {}

function pseudo(name: string, context: EvaluationContext): string | undefined {
  const partition = partitionOfRegion(context.region);
  switch (name) {
    case 'AWS::Region':
      return context.region;
    case 'AWS::AccountId':
      return context.accountId;
    case 'AWS::StackName':
      return context.stackName;
    case 'AWS::StackId':
      return context.stackId;
    case 'AWS::Partition':
      return partition.id;
    case 'AWS::URLSuffix':
      return partition.dnsSuffix;
    default:
      return undefined;
  }
}

/** `AWS::SQS::Queue` → `sqs`: the service part of a made-up ARN. */
function serviceOf(type: string): string {
  return (type.split('::')[1] ?? 'resource').toLowerCase();
}

export function attributeOf(logicalId: string, attribute: string, context: EvaluationContext): string {
  const resource = context.resources[logicalId];
  if (!resource) throw new UnsupportedIntrinsic(`Fn::GetAtt of ${logicalId}, which the stack does not have`);
  const given = resource.attributes[attribute];
  if (given !== undefined) return given;
  if (attribute === 'Arn') {
    return `arn:${partitionOfRegion(context.region).id}:${serviceOf(resource.type)}:${context.region}:${context.accountId}:${resource.physicalId}`;
  }
  return `${resource.physicalId}.${attribute}`;
}

function reference(name: string, context: EvaluationContext): string {
  const value = pseudo(name, context) ?? context.parameters[name] ?? context.resources[name]?.physicalId;
  if (value === undefined)
    throw new UnsupportedIntrinsic(`Ref to ${name}, which is neither a parameter nor a resource`);
  return value;
}

function text(value: Json, context: EvaluationContext): string {
  const result = evaluate(value, context);
  if (typeof result === 'object' && result !== null) throw new UnsupportedIntrinsic('a list where a string is needed');
  return String(result);
}

export function evaluate(value: Json, context: EvaluationContext): Json {
  if (Array.isArray(value)) return value.map((item) => evaluate(item, context));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const [fn] = keys;
  if (keys.length !== 1 || fn === undefined || !(fn === 'Ref' || fn.startsWith('Fn::'))) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, evaluate(inner, context)]));
  }
  const argument = value[fn] as Json;
  switch (fn) {
    case 'Ref':
      return reference(String(argument), context);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(argument) ? argument.map(String) : String(argument).split('.');
      return attributeOf(logicalId ?? '', attribute ?? '', context);
    }
    case 'Fn::Join': {
      const [separator, items] = Array.isArray(argument) ? argument : [];
      const list = evaluate(items ?? [], context);
      if (!Array.isArray(list)) throw new UnsupportedIntrinsic('Fn::Join of something that is not a list');
      return list.map(String).join(String(separator ?? ''));
    }
    case 'Fn::Select': {
      const [index, items] = Array.isArray(argument) ? argument : [];
      const list = evaluate(items ?? [], context);
      if (!Array.isArray(list)) throw new UnsupportedIntrinsic('Fn::Select of something that is not a list');
      return list[Number(index)] ?? null;
    }
    case 'Fn::Sub': {
      const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
      const locals = typeof variables === 'object' && variables !== null && !Array.isArray(variables) ? variables : {};
      return String(template).replace(/\$\{(!?)([^}]+)\}/g, (_whole, bang: string, name: string) => {
        if (bang) return `\${${name}}`;
        if (name in locals) return text(locals[name] as Json, context);
        const dot = name.indexOf('.');
        if (dot > 0 && !name.startsWith('AWS::')) return attributeOf(name.slice(0, dot), name.slice(dot + 1), context);
        return reference(name, context);
      });
    }
    default:
      throw new UnsupportedIntrinsic(fn);
  }
}
