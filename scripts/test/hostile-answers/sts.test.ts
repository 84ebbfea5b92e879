/**
 * Hostile STS answers through the assume-role bundle: a stub STS (the fault server standing alone, answering what
 * the test gives it) returns the hostile text in the assumed role's ARN and id, in a retried error's code and
 * message, and in credential values. Nothing of it may run as a workflow command or add a file-command key, and
 * credential values that are not tokens are refused, never written.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  HOSTILE_TEXT,
  simulateStep,
  startFaultServer,
  stepInjections,
  type FaultServer,
  type RecordedRequest,
  type StepResult,
} from '@aws-delivery/testing';
import { queryError, xmlText } from './xml.js';
import { expectCleanFailure } from './clean-failure.js';

const ACCOUNT = '111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy`;
const GOOD = {
  AccessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  SessionToken: 'FwoGZXIvYXdzEXAMPLEtokenAAAA+/=',
  AssumedRoleId: 'AROA3XFRBF535PLBIFPI4:run',
  Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/run`,
};
type Answer = typeof GOOD;

function assumeRoleAnswer(fields: Answer): string {
  const expiration = new Date(Date.now() + 3_600_000).toISOString();
  return (
    '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
    `<AccessKeyId>${xmlText(fields.AccessKeyId)}</AccessKeyId>` +
    `<SecretAccessKey>${xmlText(fields.SecretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${xmlText(fields.SessionToken)}</SessionToken><Expiration>${expiration}</Expiration>` +
    `</Credentials><AssumedRoleUser><AssumedRoleId>${xmlText(fields.AssumedRoleId)}</AssumedRoleId>` +
    `<Arn>${xmlText(fields.Arn)}</Arn></AssumedRoleUser></AssumeRoleResult>` +
    '<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>' +
    '</AssumeRoleResponse>'
  );
}

function callerIdentityAnswer(arn: string): string {
  return (
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
    `<Arn>${xmlText(arn)}</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account>` +
    '</GetCallerIdentityResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata>' +
    '</GetCallerIdentityResponse>'
  );
}

/** Every file under a folder, as text (the job-private credentials and config files land in RUNNER_TEMP). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'utf8'));
}

describe('assume-role against an STS that answers hostile text', () => {
  let sts: FaultServer;
  let answer: Answer = GOOD;
  let temp: string;
  beforeAll(async () => {
    sts = await startFaultServer({
      answer: (request: RecordedRequest) => ({
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: Buffer.from(
          request.body.includes('Action=GetCallerIdentity')
            ? callerIdentityAnswer(answer.Arn)
            : assumeRoleAnswer(answer),
        ),
      }),
    });
  });
  afterAll(async () => {
    await sts?.stop();
  });
  beforeEach(() => {
    sts.reset();
    answer = GOOD;
    temp = mkdtempSync(join(tmpdir(), 'hostile-sts-'));
  });
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  const run = (extra: Record<string, string> = {}): Promise<StepResult> =>
    simulateStep({
      action: 'assume-role',
      inputs: {
        'aws-region': 'eu-west-1',
        'sts-endpoint': sts.endpoint,
        'role-to-assume': ROLE,
        'aws-access-key-id': 'AKIAIOSFODNN7EXAMPLE',
        'aws-secret-access-key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        profile: 'deploy',
        'retry-max-attempts': '2',
        ...extra,
      },
      env: { RUNNER_TEMP: temp },
      timeoutMs: 60_000,
    });

  it('the stub answers as STS does (the cases below differ from this only in the hostile field)', async () => {
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(result.outputs.arn).toBe(GOOD.Arn);
    expect(result.env.AWS_SESSION_TOKEN).toBe(GOOD.SessionToken);
  });

  it('refuses an assumed-role ARN that carries workflow commands, and exports nothing', async () => {
    answer = { ...GOOD, Arn: `${GOOD.Arn}\n${HOSTILE_TEXT}` };
    const result = await run();
    expect(expectCleanFailure(result, 'assume-role')).toContain('AssumedRoleUser.Arn');
    expect(result.env.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(result.outputs.arn).toBeUndefined();
  });

  it('prints nothing live of a hostile AssumedRoleId', async () => {
    answer = { ...GOOD, AssumedRoleId: `AROA3XFRBF535PLBIFPI4:run\n${HOSTILE_TEXT}` };
    const result = await run();
    expect(stepInjections(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it.each([
    ['SecretAccessKey', `${GOOD.SecretAccessKey}\n[p2]\ncredential_process = /bin/sh -c INJ`],
    ['SessionToken', `${GOOD.SessionToken}\n${HOSTILE_TEXT}`],
    ['AccessKeyId', `${GOOD.AccessKeyId}\r\naws_secret_access_key = INJ`],
  ] as const)('refuses a %s with line breaks, and writes it nowhere', async (field, value) => {
    answer = { ...GOOD, [field]: value };
    const result = await run();
    expect(expectCleanFailure(result, 'assume-role')).toContain(`the ${field} in STS's answer is not`);
    for (const text of [...filesUnder(temp), ...Object.values(result.env), ...Object.values(result.outputs)]) {
      expect(text).not.toContain('INJ');
    }
    expect(result.env.AWS_SHARED_CREDENTIALS_FILE).toBeUndefined();
  });

  it.each([
    ['a retried 503', 503, 'Receiver'],
    ['a throttling 400, retried', 400, 'Sender'],
    ['a refused 403', 403, 'Sender'],
  ] as const)('prints nothing live of the code and message of %s', async (_label, status, type) => {
    const code = status === 400 ? 'Throttling' : `Unavailable\n${HOSTILE_TEXT}`;
    sts.setFaults({
      then: {
        kind: 'status',
        status,
        headers: { 'content-type': 'text/xml' },
        body: queryError(code, HOSTILE_TEXT, type),
      },
    });
    const result = await run();
    expectCleanFailure(result, 'assume-role');
    expect(sts.requests().length).toBe(status === 403 ? 1 : 2);
  });
});
