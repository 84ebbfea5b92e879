import { ActionError } from '@aws-delivery/action-kit';
import { explainAwsError } from '@aws-delivery/aws';
import type { AsffFinding } from '@aws-delivery/findings';
import {
  BatchImportFindingsCommand,
  type AwsSecurityFinding,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';

/** BatchImportFindings takes at most 100 findings per call. */
export const BATCH_SIZE = 100;

export interface ImportResult {
  imported: number;
  failed: { id: string; code: string; message: string }[];
}

function* batches(findings: Iterable<AsffFinding>): Generator<AwsSecurityFinding[]> {
  let batch: AwsSecurityFinding[] = [];
  for (const finding of findings) {
    batch.push(finding as unknown as AwsSecurityFinding);
    if (batch.length === BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** What to do about the Security Hub errors a gate meets; others are explained as any AWS error. */
const HINTS: Record<string, string> = {
  AccessDeniedException: 'allow securityhub:BatchImportFindings on the product ARN for the role this job uses.',
  InvalidAccessException: 'enable Security Hub in this account and region, or set security-hub-import: false.',
};

/**
 * A failed BatchImportFindings call: the known Security Hub errors with their fix; throttling, 5xx and network
 * failures with the attempts, last status and time they outlived; anything else with a hint on region and
 * credentials.
 */
function importFailure(error: unknown): ActionError {
  const name = (error as Error).name;
  const hint = HINTS[name];
  if (hint)
    return new ActionError(`Security Hub BatchImportFindings failed (${name}): ${(error as Error).message}`, hint, {
      cause: error,
    });
  const explained = explainAwsError(error, { operation: 'securityhub:BatchImportFindings' });
  return new ActionError(
    explained.message,
    (explained as ActionError).hint ?? 'check aws-region and the credentials of this job.',
    { cause: error },
  );
}

/** Imports ASFF findings in batches; findings Security Hub rejects are returned, a failed call is thrown. */
export async function importFindings(
  client: Pick<SecurityHubClient, 'send'>,
  findings: Iterable<AsffFinding>,
): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, failed: [] };
  for (const batch of batches(findings)) {
    let output;
    try {
      output = await client.send(new BatchImportFindingsCommand({ Findings: batch }));
    } catch (error) {
      throw importFailure(error);
    }
    result.imported += output.SuccessCount ?? 0;
    for (const f of output.FailedFindings ?? []) {
      result.failed.push({ id: f.Id ?? '', code: f.ErrorCode ?? '', message: f.ErrorMessage ?? '' });
    }
  }
  return result;
}
