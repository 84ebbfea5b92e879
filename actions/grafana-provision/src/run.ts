/**
 * The step: sign in → /api/health (version, dialect) → read the resources folder → observed state → plan → log and
 * summary → in a dry run, fail on drift; otherwise apply in order → deploy annotation → outputs.
 */
import { ActionError, heading, type Step } from '@aws-delivery/action-kit';
import { signIn } from './auth/sign-in.js';
import type { Clients } from './clients.js';
import type { Config } from './config.js';
import type { DesiredResources } from './desired.js';
import { startAnnotation, endAnnotation } from './annotation.js';
import { applyPlan, type ApplyResult } from './grafana/apply.js';
import type { GrafanaClient } from './grafana/client.js';
import { observe, readModels } from './grafana/observe.js';
import { loadResources } from './load-resources.js';
import { buildPlan } from './plan.js';
import { oneLine, planCounts, planLines, planTable } from './plan-report.js';
import type { Plan } from './plan-types.js';
import { describeServer, describeServerLine, type ServerInfo } from './server-version.js';
import { ANNOTATION_STATE, TOKEN_STATE, type AnnotationState, type TokenState } from './state.js';

export interface RunResult {
  server: ServerInfo;
  plan: Plan;
  applied: number;
  /** Grafana requests that could change state, made by this step. */
  writes: number;
}

async function server(client: GrafanaClient): Promise<ServerInfo> {
  const health = await client.get<{ version?: unknown }>('/api/health');
  const first = describeServer(health);
  if (first.major !== 10) return first;
  // 10.x nests folders only with the nestedFolders feature toggle, which the frontend settings show.
  const settings = await client.get<{ featureToggles?: Record<string, unknown> }>('/api/frontend/settings');
  return describeServer(health, settings.featureToggles ?? {});
}

/**
 * `${NAME}` in a secure field: from the secrets input only. Never from the environment: a file in a pull request could
 * otherwise send the job's credentials (AWS_SECRET_ACCESS_KEY, GITHUB_TOKEN) to a data source URL it names.
 */
function secretResolver(step: Step<Config, Clients>): (name: string) => string | undefined {
  return (name) => {
    const value = step.config.secrets[name];
    if (value) step.mask(value);
    return value || undefined;
  };
}

function dashboardUrls(config: Config, plan: Plan): Record<string, string> {
  return Object.fromEntries(
    plan.items
      .filter((i) => i.kind === 'dashboard' && i.verb !== 'delete')
      .map((i) => [i.key, `${config.url}/d/${encodeURIComponent(i.key)}`]),
  );
}

/**
 * The observed state and the plan from it. With verify-unchanged off on the /api dialect, dashboards whose tags
 * record our last write are planned from their search hits; those the plan would then write are read in full and
 * planned again, for a field-level diff, the version the save replaces and a UI edit that moved it.
 */
async function observeAndPlan(
  client: GrafanaClient,
  info: ServerInfo,
  config: Config,
  desired: DesiredResources,
): Promise<Plan> {
  const trustMarker = info.dialect === 'api' && !config.verifyUnchanged;
  const { concurrency } = config;
  const wanted = new Set(desired.dashboards.map((d) => d.uid));
  const observed = await observe(client, info, { concurrency, wanted, trustMarker });
  const plan = buildPlan(desired, observed, config.plan);
  const unread = new Set(
    plan.items
      .filter((i) => i.kind === 'dashboard' && i.verb !== 'unchanged' && i.observed && !i.observed.model)
      .map((i) => i.key),
  );
  if (!trustMarker || unread.size === 0) return plan;
  const dashboards = await readModels(client, observed.dashboards, unread, concurrency);
  return buildPlan(desired, { ...observed, dashboards }, config.plan);
}

/**
 * Ends the annotation an earlier step left open. When the apply failed, a failure here is only a warning, so that the
 * apply's error is the one reported.
 */
async function endLeftOpen(step: Step<Config, Clients>, client: GrafanaClient, id: number, applyFailed: boolean) {
  try {
    await endAnnotation(client, id, step.clients.now());
    step.log.info(`Deploy annotation ${id} ends now.`);
  } catch (error) {
    const problem = `Could not end deploy annotation ${id} (end-annotation-id): ${oneLine((error as Error).message)}`;
    const hint =
      'end-annotation-id must be the annotation-id output of the step that started it with annotation-end: later.';
    if (applyFailed) step.log.warning(`${problem} ${hint}`);
    else throw new ActionError(problem, hint);
  }
}

