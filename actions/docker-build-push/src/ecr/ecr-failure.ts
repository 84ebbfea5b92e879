import { ActionError } from '@aws-delivery/action-kit';
import { explainAwsError } from '@aws-delivery/aws';
import type { EcrTarget, RegistryTarget } from '../targets/registry-target.js';

/** A failed ECR call as the step reports it: what AWS's error means, for this registry (and profile). */
export function ecrFailure(target: RegistryTarget, ecr: EcrTarget, operation: string, error: unknown): ActionError {
  const explained = explainAwsError(error, { operation: `ecr:${operation}`, region: ecr.region });
  const profile = ecr.profile ? ` with profile ${ecr.profile}` : '';
  return new ActionError(`${target.registryHost}${profile}: ${explained.message}`, (explained as ActionError).hint, {
    cause: error,
  });
}
