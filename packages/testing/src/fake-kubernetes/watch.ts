/**
 * Watch streams (`?watch=1`): newline-delimited JSON events, as the real server sends with chunked encoding.
 *  - resourceVersion unset or "0": synthetic ADDED events for the current objects, then changes;
 *  - resourceVersion N: every change after N, replayed from history, then live changes; when history no longer
 *    reaches N, one ERROR event carrying a 410 Expired Status and the stream ends (clients must relist);
 *  - sendInitialEvents=true: the initial ADDED events, then a BOOKMARK annotated k8s.io/initial-events-end;
 *  - label and field selectors filter events; an object that stops matching is reported DELETED;
 *  - timeoutSeconds ends the stream cleanly;
 *  - while `silent` is set, new streams send their headers and then no event at all until they end, as behind a
 *    proxy that holds a streamed answer back until it is complete.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from './status.js';
import type { JsonObject } from './json.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { apiVersionOf, storageKey, type ResourceType } from './resources.js';
import type { ObjectStore, StoreEvent, WatchEventType } from './store.js';
import type { KubeObject } from './types.js';

export interface WatchRequest {
  type: ResourceType;
  version: string;
  namespace: string | undefined;
  query: URLSearchParams;
}

const DEFAULT_TIMEOUT_SECONDS = 1800;

export class WatchHub {
  private readonly open = new Set<ServerResponse>();
  /** Watches opened while this is true never deliver an event. */
  silent = false;

  constructor(private readonly store: ObjectStore) {}

  get openWatches(): number {
    return this.open.size;
  }

  serve(req: IncomingMessage, res: ServerResponse, watch: WatchRequest): void {
    const { type, query } = watch;
    const labels = parseLabelSelector(query.get('labelSelector'));
    const fields = parseFieldSelector(query.get('fieldSelector'), type.kind);
    const inScope = (o: KubeObject) =>
      !type.namespaced || watch.namespace === undefined || o.metadata.namespace === watch.namespace;
    const matches = (o: KubeObject | undefined) =>
      o !== undefined && inScope(o) && labels(o.metadata.labels) && fields(o);
    const key = storageKey(type);
    const apiVersion = apiVersionOf(type, watch.version);

    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache',
    });
    res.flushHeaders();
    const silent = this.silent;
    const send = (eventType: WatchEventType | 'ERROR' | 'BOOKMARK', object: KubeObject | JsonObject) => {
      if (silent) return;
      const body = eventType === 'ERROR' || eventType === 'BOOKMARK' ? object : { ...object, apiVersion };
      res.write(`${JSON.stringify({ type: eventType, object: body })}\n`);
    };

    const requested = query.get('resourceVersion') ?? '';
    const initialEvents = query.get('sendInitialEvents') === 'true';
    const revision = this.store.currentRevision();
    let replay: StoreEvent[] = [];
    if (initialEvents || requested === '' || requested === '0') {
      for (const object of this.store.scan(key)) if (matches(object)) send('ADDED', object);
      if (initialEvents) {
        send('BOOKMARK', {
          kind: type.kind,
          apiVersion,
          metadata: { resourceVersion: String(revision), annotations: { 'k8s.io/initial-events-end': 'true' } },
        });
      }
    } else {
      const from = Number(requested);
      const history = Number.isFinite(from) ? this.store.eventsSince(key, from) : 'expired';
      if (history === 'expired') {
        const oldest = this.store.oldestWatchableRevision();
        send('ERROR', errors.gone(`too old resource version: ${requested} (${oldest})`).toStatus());
        res.end();
        return;
      }
      replay = history;
    }

    const deliver = (event: StoreEvent) => {
      if (event.key !== key) return;
      const now = matches(event.object);
      const before = event.type === 'MODIFIED' && matches(event.previous);
      if (event.type === 'ADDED' && now) send('ADDED', event.object);
      else if (event.type === 'DELETED' && now) send('DELETED', event.object);
      else if (event.type === 'MODIFIED') {
        if (now && before) send('MODIFIED', event.object);
        else if (now) send('ADDED', event.object);
        else if (before) send('DELETED', event.object);
      }
    };
    for (const event of replay) deliver(event);
    const unsubscribe = this.store.subscribe(deliver);
    this.open.add(res);

    const timeoutSeconds = Number(query.get('timeoutSeconds') ?? DEFAULT_TIMEOUT_SECONDS);
    const timer = setTimeout(() => res.end(), Math.max(0, timeoutSeconds) * 1000);
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
      this.open.delete(res);
    };
    res.on('close', finish);
    res.on('finish', finish);
    req.on('close', finish);
  }

  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
