/**
 * Alerting provisioning: rule groups (GET, and PUT that replaces the whole group), single rules, and contact points.
 * Writes mark resources with provenance `api` unless the request carries `X-Disable-Provenance`; changing a rule from
 * `api` to none fails with 500 on 9.5/10.x (grafana/grafana#74558), contact points always refuse it
 * (https://grafana.com/docs/grafana/latest/developers/http_api/alerting_provisioning/).
 */
import { fail } from '../errors.js';
import { ok, requireRole, str, type Request, type RouteContext, type Router } from '../http.js';
import { checkUid, generateUid, type AlertRule, type ContactPoint, type Json, type Provenance } from '../store.js';

/** The scheduler's base interval: group intervals must be a non-zero multiple of it. */
const BASE_INTERVAL_SECONDS = 10;

/** Settings each integration stores encrypted and answers as "[REDACTED]". */
const SECURE_SETTINGS: Record<string, string[]> = {
  slack: ['url', 'token'],
  webhook: ['password', 'authorization_credentials'],
  pagerduty: ['integrationKey'],
  opsgenie: ['apiKey'],
  telegram: ['bottoken'],
  teams: ['url'],
  googlechat: ['url'],
  discord: ['url'],
};
const REDACTED = '[REDACTED]';

export function requestProvenance(req: Request): Provenance {
  return req.headers['x-disable-provenance'] !== undefined ? '' : 'api';
}

export function checkProvenanceChange(
  ctx: RouteContext,
  from: Provenance,
  to: Provenance,
  kind: 'rule' | 'contact',
): void {
  if (from === to || from === '') return;
  const apiToNone = from === 'api' && to === '';
  if (apiToNone && kind === 'rule' && !ctx.profile.provenanceApiToNoneFails) return;
  throw fail.internal(`cannot change provenance from '${from}' to '${to}'`);
}

function parseDuration(text: string): number | undefined {
  const found = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!found) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[found[2] as 's' | 'm' | 'h' | 'd'];
  return Number(found[1]) * unit;
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, String(v)]));
}

function ruleFromBody(
  ctx: RouteContext,
  body: Json,
  folderUID: string,
  ruleGroup: string,
  provenance: Provenance,
): AlertRule {
  const title = str(body.title)?.trim();
  if (!title) throw fail.badRequest('invalid alert rule: title is empty');
  const condition = str(body.condition);
  if (!condition) throw fail.badRequest('invalid alert rule: condition is empty');
  if (!Array.isArray(body.data) || body.data.length === 0)
    throw fail.badRequest('invalid alert rule: no queries or expressions are found');
  const uid = str(body.uid) ?? '';
  const problem = checkUid(uid, 'alert rule');
  if (problem) throw fail.badRequest(problem);
  const forText = str(body.for) ?? '0s';
  if (parseDuration(forText) === undefined) throw fail.badRequest(`invalid alert rule: invalid duration "${forText}"`);
  return {
    id: 0,
    uid: uid || generateUid(),
    folderUID,
    ruleGroup,
    title,
    condition,
    data: body.data,
    noDataState: str(body.noDataState) ?? 'NoData',
    execErrState: str(body.execErrState) ?? 'Alerting',
    for: forText,
    annotations: stringMap(body.annotations),
    labels: stringMap(body.labels),
    isPaused: body.isPaused === true,
    provenance,
    updated: ctx.now().toISOString(),
  };
}

export function ruleView(rule: AlertRule): Json {
  return { ...rule, orgID: 1 };
}

function groupView(ctx: RouteContext, folderUid: string, group: string): Json {
  const rules = ctx.store.rulesIn(folderUid).filter((r) => r.ruleGroup === group);
  const interval = ctx.store.ruleGroupIntervals.get(`${folderUid}/${group}`);
  if (rules.length === 0 && interval === undefined) throw fail.notFound('rule group does not exist');
  return { title: group, folderUid, interval: interval ?? 60, rules: rules.map(ruleView) };
}

