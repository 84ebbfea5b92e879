/**
 * post: makes sure no experiment this step started is left running, and deletes the template it created (unless
 * kept). Works from main's saved state alone: the experiment id, or, when main died between sending
 * StartExperiment and reading its answer, the experiments of the template tagged with main's clientToken.
 */
import { ActionError, type PostStep } from '@aws-delivery/action-kit';
import { cleanupPlan } from './core/cleanup-plan.js';
import type { FisApi } from './fis/fis-client.js';
import { CLIENT_TOKEN_TAG, STATE_KEY, type SavedState } from './state.js';

/** The experiments main may have left going: the real run's and a rehearsal's, by id or else by clientToken tag. */
async function experimentsToCheck(fis: FisApi, saved: SavedState): Promise<string[]> {
  const runs = [
    { id: saved.experimentId, token: saved.clientToken },
    { id: saved.rehearsalId, token: saved.rehearsalClientToken },
  ];
  // The template's experiments are listed at most once, and only when an id was never saved.
  const byToken =
    runs.some((run) => !run.id && run.token) && saved.templateId ? await fis.listExperiments(saved.templateId) : [];
  return runs.flatMap(({ id, token }) =>
    id ? [id] : byToken.filter((e) => e.id && token && e.tags?.[CLIENT_TOKEN_TAG] === token).map((e) => e.id as string),
  );
}

async function statusOf(fis: FisApi, id: string): Promise<string | undefined> {
  try {
    return (await fis.getExperiment(id)).state?.status;
  } catch {
    return undefined;
  }
}

type FisHandle = { fis: FisApi; destroy(): void };
type PostClient = (step: PostStep, saved: SavedState) => FisHandle | Promise<FisHandle>;

/** The real FIS client, loaded (with the signer and the transport) only when there is something to clean up. */
const realPostClient: PostClient = async (step, saved) => (await import('./post-client.js')).postFisClient(step, saved);

export async function stopIfRunning(step: PostStep, client: PostClient = realPostClient): Promise<void> {
  const saved = step.loadState<SavedState>(STATE_KEY);
  if (!saved) {
    step.log.info('post: main started nothing and created nothing; nothing to clean up.');
    return;
  }
  if (saved.finished && !saved.createdTemplateId) {
    step.log.info(
      `post: experiment ${saved.experimentId ?? ''} ended in main (${saved.status ?? 'finished'}); nothing to clean up.`,
    );
    return;
  }
  const { fis, destroy } = await client(step, saved);
  const problems: string[] = [];
  try {
    const ids = saved.finished ? [] : await experimentsToCheck(fis, saved);
    const plans = ids.map(async (id) =>
      cleanupPlan({ ...saved, experimentId: id, createdTemplateId: undefined }, await statusOf(fis, id)),
    );
    for (const plan of await Promise.all(plans)) {
      for (const note of plan.notes) step.log.info(`post: ${note}`);
      if (!plan.stopExperiment) continue;
      try {
        const stopping = await fis.stopExperiment(plan.stopExperiment);
        step.log.warning(`post: experiment ${plan.stopExperiment} is ${stopping.state?.status ?? 'stopping'}.`);
      } catch (error) {
        const status = await statusOf(fis, plan.stopExperiment);
        if (status && !['pending', 'initiating', 'running'].includes(status)) {
          step.log.info(`post: experiment ${plan.stopExperiment} had already ended (${status}).`);
        } else problems.push(`stopping experiment ${plan.stopExperiment}: ${(error as Error).message}`);
      }
    }
    const template = cleanupPlan({ ...saved, experimentId: undefined }, undefined);
    for (const note of template.notes) step.log.info(`post: ${note}`);
    if (template.deleteTemplate) {
      try {
        await fis.deleteTemplate(template.deleteTemplate);
      } catch (error) {
        problems.push(`deleting template ${template.deleteTemplate}: ${(error as Error).message}`);
      }
    }
  } finally {
    destroy();
  }
  if (problems.length > 0) {
    throw new ActionError(
      `The clean-up did not finish: ${problems.join('; ').replace(/\.$/, '')}.`,
      'Stop the experiment in the FIS console (or `aws fis stop-experiment`) and check the step role may call fis:StopExperiment and fis:DeleteExperimentTemplate.',
    );
  }
}
