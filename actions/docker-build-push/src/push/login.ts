import { ActionError } from '@aws-delivery/action-kit';
import { proxySettingsOf, type Builder } from '../build/builders.js';
import { planLogin } from '../build/plan-push.js';
import type { RunCommand } from '../build/process.js';
import type { RegistryCredentials } from '../ecr/ecr-api.js';
import type { RegistryTarget } from '../targets/registry-target.js';
import type { LoginSession } from './login-session.js';
import { classifyPushFailure } from './push-errors.js';

/** First lines of a tool's output, for an error message (the runner masks registered secrets in it). */
export function excerpt(output: string, lines = 3): string {
  return output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !/^WARNING! Your password will be stored unencrypted/.test(line))
    .slice(-lines)
    .join(' / ');
}

/** Logs in to one target with the password on stdin, into the private config. */
export async function login(
  target: RegistryTarget,
  credentials: RegistryCredentials,
  builder: Builder,
  session: LoginSession,
  run: RunCommand,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const plan = planLogin(
    builder.kind,
    target.pushHost,
    credentials.username,
    session.authFile,
    target.scheme === 'http',
  );
  const result = await run(builder.path, plan.args, {
    env: { ...env, ...session.env, ...plan.env },
    stdin: credentials.password,
  });
  if (result.code === 0) return;
  const output = `${result.stderr}\n${result.stdout}`;
  const failure = classifyPushFailure(output);
  const source =
    target.login !== undefined
      ? `username=${target.login.username} and the secret in ${target.login.passwordEnv}`
      : target.kind === 'ecr'
        ? `the ECR authorization token of account ${target.ecr?.account}${target.ecr?.profile ? ` (profile ${target.ecr.profile})` : ''}`
        : 'the credentials';
  throw new ActionError(
    `Login to ${target.pushHost} as ${credentials.username} failed: ${failure.reason} (${excerpt(output)}).`,
    failure.kind === 'unauthorized'
      ? `check ${source}${target.pushHost !== target.registryHost ? `, and that endpoint=${target.pushHost} is the registry those credentials are for` : ''}.`
      : `check that ${target.pushHost} is reachable from the runner (${proxySettingsOf(builder.kind)}, firewalls).`,
  );
}