/** PUT semantics: the group becomes exactly the rules sent; rules left out are deleted. */
export function replaceRuleGroup(
  ctx: RouteContext,
  folderUid: string,
  group: string,
  body: Json,
  provenance: Provenance,
): Json {
  const { store } = ctx;
  if (!store.folders.has(folderUid)) throw fail.badRequest(`folder does not exist: ${folderUid}`);
  const interval = typeof body.interval === 'number' ? body.interval : NaN;
  if (!(interval > 0) || interval % BASE_INTERVAL_SECONDS !== 0) {
    throw fail.badRequest(
      `invalid rule group: interval (${String(body.interval)}s) should be non-zero and divided exactly by scheduler interval: ${BASE_INTERVAL_SECONDS}s`,
    );
  }
  const sent = Array.isArray(body.rules) ? (body.rules as Json[]) : [];
  const incoming = sent.map((r) => ruleFromBody(ctx, r, folderUid, group, provenance));
  const current = store.rulesIn(folderUid).filter((r) => r.ruleGroup === group);
  for (const rule of incoming) {
    const before = store.alertRules.get(rule.uid);
    if (before) checkProvenanceChange(ctx, before.provenance, provenance, 'rule');
  }
  for (const gone of current.filter((r) => !incoming.some((i) => i.uid === r.uid))) {
    checkProvenanceChange(ctx, gone.provenance, provenance, 'rule');
  }
  for (const gone of current) store.alertRules.delete(gone.uid);
  for (const rule of incoming) {
    const before = [...store.alertRules.values()].find((r) => r.uid === rule.uid);
    if (before) store.alertRules.delete(before.uid);
    rule.id = store.nextId('alertRule');
    store.alertRules.set(rule.uid, rule);
  }
  store.ruleGroupIntervals.set(`${folderUid}/${group}`, interval);
  return groupView(ctx, folderUid, group);
}

function contactView(cp: ContactPoint): Json {
  const secure = SECURE_SETTINGS[cp.type] ?? [];
  const settings = Object.fromEntries(
    Object.entries(cp.settings).map(([k, v]) => [k, secure.includes(k) ? REDACTED : v]),
  );
  return {
    uid: cp.uid,
    name: cp.name,
    type: cp.type,
    settings,
    disableResolveMessage: cp.disableResolveMessage,
    provenance: cp.provenance,
  };
}

function contactFromBody(body: Json, provenance: Provenance, before?: ContactPoint): ContactPoint {
  const name = str(body.name)?.trim();
  if (!name) throw fail.badRequest('contact point name is required');
  const type = str(body.type);
  if (!type) throw fail.badRequest('contact point type is required');
  const uid = str(body.uid) ?? before?.uid ?? '';
  const problem = checkUid(uid, 'contact point');
  if (problem) throw fail.badRequest(problem);
  const settings = body.settings && typeof body.settings === 'object' ? { ...(body.settings as Json) } : {};
  for (const key of SECURE_SETTINGS[type] ?? []) {
    if (settings[key] === REDACTED && before) settings[key] = before.settings[key];
  }
  return {
    uid: uid || generateUid(),
    name,
    type,
    settings,
    disableResolveMessage: body.disableResolveMessage === true,
    provenance,
  };
}

function findRule(ctx: RouteContext, uid: string): AlertRule {
  const rule = ctx.store.alertRules.get(uid);
  if (!rule) throw fail.notFound('rule not found');
  return rule;
}

