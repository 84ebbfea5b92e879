/**
 * The three non-apply PATCH bodies the API server accepts:
 *  - application/json-patch+json (RFC 6902), which `kubectl rollout undo deployment` sends;
 *  - application/merge-patch+json (RFC 7386);
 *  - application/strategic-merge-patch+json, which `kubectl set image`, `kubectl rollout undo` for StatefulSets and
 *    DaemonSets, and client-side apply send: keyed lists merge item by item and the `$patch`, `$setElementOrder`,
 *    `$retainKeys` and `$deleteFromPrimitiveList` directives are honoured.
 */
import { ApiError } from './status.js';
import { clone, deepEqual, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { listTypeAt } from './list-types.js';

export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return clone(patch);
  const result: JsonObject = isJsonObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

// ---- RFC 6902 JSON patch ----

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new ApiError(422, 'Invalid', `JSON pointer "${pointer}" must start with "/"`);
  return pointer.slice(1).split('/').map(unescapePointer);
}

function containerAt(root: JsonValue, tokens: string[], pointer: string): JsonValue {
  let current = root;
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[Number(token)] as JsonValue;
    else if (isJsonObject(current)) current = current[token] as JsonValue;
    else current = undefined as unknown as JsonValue;
    if (current === undefined) {
      throw new ApiError(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: doc is missing path: "${pointer}"`,
      );
    }
  }
  return current;
}

function getAt(root: JsonValue, pointer: string): JsonValue {
  return containerAt(root, parsePointer(pointer), pointer);
}

function removeAt(root: JsonValue, pointer: string): JsonValue {
  const tokens = parsePointer(pointer);
  const last = tokens.pop();
  if (last === undefined) throw new ApiError(422, 'Invalid', 'cannot remove the document root');
  const parent = containerAt(root, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) {
      throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}"`);
    }
    return parent.splice(index, 1)[0] as JsonValue;
  }
  if (isJsonObject(parent) && last in parent) {
    const value = parent[last] as JsonValue;
    delete parent[last];
    return value;
  }
  throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}"`);
}

function addAt(root: JsonValue, pointer: string, value: JsonValue, replace: boolean): JsonValue {
  const tokens = parsePointer(pointer);
  const last = tokens.pop();
  if (last === undefined) return clone(value);
  const parent = containerAt(root, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length || (replace && index >= parent.length)) {
      throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}"`);
    }
    parent.splice(index, replace ? 1 : 0, clone(value));
  } else if (isJsonObject(parent)) {
    if (replace && !(last in parent)) throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}"`);
    parent[last] = clone(value);
  } else {
    throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}"`);
  }
  return root;
}

export function applyJsonPatch(target: JsonValue, operations: JsonValue): JsonValue {
  if (!Array.isArray(operations)) throw new ApiError(400, 'BadRequest', 'a JSON patch must be an array of operations');
  let doc = clone(target);
  for (const op of operations) {
    if (!isJsonObject(op)) throw new ApiError(400, 'BadRequest', 'each JSON patch operation must be an object');
    const path = String(op.path ?? '');
    switch (op.op) {
      case 'add':
        doc = addAt(doc, path, op.value as JsonValue, false);
        break;
      case 'replace':
        doc = addAt(doc, path, op.value as JsonValue, true);
        break;
      case 'remove':
        removeAt(doc, path);
        break;
      case 'move': {
        const value = removeAt(doc, String(op.from ?? ''));
        doc = addAt(doc, path, value, false);
        break;
      }
      case 'copy':
        doc = addAt(doc, path, getAt(doc, String(op.from ?? '')), false);
        break;
      case 'test':
        if (!deepEqual(getAt(doc, path), op.value)) {
          throw new ApiError(422, 'Invalid', `testing value ${path} failed`);
        }
        break;
      default:
        throw new ApiError(400, 'BadRequest', `unexpected JSON patch operation ${JSON.stringify(op.op)}`);
    }
  }
  return doc;
}

// ---- strategic merge patch ----

const ORDER_PREFIX = '$setElementOrder/';
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/';

function itemKey(item: JsonValue, keys: string[]): string | undefined {
  if (!isJsonObject(item)) return undefined;
  return JSON.stringify(keys.map((k) => item[k] ?? null));
}

function mergeKeyedList(
  original: JsonValue[],
  patch: JsonValue[],
  keys: string[],
  path: string[],
  builtin: boolean,
): JsonValue[] {
  if (patch.some((item) => isJsonObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isJsonObject(item) && item.$patch === 'replace'));
  }
  const result = original.map((item) => clone(item));
  for (const item of patch) {
    const key = itemKey(item, keys);
    const index = key === undefined ? -1 : result.findIndex((existing) => itemKey(existing, keys) === key);
    if (isJsonObject(item) && item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = strategicMerge(result[index], item, path, builtin) as JsonValue;
    else result.push(strategicMerge(undefined, item, path, builtin) as JsonValue);
  }
  return result;
}

function orderBy(list: JsonValue[], order: JsonValue[], keys: string[] | undefined): JsonValue[] {
  const keyOf = (item: JsonValue) => (keys ? itemKey(item, keys) : JSON.stringify(item));
  const wanted = order.map(keyOf);
  const listed = wanted.flatMap((k) => list.filter((item) => keyOf(item) === k));
  const rest = list.filter((item) => !wanted.includes(keyOf(item)));
  return [...listed, ...rest];
}

/** Returns undefined when the patch deletes the whole value (`$patch: delete`). */
export function strategicMerge(
  original: JsonValue | undefined,
  patch: JsonValue,
  path: string[] = [],
  builtin = true,
): JsonValue | undefined {
  if (!isJsonObject(patch)) return clone(patch);
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') {
    const replaced = clone(patch);
    delete replaced.$patch;
    return replaced;
  }
  const result: JsonObject = isJsonObject(original) ? clone(original) : {};
  const orders: [string, JsonValue[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key === '$retainKeys') continue;
    if (key.startsWith(ORDER_PREFIX)) {
      if (Array.isArray(value)) orders.push([key.slice(ORDER_PREFIX.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_PRIMITIVE_PREFIX)) {
      const field = key.slice(DELETE_PRIMITIVE_PREFIX.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) {
        result[field] = current.filter((item) => !value.some((v) => deepEqual(v, item)));
      }
      continue;
    }
    const childPath = [...path, key];
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      const listType = listTypeAt(childPath, builtin);
      const current = Array.isArray(result[key]) ? (result[key] as JsonValue[]) : [];
      if (listType.type === 'map') result[key] = mergeKeyedList(current, value, listType.keys, childPath, builtin);
      else if (listType.type === 'set') {
        result[key] = [...current, ...value.filter((v) => !current.some((c) => deepEqual(c, v)))];
      } else result[key] = clone(value);
    } else if (isJsonObject(value)) {
      const merged = strategicMerge(result[key], value, childPath, builtin);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  for (const [field, order] of orders) {
    const current = result[field];
    if (!Array.isArray(current)) continue;
    const listType = listTypeAt([...path, field], builtin);
    result[field] = orderBy(current, order, listType.type === 'map' ? listType.keys : undefined);
  }
  return result;
}
