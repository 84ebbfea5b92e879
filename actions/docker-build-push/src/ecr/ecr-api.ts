import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImageScanFindingsCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  PutLifecyclePolicyCommand,
  StartImageScanCommand,
} from '@aws-sdk/client-ecr';
import { ActionError, type RunnerIO } from '@aws-delivery/action-kit';
import { createClient, explainAwsError } from '@aws-delivery/aws';
import { awsErrorName } from './aws-error-name.js';
import type { EcrBasicFinding, EcrEnhancedFinding } from '../scan/scan-findings.js';
import type { EcrTarget, RegistryTarget } from '../targets/registry-target.js';
import { createRepositoryRequest, type ExistingRepository, type RepositorySettings } from './repository-settings.js';

export interface RegistryCredentials {
  username: string;
  password: string;
  expiresAt?: Date;
}

export interface ScanPage {
  status: string;
  description?: string;
  basic: EcrBasicFinding[];
  enhanced: EcrEnhancedFinding[];
  nextToken?: string;
}

/** The ECR calls this action makes, per target. */
export interface EcrApi {
  authorization(target: RegistryTarget): Promise<RegistryCredentials>;
  describeRepository(target: RegistryTarget): Promise<ExistingRepository | undefined>;
  createRepository(target: RegistryTarget, settings: RepositorySettings): Promise<void>;
  /** tag -> digest for the tags that already exist. */
  existingTags(target: RegistryTarget, tags: readonly string[]): Promise<Map<string, string>>;
  scanFindings(target: RegistryTarget, digest: string, nextToken?: string): Promise<ScanPage>;
  /** False when ECR already scans (or scanned) the image, or scans by itself (enhanced scanning). */
  startScan(target: RegistryTarget, digest: string): Promise<boolean>;
}

export interface EcrApiOptions {
  /** The step's log (SDK debug lines) and masking (authorization tokens). */
  io: Pick<RunnerIO, 'log' | 'mask'>;
  proxy?: string;
  caBundle?: string;
  /** Per attempt, until the answer's headers (the `request-timeout-seconds` input). */
  requestTimeoutMs?: number;
  allowUnknownRegion?: boolean;
}

function ecrOf(target: RegistryTarget): EcrTarget {
  if (!target.ecr) throw new Error(`${target.label} is not an ECR registry`);
  return target.ecr;
}

/** ECR through the shared client factory (proxy, CA bundle, timeouts, retries): one client per region/endpoint/profile. */
/** An authorization token is base64 text, one line. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/**
 * What it decodes to, `user:password`, goes to the login command and the job-private Docker config: printable
 * ASCII without spaces, so no line break or control character can reach either.
 */
const LOGIN_TEXT = /^[\x21-\x7e]+$/;

