/**
 * The deploy annotation: a region that starts when a step applies and ends when the post step, or a later step
 * (annotation-end: later, then end-annotation-id), sets its timeEnd.
 * https://grafana.com/docs/grafana/latest/developers/http_api/annotations/
 */
import type { DeployAnnotation } from './config.js';
import type { GrafanaClient } from './grafana/client.js';

/** POST /api/annotations; not idempotent (the default for POST): a repeat after a lost answer would make a second. */
export async function startAnnotation(client: GrafanaClient, annotation: DeployAnnotation, now: Date): Promise<number> {
  const created = await client.request<{ id: number }>('POST', '/api/annotations', {
    time: now.getTime(),
    text: annotation.text,
    tags: annotation.tags,
  });
  return created.id;
}

/** PATCH timeEnd only: setting it twice ends the region at the same place, so it is safe to repeat. */
export async function endAnnotation(client: GrafanaClient, id: number, now: Date): Promise<void> {
  await client.request('PATCH', `/api/annotations/${id}`, { timeEnd: now.getTime() }, { idempotent: true });
}
