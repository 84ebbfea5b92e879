/**
 * Annotations: create (region annotations with `timeEnd`), PATCH, PUT, read one, list with time, tag and dashboard
 * filters, delete (https://grafana.com/docs/grafana/latest/developers/http_api/annotations/).
 */
import { fail } from '../errors.js';
import { int, ok, requireRole, str, type RouteContext, type Router } from '../http.js';
import type { Annotation, Json } from '../store.js';

function tagsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function annotationView(a: Annotation): Json {
  return {
    id: a.id,
    alertId: 0,
    alertName: '',
    dashboardId: a.dashboardId,
    dashboardUID: a.dashboardUID,
    panelId: a.panelId,
    userId: a.userId,
    newState: '',
    prevState: '',
    created: a.created,
    updated: a.updated,
    time: a.time,
    timeEnd: a.timeEnd,
    text: a.text,
    tags: a.tags,
    login: a.login,
    email: '',
    avatarUrl: '',
    data: {},
  };
}

function findAnnotation(ctx: RouteContext, id: string | undefined): Annotation {
  const annotation = ctx.store.annotations.get(Number(id));
  if (!annotation) throw fail.notFound('Annotation not found');
  return annotation;
}

export function registerAnnotations(router: Router): void {
  router.add('POST', '/api/annotations', (req, ctx) => {
    requireRole(req, 'Editor');
    const body = req.json();
    const text = str(body.text);
    if (!text) throw fail.badRequest('Failed to save annotation: text field should not be empty');
    const now = ctx.now().getTime();
    const time = typeof body.time === 'number' && body.time > 0 ? body.time : now;
    const dashboardUID = str(body.dashboardUID) ?? '';
    const annotation: Annotation = {
      id: ctx.store.nextId('annotation'),
      dashboardUID,
      dashboardId:
        ctx.store.dashboards.get(dashboardUID)?.id ?? (typeof body.dashboardId === 'number' ? body.dashboardId : 0),
      panelId: typeof body.panelId === 'number' ? body.panelId : 0,
      time,
      timeEnd: typeof body.timeEnd === 'number' && body.timeEnd > 0 ? body.timeEnd : time,
      text,
      tags: tagsOf(body.tags),
      created: now,
      updated: now,
      userId: req.identity.userId,
      login: req.identity.login,
    };
    ctx.store.annotations.set(annotation.id, annotation);
    return ok({ message: 'Annotation added', id: annotation.id });
  });

  router.add('PATCH', '/api/annotations/:id', (req, ctx) => {
    requireRole(req, 'Editor');
    const a = findAnnotation(ctx, req.params.id);
    const body = req.json();
    if (typeof body.time === 'number' && body.time > 0) a.time = body.time;
    if (typeof body.timeEnd === 'number' && body.timeEnd > 0) a.timeEnd = body.timeEnd;
    if (str(body.text)) a.text = str(body.text) ?? a.text;
    if (Array.isArray(body.tags)) a.tags = tagsOf(body.tags);
    a.updated = ctx.now().getTime();
    return ok({ message: 'Annotation patched' });
  });

  router.add('PUT', '/api/annotations/:id', (req, ctx) => {
    requireRole(req, 'Editor');
    const a = findAnnotation(ctx, req.params.id);
    const body = req.json();
    const text = str(body.text);
    if (!text) throw fail.badRequest('Failed to update annotation: text field should not be empty');
    a.text = text;
    a.time = typeof body.time === 'number' && body.time > 0 ? body.time : a.time;
    a.timeEnd = typeof body.timeEnd === 'number' && body.timeEnd > 0 ? body.timeEnd : a.time;
    a.tags = tagsOf(body.tags);
    a.updated = ctx.now().getTime();
    return ok({ message: 'Annotation updated' });
  });

  router.add('GET', '/api/annotations/:id', (req, ctx) => ok(annotationView(findAnnotation(ctx, req.params.id))));

  router.add('GET', '/api/annotations', (req, ctx) => {
    const q = req.query;
    const from = int(q.get('from'), 0);
    const to = int(q.get('to'), Number.MAX_SAFE_INTEGER);
    const tags = q.getAll('tags');
    const matchAny = q.get('matchAny') === 'true';
    const dashboardUID = q.get('dashboardUID');
    const type = q.get('type');
    const limit = Math.max(int(q.get('limit'), 100), 1);
    const found = [...ctx.store.annotations.values()]
      .filter((a) => a.time <= to && a.timeEnd >= from)
      .filter((a) => !dashboardUID || a.dashboardUID === dashboardUID)
      .filter(() => type !== 'alert')
      .filter(
        (a) =>
          tags.length === 0 ||
          (matchAny ? tags.some((t) => a.tags.includes(t)) : tags.every((t) => a.tags.includes(t))),
      )
      .sort((a, b) => b.time - a.time || b.id - a.id)
      .slice(0, limit);
    return ok(found.map(annotationView));
  });

  router.add('DELETE', '/api/annotations/:id', (req, ctx) => {
    requireRole(req, 'Editor');
    const a = findAnnotation(ctx, req.params.id);
    ctx.store.annotations.delete(a.id);
    return ok({ message: 'Annotation deleted' });
  });
}