export function createEcrApi(options: EcrApiOptions): EcrApi {
  const clients = new Map<string, ECRClient>();
  const client = (ecr: EcrTarget): ECRClient => {
    const key = `${ecr.region}|${ecr.apiEndpoint ?? ''}|${ecr.profile ?? ''}`;
    let found = clients.get(key);
    if (!found) {
      found = createClient(
        ECRClient,
        {
          region: ecr.region,
          ...(ecr.apiEndpoint ? { endpoint: ecr.apiEndpoint } : {}),
          ...(options.proxy ? { proxy: options.proxy } : {}),
          ...(options.caBundle ? { caBundle: options.caBundle } : {}),
          ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
          allowUnknownRegion: options.allowUnknownRegion ?? false,
          inputNames: {
            region: 'registries region',
            endpoint: 'ecr-endpoint',
            proxy: 'http-proxy',
            caBundle: 'ca-bundle',
          },
          log: (line) => options.io.log.debug(line),
        },
        ecr.profile ? { profile: ecr.profile } : {},
      );
      clients.set(key, found);
    }
    return found;
  };
  const call = async <T>(
    target: RegistryTarget,
    operation: string,
    send: (c: ECRClient, e: EcrTarget) => Promise<T>,
  ) => {
    const ecr = ecrOf(target);
    try {
      return await send(client(ecr), ecr);
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'name' in error && /NotFound/.test(String(error.name))) {
        throw error;
      }
      const explained = explainAwsError(error, { operation: `ecr:${operation}`, region: ecr.region });
      const profile = ecr.profile ? ` with profile ${ecr.profile}` : '';
      throw new ActionError(`${target.registryHost}${profile}: ${explained.message}`, (explained as ActionError).hint, {
        cause: error,
      });
    }
  };
  return {
    authorization: (target) =>
      call(target, 'GetAuthorizationToken', async (c, ecr) => {
        const answer = await c.send(new GetAuthorizationTokenCommand({ registryIds: [ecr.account] }));
        const data = answer.authorizationData?.[0];
        const token = data?.authorizationToken;
        if (!token) throw new ActionError(`ECR returned no authorization token for ${target.registryHost}.`);
        options.io.mask(token);
        const decoded = BASE64.test(token) ? Buffer.from(token, 'base64').toString('utf8') : '';
        const colon = decoded.indexOf(':');
        const password = decoded.slice(colon + 1);
        if (colon > 0) options.io.mask(password);
        if (colon <= 0 || !LOGIN_TEXT.test(decoded))
          throw new ActionError(
            `The ECR authorization token for ${target.registryHost} is not base64 of user:password in printable characters; it was not used.`,
            'ECR never answers this way: check the ecr-endpoint and the proxy between the runner and AWS.',
          );
        return {
          username: decoded.slice(0, colon),
          password,
          ...(data?.expiresAt ? { expiresAt: data.expiresAt } : {}),
        };
      }),
    describeRepository: (target) =>
      call(target, 'DescribeRepositories', async (c, ecr) => {
        try {
          const answer = await c.send(
            new DescribeRepositoriesCommand({ registryId: ecr.account, repositoryNames: [target.repository] }),
          );
          const repo = answer.repositories?.[0];
          if (!repo) return undefined;
          return {
            ...(repo.imageScanningConfiguration?.scanOnPush !== undefined
              ? { scanOnPush: repo.imageScanningConfiguration.scanOnPush }
              : {}),
            ...(repo.imageTagMutability ? { tagMutability: repo.imageTagMutability } : {}),
            ...(repo.encryptionConfiguration?.encryptionType
              ? { encryption: repo.encryptionConfiguration.encryptionType }
              : {}),
            ...(repo.encryptionConfiguration?.kmsKey ? { kmsKey: repo.encryptionConfiguration.kmsKey } : {}),
          };
        } catch (error) {
          if (awsErrorName(error) === 'RepositoryNotFoundException') return undefined;
          throw error;
        }
      }),
    createRepository: (target, settings) =>
      call(target, 'CreateRepository', async (c, ecr) => {
        await c.send(new CreateRepositoryCommand(createRepositoryRequest(target.repository, ecr.account, settings)));
        if (settings.lifecyclePolicy) {
          await c.send(
            new PutLifecyclePolicyCommand({
              registryId: ecr.account,
              repositoryName: target.repository,
              lifecyclePolicyText: settings.lifecyclePolicy,
            }),
          );
        }
      }),
    existingTags: (target, tags) =>
      call(target, 'BatchGetImage', async (c, ecr) => {
        const found = new Map<string, string>();
        if (tags.length === 0) return found;
        const answer = await c.send(
          new BatchGetImageCommand({
            registryId: ecr.account,
            repositoryName: target.repository,
            imageIds: tags.map((imageTag) => ({ imageTag })),
          }),
        );
        for (const image of answer.images ?? []) {
          if (image.imageId?.imageTag && image.imageId.imageDigest)
            found.set(image.imageId.imageTag, image.imageId.imageDigest);
        }
        return found;
      }),
    scanFindings: (target, digest, nextToken) =>
      call(target, 'DescribeImageScanFindings', async (c, ecr) => {
        const answer = await c.send(
          new DescribeImageScanFindingsCommand({
            registryId: ecr.account,
            repositoryName: target.repository,
            imageId: { imageDigest: digest },
            maxResults: 1000,
            ...(nextToken ? { nextToken } : {}),
          }),
        );
        return {
          status: answer.imageScanStatus?.status ?? 'UNKNOWN',
          ...(answer.imageScanStatus?.description ? { description: answer.imageScanStatus.description } : {}),
          basic: (answer.imageScanFindings?.findings ?? []) as EcrBasicFinding[],
          enhanced: (answer.imageScanFindings?.enhancedFindings ?? []) as EcrEnhancedFinding[],
          ...(answer.nextToken ? { nextToken: answer.nextToken } : {}),
        };
      }),
    startScan: (target, digest) =>
      call(target, 'StartImageScan', async (c, ecr) => {
        try {
          await c.send(
            new StartImageScanCommand({
              registryId: ecr.account,
              repositoryName: target.repository,
              imageId: { imageDigest: digest },
            }),
          );
          return true;
        } catch (error) {
          // Already scanning (scan on push), scanned today, or enhanced scanning (which scans by itself).
          if (/LimitExceeded|Unsupported|Validation/.test(awsErrorName(error) ?? '')) {
            options.io.log.debug(`StartImageScan: ${awsErrorName(error)}; waiting for the existing scan.`);
            return false;
          }
          throw error;
        }
      }),
  };
}
