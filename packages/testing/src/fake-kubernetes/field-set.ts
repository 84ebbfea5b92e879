/**
 * Field sets as server-side apply tracks them: each owned field is a path of FieldsV1 elements
 * (`f:name` map field, `k:{"name":"app"}` keyed list item, `v:"x"` set member). Sets serialise to and from the
 * `fieldsV1` tree that `metadata.managedFields` carries.
 */
import { canonicalJson, deepEqual, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { listTypeAt } from './list-types.js';

export type FieldPath = string[];

export class FieldSet {
  private readonly paths = new Map<string, FieldPath>();

  static of(paths: Iterable<FieldPath>): FieldSet {
    const set = new FieldSet();
    for (const p of paths) set.add(p);
    return set;
  }

  add(path: FieldPath): void {
    this.paths.set(JSON.stringify(path), path);
  }

  has(path: FieldPath): boolean {
    return this.paths.has(JSON.stringify(path));
  }

  delete(path: FieldPath): void {
    this.paths.delete(JSON.stringify(path));
  }

  get size(): number {
    return this.paths.size;
  }

  values(): FieldPath[] {
    return [...this.paths.values()];
  }

  /** True when this set holds a path strictly below `prefix`. */
  hasBelow(prefix: FieldPath): boolean {
    return this.values().some((p) => p.length > prefix.length && prefix.every((el, i) => p[i] === el));
  }

  minus(other: FieldSet): FieldSet {
    return FieldSet.of(this.values().filter((p) => !other.has(p)));
  }

  toFieldsV1(): JsonObject {
    const root: JsonObject = {};
    const sorted = this.values().sort((a, b) => a.length - b.length);
    for (const path of sorted) {
      let node = root;
      for (const element of path) {
        const next = isJsonObject(node[element]) ? (node[element] as JsonObject) : {};
        node[element] = next;
        node = next;
      }
      node['.'] = {};
    }
    return collapseSelfMarkers(root);
  }

  static fromFieldsV1(tree: JsonValue | undefined): FieldSet {
    const set = new FieldSet();
    const walk = (node: JsonObject, prefix: FieldPath) => {
      for (const [element, child] of Object.entries(node)) {
        if (element === '.') continue;
        const path = [...prefix, element];
        const childTree = isJsonObject(child) ? child : {};
        const children = Object.keys(childTree);
        if (children.length === 0 || children.includes('.')) set.add(path);
        walk(childTree, path);
      }
    };
    if (isJsonObject(tree)) walk(tree, []);
    return set;
  }
}

/** `{".": {}}` alone means a leaf `{}`; keep "." only where a node is owned itself and also has children. */
function collapseSelfMarkers(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(node)) {
    if (key === '.') continue;
    const childObject = isJsonObject(child) ? child : {};
    const keys = Object.keys(childObject);
    if (keys.length === 1 && keys[0] === '.') out[key] = {};
    else {
      const collapsed = collapseSelfMarkers(childObject);
      out[key] = keys.includes('.') ? { '.': {}, ...collapsed } : collapsed;
    }
  }
  return out;
}

function listItemElement(item: JsonValue, keys: string[]): string | undefined {
  if (!isJsonObject(item)) return undefined;
  const key: JsonObject = {};
  for (const k of keys) if (item[k] !== undefined) key[k] = item[k] as JsonValue;
  return `k:${canonicalJson(key)}`;
}

/** Every leaf, keyed list item and set member in `value`. `names` is the field-name path used for list types. */
export function fieldsOf(value: JsonValue, builtin: boolean, prefix: FieldPath = [], names: string[] = []): FieldSet {
  const set = new FieldSet();
  const collect = (v: JsonValue, path: FieldPath, fieldNames: string[]) => {
    if (isJsonObject(v)) {
      const keys = Object.keys(v).filter((k) => v[k] !== undefined);
      if (keys.length === 0 && path.length > 0) set.add(path);
      for (const k of keys) collect(v[k] as JsonValue, [...path, `f:${k}`], [...fieldNames, k]);
      return;
    }
    if (Array.isArray(v)) {
      const listType = listTypeAt(fieldNames, builtin);
      if (v.length === 0 || listType.type === 'atomic') {
        set.add(path);
        return;
      }
      for (const item of v) {
        if (listType.type === 'set') {
          set.add([...path, `v:${canonicalJson(item)}`]);
          continue;
        }
        const element = listItemElement(item, listType.keys);
        if (!element || !isJsonObject(item)) {
          set.add(path);
          continue;
        }
        const itemPath = [...path, element];
        set.add(itemPath);
        for (const [k, child] of Object.entries(item)) {
          if (child !== undefined) collect(child, [...itemPath, `f:${k}`], [...fieldNames, k]);
        }
      }
      return;
    }
    set.add(path);
  };
  collect(value, prefix, names);
  return set;
}

interface Located {
  found: boolean;
  value?: JsonValue;
}

function matchesElement(item: JsonValue, element: string): boolean {
  if (element.startsWith('v:')) return canonicalJson(item) === element.slice(2);
  if (!element.startsWith('k:') || !isJsonObject(item)) return false;
  const key = JSON.parse(element.slice(2)) as JsonObject;
  return Object.entries(key).every(([k, v]) => deepEqual(item[k], v));
}

export function valueAt(root: JsonValue | undefined, path: FieldPath): Located {
  let current: JsonValue | undefined = root;
  for (const element of path) {
    if (element.startsWith('f:')) {
      if (!isJsonObject(current)) return { found: false };
      const name = element.slice(2);
      if (!(name in current) || current[name] === undefined) return { found: false };
      current = current[name];
    } else if (Array.isArray(current)) {
      current = current.find((item) => matchesElement(item, element));
      if (current === undefined) return { found: false };
    } else return { found: false };
  }
  return { found: true, value: current as JsonValue };
}

export function removeAt(root: JsonValue, path: FieldPath): void {
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!parent.found || last === undefined) return;
  const container = parent.value;
  if (last.startsWith('f:') && isJsonObject(container)) delete container[last.slice(2)];
  else if (Array.isArray(container)) {
    const index = container.findIndex((item) => matchesElement(item, last));
    if (index >= 0) container.splice(index, 1);
  }
}

/** `.spec.template.spec.containers[name="app"].image`, as structured-merge-diff prints a path. */
export function describePath(path: FieldPath): string {
  return path
    .map((element) => {
      if (element.startsWith('f:')) return `.${element.slice(2)}`;
      if (element.startsWith('k:')) {
        const key = JSON.parse(element.slice(2)) as JsonObject;
        return `[${Object.entries(key)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      if (element.startsWith('v:')) return `[=${element.slice(2)}]`;
      return `[${element.slice(2)}]`;
    })
    .join('');
}