export function registerAlerting(router: Router): void {
  const group = '/api/v1/provisioning/folder/:folderUid/rule-groups/:group';
  router.add('GET', group, (req, ctx) => ok(groupView(ctx, req.params.folderUid ?? '', req.params.group ?? '')));
  router.add('PUT', group, (req, ctx) => {
    requireRole(req, 'Editor');
    return ok(
      replaceRuleGroup(ctx, req.params.folderUid ?? '', req.params.group ?? '', req.json(), requestProvenance(req)),
    );
  });

  router.add('GET', '/api/v1/provisioning/alert-rules', (_req, ctx) =>
    ok([...ctx.store.alertRules.values()].map(ruleView)),
  );
  router.add('GET', '/api/v1/provisioning/alert-rules/:uid', (req, ctx) =>
    ok(ruleView(findRule(ctx, req.params.uid ?? ''))),
  );
  router.add('POST', '/api/v1/provisioning/alert-rules', (req, ctx) => {
    requireRole(req, 'Editor');
    const body = req.json();
    const folderUID = str(body.folderUID) ?? '';
    if (!ctx.store.folders.has(folderUID)) throw fail.badRequest(`folder does not exist: ${folderUID}`);
    const groupName = str(body.ruleGroup) ?? '';
    if (!groupName) throw fail.badRequest('invalid alert rule: rule group is empty');
    const rule = ruleFromBody(ctx, body, folderUID, groupName, requestProvenance(req));
    if (ctx.store.alertRules.has(rule.uid)) throw fail.conflict('a rule with this UID already exists');
    rule.id = ctx.store.nextId('alertRule');
    ctx.store.alertRules.set(rule.uid, rule);
    if (!ctx.store.ruleGroupIntervals.has(`${folderUID}/${groupName}`))
      ctx.store.ruleGroupIntervals.set(`${folderUID}/${groupName}`, 60);
    return ok(ruleView(rule), 201);
  });
  router.add('PUT', '/api/v1/provisioning/alert-rules/:uid', (req, ctx) => {
    requireRole(req, 'Editor');
    const before = findRule(ctx, req.params.uid ?? '');
    const provenance = requestProvenance(req);
    checkProvenanceChange(ctx, before.provenance, provenance, 'rule');
    const body: Json = { ...req.json(), uid: before.uid };
    const rule = ruleFromBody(
      ctx,
      body,
      str(body.folderUID) ?? before.folderUID,
      str(body.ruleGroup) ?? before.ruleGroup,
      provenance,
    );
    rule.id = before.id;
    ctx.store.alertRules.set(rule.uid, rule);
    return ok(ruleView(rule));
  });
  router.add('DELETE', '/api/v1/provisioning/alert-rules/:uid', (req, ctx) => {
    requireRole(req, 'Editor');
    const rule = findRule(ctx, req.params.uid ?? '');
    checkProvenanceChange(ctx, rule.provenance, requestProvenance(req), 'rule');
    ctx.store.alertRules.delete(rule.uid);
    return { status: 204 };
  });

  router.add('GET', '/api/v1/provisioning/contact-points', (req, ctx) => {
    const name = req.query.get('name');
    return ok([...ctx.store.contactPoints.values()].filter((cp) => !name || cp.name === name).map(contactView));
  });
  router.add('POST', '/api/v1/provisioning/contact-points', (req, ctx) => {
    requireRole(req, 'Editor');
    const cp = contactFromBody(req.json(), requestProvenance(req));
    if (ctx.store.contactPoints.has(cp.uid)) throw fail.badRequest('contact point with this UID already exists');
    ctx.store.contactPoints.set(cp.uid, cp);
    return ok(contactView(cp), 202);
  });
  router.add('PUT', '/api/v1/provisioning/contact-points/:uid', (req, ctx) => {
    requireRole(req, 'Editor');
    const before = ctx.store.contactPoints.get(req.params.uid ?? '');
    if (!before) throw fail.notFound('contact point not found');
    const provenance = requestProvenance(req);
    checkProvenanceChange(ctx, before.provenance, provenance, 'contact');
    const cp = contactFromBody({ ...req.json(), uid: before.uid }, provenance, before);
    ctx.store.contactPoints.set(cp.uid, cp);
    return ok({ message: 'contactpoint updated' }, 202);
  });
  router.add('DELETE', '/api/v1/provisioning/contact-points/:uid', (req, ctx) => {
    requireRole(req, 'Editor');
    const cp = ctx.store.contactPoints.get(req.params.uid ?? '');
    if (!cp) throw fail.notFound('contact point not found');
    checkProvenanceChange(ctx, cp.provenance, requestProvenance(req), 'contact');
    ctx.store.contactPoints.delete(cp.uid);
    return { status: 202, body: { message: 'contactpoint deleted' } };
  });
}
