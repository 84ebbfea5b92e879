/**
 * What changes when act (nektos/act) runs a step instead of GitHub's runner. act sets ACT=true itself; it has no
 * token service, so ACTIONS_ID_TOKEN_REQUEST_URL is never set and GitHub OIDC cannot work; and it never shows job
 * summaries (since v0.2.43 it gives each step an empty GITHUB_STEP_SUMMARY file that nothing reads, before that none
 * at all), so the skeleton also writes a step's summary to the log (summary.ts).
 */
import { detectRunner } from './runner.js';
import type { Env } from './step/runner-io.js';

/** The notice a step logs once, when it starts under act. */
export const ACT_NOTICE =
  'Running under act (ACT=true), which differs from a GitHub runner in two ways. No OIDC token: act has no token ' +
  'service, so AWS credentials must come from static keys (aws-access-key-id and aws-secret-access-key, passed ' +
  'with act --secret-file) or from a web identity token file (web-identity-token-file). Job summaries are only ' +
  'logged: act does not show them, so this step writes its summary to the log as well.';

/** Whether act runs this step. */
export function underAct(env: Env): boolean {
  return detectRunner(env).kind === 'act';
}

/** The notice for this environment, or undefined when act is not the runner. */
export function actNotice(env: Env): string | undefined {
  return underAct(env) ? ACT_NOTICE : undefined;
}