export async function run(step: Step<Config, Clients>): Promise<RunResult> {
  const { config, clients } = step;
  for (const value of Object.values(config.secrets)) step.mask(value);
  try {
    const session = await signIn(step, config.url, config.auth, clients, step.signal, {
      createToken: true,
      env: step.env,
    });
    const client = session.client;
    if (session.created) {
      const keep =
        (config.auth.kind === 'basic' && config.auth.createToken?.keep === true) ||
        (config.auth.kind === 'amg' && config.auth.keep);
      const state: TokenState = {
        serviceAccountId: session.created.serviceAccountId,
        tokenId: session.created.tokenId,
        keep,
        via: session.created.via,
      };
      step.saveState(TOKEN_STATE, state);
      step.setOutput('token', session.created.key);
    }
    const info = await server(client);
    step.log.info(`${describeServerLine(info)}; signed in with ${session.method}.`);

    const files = clients.readResources(step.env.GITHUB_WORKSPACE || process.cwd(), config.resourcesDir);
    const desired = loadResources(files, { resolveSecret: secretResolver(step) });
    step.log.info(
      `Read ${files.length} file(s) from ${config.resourcesDir}: ${desired.folders.length} folder(s), ${desired.dashboards.length} dashboard(s), ` +
        `${desired.datasources.length} data source(s), ${desired.ruleGroups.length} alert rule group(s), ${desired.contactPoints.length} contact point(s).`,
    );
    const plan = await observeAndPlan(client, info, config, desired);
    await step.log.group(`Plan: ${planCounts(plan)}`, async () => {
      for (const line of planLines(plan)) step.log.info(line);
    });
    for (const warning of plan.warnings) step.log.warning(oneLine(warning));
    for (const item of plan.items)
      if (item.uiEdit)
        step.log.warning(
          oneLine(`${item.kind} "${item.name}" was edited in the UI since the last run (${item.uiEdit.reason}).`),
        );

    const mode = config.dryRun ? 'dry run' : 'apply';
    await step.writeSummary(heading(`Grafana provision (${mode}): ${info.version}`), planTable(plan));
    step.setOutput('created', String(plan.counts.create));
    step.setOutput('updated', String(plan.counts.update));
    step.setOutput('unchanged', String(plan.counts.unchanged));
    step.setOutput('deleted', String(plan.counts.delete));
    step.setOutput('changed', String(config.dryRun ? plan.drift : plan.changed));
    step.setOutput('dashboard-urls', dashboardUrls(config, plan));

    if (config.dryRun) {
      if (plan.drift) {
        throw new ActionError(
          `Drift: Grafana differs from ${config.resourcesDir} (${planCounts(plan)}).`,
          'See the plan in the job summary; run without dry-run to apply it, or change the repository to match.',
        );
      }
      step.log.info('Dry run: Grafana matches the repository.');
      return { server: info, plan, applied: 0, writes: client.writes };
    }

    // The deploy's region starts before the first write; the post step (or a later step) sets its end.
    if (config.annotation) {
      const id = await startAnnotation(client, config.annotation, clients.now());
      step.setOutput('annotation-id', String(id));
      if (config.annotation.endInPost) {
        const state: AnnotationState = { id };
        step.saveState(ANNOTATION_STATE, state);
        step.log.info(`Deploy annotation ${id} started; the post step sets its end.`);
      } else {
        step.log.info(
          `Deploy annotation ${id} started and left open: a later step ends it (end-annotation-id: ${id}).`,
        );
      }
    }
    let result: ApplyResult;
    try {
      result = await applyPlan(client, plan, {
        dialect: info.dialect,
        message: config.message,
        disableProvenance: config.plan.disableProvenance,
        concurrency: config.concurrency,
      });
    } catch (error) {
      if (config.endAnnotationId !== undefined) await endLeftOpen(step, client, config.endAnnotationId, true);
      throw error;
    }
    if (config.endAnnotationId !== undefined) await endLeftOpen(step, client, config.endAnnotationId, false);
    for (const item of result.landedOnRetry)
      step.log.info(
        oneLine(
          `Creating ${item.kind} "${item.name}" got no answer and was sent again; the repeat found it in Grafana ` +
            'exactly as sent, so the first attempt was stored: counted as applied.',
        ),
      );
    step.log.info(
      `Applied ${result.applied.length} change(s)${plan.blocked ? `; ${plan.blocked} blocked (see the plan)` : ''}.`,
    );

    return { server: info, plan, applied: result.applied.length, writes: client.writes };
  } finally {
    clients.close();
  }
}
