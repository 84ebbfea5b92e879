/**
 * A watched collection kept in memory, like client-go's reflector: list, then watch from the list's
 * resourceVersion; when the server ends the stream, reconnect from the last resourceVersion seen (bookmarks
 * included); when it answers 410 Gone (history compacted), list again. Network failures back off and reconnect.
 * Every change calls onChange with the current objects.
 */
import { backoffDelay } from '@aws-delivery/aws';
import { KubeApiError } from './kube-errors.js';
import type { KubeClient, WatchEvent } from './kube-client.js';
import type { KubeList, KubeObject } from './objects.js';

export interface WatchTarget {
  /** Collection path, e.g. /apis/apps/v1/namespaces/prod/deployments. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** For messages: `deployments in prod`. */
  what: string;
}

export interface ObjectWatchOptions {
  /** Server-side timeout of one watch request (the stream then ends and reconnects); default 300 s. */
  watchTimeoutSeconds?: number;
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface WatchStats {
  lists: number;
  watches: number;
  gone: number;
  errors: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

function isGone(error: unknown): boolean {
  return error instanceof KubeApiError && error.status === 410;
}

export class ObjectWatch<T extends KubeObject = KubeObject> {
  private readonly objects = new Map<string, T>();
  private resourceVersion = '';
  readonly stats: WatchStats = { lists: 0, watches: 0, gone: 0, errors: 0 };
  private readonly listeners: ((objects: T[], event?: WatchEvent<T>) => void)[] = [];
  private synced = false;

  constructor(
    private readonly client: KubeClient,
    private readonly target: WatchTarget,
    private readonly options: ObjectWatchOptions = {},
  ) {}

  onChange(listener: (objects: T[], event?: WatchEvent<T>) => void): void {
    this.listeners.push(listener);
  }

  get items(): T[] {
    return [...this.objects.values()];
  }

  get isSynced(): boolean {
    return this.synced;
  }

  private emit(event?: WatchEvent<T>): void {
    const items = this.items;
    for (const listener of this.listeners) listener(items, event);
  }

  private query(): Record<string, string | undefined> {
    return { labelSelector: this.target.labelSelector, fieldSelector: this.target.fieldSelector };
  }

  private async list(): Promise<void> {
    this.stats.lists++;
    const list = await this.client.get<KubeList<T>>(this.target.path, this.query(), this.target.what);
    this.objects.clear();
    // List items carry no kind or apiVersion (the list does); watch events do. Make them alike.
    const kind = list.kind?.replace(/List$/, '');
    for (const item of list.items) {
      if (kind && !item.kind) item.kind = kind;
      if (list.apiVersion && !item.apiVersion) item.apiVersion = list.apiVersion;
      this.objects.set(keyOf(item), item);
    }
    this.resourceVersion = list.metadata.resourceVersion ?? '';
    this.synced = true;
    this.emit();
  }

  private apply(event: WatchEvent<T>): void {
    const object = event.object;
    const version = object?.metadata?.resourceVersion;
    if (version) this.resourceVersion = version;
    if (event.type === 'BOOKMARK') return;
    if (event.type === 'DELETED') this.objects.delete(keyOf(object));
    else this.objects.set(keyOf(object), object);
    this.emit(event);
  }

  /** Runs until the signal aborts (and can run again later, resuming); throws only for what reconnecting cannot fix (401, 403, 404, ...). */
  async run(signal: AbortSignal): Promise<void> {
    const sleep = this.options.sleep ?? realSleep;
    const log = this.options.log ?? (() => undefined);
    let failures = 0;
    // A second run resumes from where the first stopped, as a reconnect would.
    let needList = !this.synced;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.list();
          needList = false;
        }
        this.stats.watches++;
        const stream = this.client.watch<T>(
          this.target.path,
          {
            ...this.query(),
            resourceVersion: this.resourceVersion,
            allowWatchBookmarks: 'true',
            timeoutSeconds: String(this.options.watchTimeoutSeconds ?? 300),
          },
          signal,
          this.target.what,
        );
        for await (const event of stream) {
          if (event.type === 'ERROR') {
            const status = event.object as unknown as { code?: number; message?: string };
            if (status.code === 410) {
              this.stats.gone++;
              log(`watch of ${this.target.what}: resourceVersion ${this.resourceVersion} is gone (410); listing again`);
              needList = true;
              break;
            }
            throw new Error(
              `watch of ${this.target.what} sent an error: ${status.message ?? JSON.stringify(event.object)}`,
            );
          }
          this.apply(event);
          failures = 0;
        }
      } catch (error) {
        if (signal.aborted) return;
        if (isGone(error)) {
          this.stats.gone++;
          needList = true;
          log(`watch of ${this.target.what}: 410 Gone; listing again`);
          continue;
        }
        if (error instanceof KubeApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
          throw error;
        }
        this.stats.errors++;
        failures++;
        const delay = backoffDelay(Math.min(failures, 6), { maxAttempts: 0, baseDelayMs: 200, maxDelayMs: 5000 });
        log(`watch of ${this.target.what} failed (${(error as Error).message}); reconnecting in ${delay} ms`);
        await sleep(delay);
      }
    }
  }
}

/** A label selector object as the query string the API takes. */
export function labelSelectorString(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return '';
  const { matchLabels, matchExpressions } = selector as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const terms = Object.entries(matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of matchExpressions ?? []) {
    const values = (expression.values ?? []).join(',');
    switch (expression.operator) {
      case 'In':
        terms.push(`${expression.key} in (${values})`);
        break;
      case 'NotIn':
        terms.push(`${expression.key} notin (${values})`);
        break;
      case 'Exists':
        terms.push(expression.key);
        break;
      case 'DoesNotExist':
        terms.push(`!${expression.key}`);
        break;
      default:
        throw new Error(`unknown label selector operator "${expression.operator}"`);
    }
  }
  return terms.join(',');
}
