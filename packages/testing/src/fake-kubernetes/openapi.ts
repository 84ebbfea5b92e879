/**
 * A minimal OpenAPI v3 description: per group-version, the object paths with their operations, each tagged with
 * x-kubernetes-group-version-kind and x-kubernetes-action and listing the query parameters the fake honours.
 * kubectl reads it to learn that the server validates fields itself (the fieldValidation parameter on PATCH), which
 * lets `kubectl apply` skip client-side schema validation and its OpenAPI v2 download. Schemas are open objects:
 * the fake does not validate field names (fieldValidation=Strict is accepted and not enforced).
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from './json.js';
import type { ResourceRegistry, ResourceType } from './resources.js';

function queryParameter(name: string, type: 'string' | 'boolean' | 'integer'): JsonObject {
  return { name, in: 'query', schema: { type, uniqueItems: true } };
}

const WRITE_PARAMETERS = [
  queryParameter('dryRun', 'string'),
  queryParameter('fieldManager', 'string'),
  queryParameter('fieldValidation', 'string'),
];

function schemaName(type: ResourceType, version: string): string {
  const group = type.group || 'core';
  return `io.k8s.fake.${group}.${version}.${type.kind}`;
}

function operation(type: ResourceType, version: string, action: string, parameters: JsonObject[]): JsonObject {
  const ref = { $ref: `#/components/schemas/${schemaName(type, version)}` };
  return {
    operationId: `${action}${type.kind}`,
    parameters,
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: type.group, version, kind: type.kind },
  };
}

function basePath(type: ResourceType, version: string): string {
  const prefix = type.group ? `/apis/${type.group}/${version}` : `/api/${version}`;
  return type.namespaced ? `${prefix}/namespaces/{namespace}/${type.resource}` : `${prefix}/${type.resource}`;
}

export function openApiV3Group(registry: ResourceRegistry, group: string, version: string): JsonObject | undefined {
  const types = registry.all().filter((t) => t.group === group && t.versions.includes(version));
  if (types.length === 0) return undefined;
  const paths: JsonObject = {};
  const schemas: JsonObject = {};
  for (const type of types) {
    const collection = basePath(type, version);
    paths[collection] = {
      get: operation(type, version, 'list', [
        queryParameter('labelSelector', 'string'),
        queryParameter('watch', 'boolean'),
      ]),
      post: operation(type, version, 'post', WRITE_PARAMETERS),
    };
    paths[`${collection}/{name}`] = {
      get: operation(type, version, 'get', []),
      put: operation(type, version, 'put', WRITE_PARAMETERS),
      patch: operation(type, version, 'patch', [...WRITE_PARAMETERS, queryParameter('force', 'boolean')]),
      delete: operation(type, version, 'delete', [queryParameter('dryRun', 'string')]),
    };
    schemas[schemaName(type, version)] = {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-group-version-kind': [{ group: type.group, version, kind: type.kind }],
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes (fake)', version: 'v1' },
    paths,
    components: { schemas },
  };
}

export function openApiV3Root(registry: ResourceRegistry): JsonObject {
  const paths: JsonObject = {};
  const groupVersions = new Set(registry.all().flatMap((t) => t.versions.map((v) => `${t.group}|${v}`)));
  for (const gv of groupVersions) {
    const [group = '', version = ''] = gv.split('|');
    const key = group ? `apis/${group}/${version}` : `api/${version}`;
    const hash = createHash('sha512')
      .update(JSON.stringify(openApiV3Group(registry, group, version)))
      .digest('hex')
      .slice(0, 128)
      .toUpperCase();
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { paths };
}
