/**
 * What the post step does, decided from the state main saved and what FIS says now. It runs whether main
 * succeeded, failed, timed out or was cancelled (a cancelled runner kills main mid-watch), so it is the one place
 * that makes sure no experiment is left running and no created template is left behind.
 */

/** What main saves (with saveState) as soon as each thing exists. */
export interface SavedChaosState {
  experimentId?: string;
  /** Set when main created the template from a file. */
  createdTemplateId?: string;
  keepTemplate?: boolean;
  /** Set by main once it has seen the experiment end and stopped watching. */
  finished?: boolean;
}

export interface CleanupPlan {
  stopExperiment?: string;
  deleteTemplate?: string;
  /** One line per decision, for the log. */
  notes: string[];
}

const STILL_GOING = ['pending', 'initiating', 'running'];

/**
 * `status` is the experiment's state from GetExperiment in post (undefined when there is no experiment or it
 * could not be read: then a stop is attempted all the same, since a stop of a finished experiment only fails).
 */
export function cleanupPlan(saved: SavedChaosState, status: string | undefined): CleanupPlan {
  const notes: string[] = [];
  const plan: CleanupPlan = { notes };
  if (saved.experimentId) {
    if (status === undefined || STILL_GOING.includes(status)) {
      plan.stopExperiment = saved.experimentId;
      notes.push(
        `Experiment ${saved.experimentId} is ${status ?? 'in an unknown state'} after the step ended: stopping it so it is not left running.`,
      );
    } else {
      notes.push(`Experiment ${saved.experimentId} is ${status}: nothing to stop.`);
    }
  }
  if (saved.createdTemplateId) {
    // FIS keeps the experiment's copy of the template, so the template can go while an experiment stops.
    if (saved.keepTemplate) notes.push(`Keeping experiment template ${saved.createdTemplateId}, as asked.`);
    else {
      plan.deleteTemplate = saved.createdTemplateId;
      notes.push(`Deleting experiment template ${saved.createdTemplateId}, created by this step.`);
    }
  }
  return plan;
}
