/**
 * The aws-cn keys kept as two SSM parameters in the global account (as the CodePipeline-into-China setup keeps
 * them): GetParameter with WithDecryption on the AWS JSON 1.1 protocol, through packages/aws's signed sender (proxy,
 * NO_PROXY, CA bundle, timeouts, retries), signed with the global account's credentials in a region outside
 * aws-cn. Each value is masked the moment it is read, before anything could print it.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
 */
import { ActionError } from '@aws-delivery/action-kit';
import type { SignedSender } from '@aws-delivery/aws';
import type { StaticKeys } from '../config.js';

export interface SsmKeySource {
  accessKeyIdParameter: string;
  secretAccessKeyParameter: string;
  /** A region of the global account's partition (aws or aws-us-gov), never aws-cn. */
  region: string;
  endpoint?: string;
}

interface Parameter {
  type: string;
  value: string;
}

function answerOf(body: string, name: string): Parameter {
  let parsed: { Parameter?: { Type?: unknown; Value?: unknown } } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // judged below
  }
  const { Type: type, Value: value } = parsed.Parameter ?? {};
  if (typeof value !== 'string' || typeof type !== 'string')
    throw new ActionError(`SSM GetParameter for ${name} answered without the parameter's value and type.`);
  return { type, value };
}

function hintFor(code: string, input: string, region: string): string {
  if (code === 'ParameterNotFound')
    return `Check ${input} and ssm-region (${region}): the parameter must exist there, in the global account.`;
  if (code === 'AccessDeniedException' || code === 'AccessDenied')
    return "The step environment's credentials need ssm:GetParameter on the parameter and kms:Decrypt on its key.";
  return 'See the SSM error above.';
}

/** One parameter, decrypted. Its value is masked before this returns. */
async function getParameter(
  sender: SignedSender,
  name: string,
  input: string,
  mask: (secret: string) => void,
): Promise<Parameter> {
  let body: string;
  try {
    const answer = await sender.send({
      operation: 'ssm:GetParameter',
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
      body: JSON.stringify({ Name: name, WithDecryption: true }),
    });
    body = answer.body;
  } catch (error) {
    const code = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    throw new ActionError(
      `SSM GetParameter for ${name} (input ${input}) in ${sender.region} failed: ${code}: ${message}`,
      hintFor(code, input, sender.region),
      { cause: error },
    );
  }
  const parameter = answerOf(body, name);
  // Masked first, and whatever the type: a key kept in a plain String is still a key.
  mask(parameter.value.trim());
  return { type: parameter.type, value: parameter.value.trim() };
}

export async function readKeysFromSsm(
  sender: SignedSender,
  source: Pick<SsmKeySource, 'accessKeyIdParameter' | 'secretAccessKeyParameter'>,
  mask: (secret: string) => void,
): Promise<StaticKeys> {
  const id = await getParameter(sender, source.accessKeyIdParameter, 'ssm-access-key-id-parameter', mask);
  const secret = await getParameter(sender, source.secretAccessKeyParameter, 'ssm-secret-access-key-parameter', mask);
  if (secret.type !== 'SecureString')
    throw new ActionError(
      `SSM parameter ${source.secretAccessKeyParameter} is a ${secret.type}, so the secret key is stored unencrypted.`,
      'Store it as a SecureString (aws ssm put-parameter --type SecureString --overwrite) and rotate the key.',
    );
  if (!id.value || !secret.value)
    throw new ActionError(
      `SSM parameter ${id.value ? source.secretAccessKeyParameter : source.accessKeyIdParameter} is empty.`,
      'Store the aws-cn IAM user’s access key id and secret access key in the two parameters.',
    );
  return { accessKeyId: id.value, secretAccessKey: secret.value };
}
