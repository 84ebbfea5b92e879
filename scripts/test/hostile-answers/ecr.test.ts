/**
 * Hostile ECR answers through the docker-build-push bundle (login-only), from a stub ECR API (the fault server
 * standing alone): an error message, refused and retried, and an authorization token that is not base64 of
 * user:password or decodes to one with line breaks. None may run as a workflow command, and a malformed token is
 * refused before any login uses it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { HOSTILE_TEXT, simulateStep, startFaultServer, type FaultServer, type StepResult } from '@aws-delivery/testing';
import { expectCleanFailure } from './clean-failure.js';

const ACCOUNT = '123456789012';

describe('docker-build-push against an ECR API that answers hostile text', () => {
  let ecr: FaultServer;
  let token = '';
  beforeAll(async () => {
    ecr = await startFaultServer({
      answer: () => ({
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: Buffer.from(
          JSON.stringify({
            authorizationData: [
              {
                authorizationToken: token,
                expiresAt: Date.now() / 1000 + 43_200,
                proxyEndpoint: `https://${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com\n${HOSTILE_TEXT}`,
              },
            ],
          }),
        ),
      }),
    });
  });
  afterAll(async () => {
    await ecr?.stop();
  });
  beforeEach(() => ecr.reset());

  const step = (): Promise<StepResult> =>
    simulateStep({
      action: 'docker-build-push',
      inputs: {
        registries: `${ACCOUNT}/eu-west-1`,
        'ecr-endpoint': ecr.endpoint,
        'login-only': 'true',
      },
      env: {
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      timeoutMs: 60_000,
    });

  it.each([
    ['refused (400)', 400, 'InvalidParameterException'],
    ['retried (500)', 500, 'ServerException'],
  ] as const)('prints nothing live of an error message, %s', async (_label, status, type) => {
    ecr.setFaults({
      then: {
        kind: 'status',
        status,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ __type: type, message: HOSTILE_TEXT }),
      },
    });
    const result = await step();
    expectCleanFailure(result, 'docker-build-push');
    // The SDK's four attempts for a 5xx, one for a refusal.
    expect(ecr.requests()).toHaveLength(status === 500 ? 4 : 1);
  });

  it.each([
    ['not base64', `QVdTOnBhc3N3b3Jk\n${HOSTILE_TEXT}`],
    ['a password with line breaks', Buffer.from(`AWS:password\n${HOSTILE_TEXT}`).toString('base64')],
    ['a user with line breaks', Buffer.from(`AWS\n${HOSTILE_TEXT}:password`).toString('base64')],
  ])('refuses an authorization token that is %s, and logs in with none of it', async (_label, value) => {
    token = value;
    const result = await step();
    expect(expectCleanFailure(result, 'docker-build-push')).toContain('authorization token');
  });
});
