/**
 * A small STS client for AssumeRole, AssumeRoleWithWebIdentity and GetCallerIdentity that speaks the Query protocol
 * itself, signs with ../signing/sigv4.ts and sends with node:http / node:https (../transport/http-send.ts) on the same settings and
 * routes as every SDK client (region and endpoint checks, proxy with NO_PROXY, CA bundle, timeouts, transport error
 * explanations, the retry policy), so an action that needs nothing else from AWS loads neither the AWS SDK nor
 * @smithy's runtime. Outputs and errors have the SDK's shapes.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryErrorType, SdkError } from '@smithy/types';
import { stsEndpoint } from '../names/service-hosts.js';
import { ResponseTooLargeError, sendOnce } from '../transport/http-send.js';
import { classifyError, type ErrorClass } from '../transport/retry.js';
import { signRequest, type SigningCredentials } from '../signing/sigv4.js';
import {
  assumeRoleForm,
  assumeRoleWithWebIdentityForm,
  getCallerIdentityForm,
  parseAssumeRoleResponse,
  parseGetCallerIdentityResponse,
  stsErrorFromResponse,
  StsResponseError,
  type AssumeRoleInput,
  type AssumeRoleOutput,
  type AssumeRoleWithWebIdentityInput,
  type AssumeRoleWithWebIdentityOutput,
  type GetCallerIdentityOutput,
  type ResponseMetadata,
  type StsAction,
} from './query-protocol.js';
import { TransportRoutes } from '../transport/routes.js';
import { resolveTransportSettings, type AwsClientOptions } from '../transport/settings.js';

type CredentialsSource = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** How one call differs from the client's defaults. */
export interface StsCallOptions {
  /** Signs this call with these credentials instead of the client's own (each hop of a role chain has its own). */
  credentials?: CredentialsSource;
  /** One attempt, without the client's retries: for a caller that retries itself with a fresh input each time. */
  once?: boolean;
}

/**
 * One client serves a whole run: settings, CA bundle and connections are resolved once, and each call may sign
 * with other credentials. `destroy()` when the run is done.
 */
export interface StsQueryClient {
  readonly region: string;
  /** Where the calls go: the custom endpoint, or the region's own STS endpoint in its partition. */
  readonly endpoint: string;
  /** sts:AssumeRole, signed with the call's credentials or else the client's. */
  assumeRole(input: AssumeRoleInput, options?: StsCallOptions): Promise<AssumeRoleOutput>;
  /** sts:AssumeRoleWithWebIdentity: not signed, the web identity token is the proof; needs no credentials. */
  assumeRoleWithWebIdentity(
    input: AssumeRoleWithWebIdentityInput,
    options?: Pick<StsCallOptions, 'once'>,
  ): Promise<AssumeRoleWithWebIdentityOutput>;
  /** sts:GetCallerIdentity, signed with the call's credentials or else the client's. */
  getCallerIdentity(options?: StsCallOptions): Promise<GetCallerIdentityOutput>;
  /** Closes kept-alive connections. */
  destroy(): void;
}

/** The SDK's name for "no credentials to sign with", so code that recognises the SDK's error recognises this one. */
export class CredentialsProviderError extends Error {
  override readonly name = 'CredentialsProviderError';
}

/** STS answers are a few kilobytes; anything this large is not STS. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
const USER_AGENT = 'aws-delivery-actions sts-query';
const ERROR_TYPES: Record<ErrorClass, RetryErrorType> = {
  throttling: 'THROTTLING',
  server: 'SERVER_ERROR',
  network: 'TRANSIENT',
  fatal: 'CLIENT_ERROR',
};

interface RawAnswer {
  status: number;
  body: string;
  requestId?: string;
}

async function resolveCredentials(
  source: CredentialsSource | undefined,
  action: StsAction,
): Promise<SigningCredentials> {
  const credentials = typeof source === 'function' ? await source() : source;
  if (!credentials?.accessKeyId || !credentials.secretAccessKey) {
    throw new CredentialsProviderError(
      `STS ${action} must be signed, but the client has no AWS credentials: pass static keys or a credentials ` +
        'provider as `credentials`.',
    );
  }
  return credentials;
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Counts attempts and waits on whatever error ends the call, as the SDK does. */
function stamp(error: unknown, attempts: number, totalRetryDelay: number): void {
  if (typeof error !== 'object' || error === null) return;
  const holder = error as { $metadata?: ResponseMetadata };
  holder.$metadata = { ...holder.$metadata, attempts, totalRetryDelay };
}

/** Builds the STS Query client on the shared transport; takes the same options as awsClientConfig. */
export function createStsQueryClient(options: AwsClientOptions): StsQueryClient {
  const settings = resolveTransportSettings(options);
  const routes = new TransportRoutes(settings);
  const endpoint = settings.endpoint ?? stsEndpoint(settings.region);
  // The operation's path `/` after the endpoint's own path, as the SDK joins them; the URL signed is the URL sent.
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/`;

  /** Sends one attempt; signed when `signing` is given, even without credentials (then it says what is missing). */
  async function send(
    action: StsAction,
    form: string,
    signing?: { credentials?: CredentialsSource },
  ): Promise<RawAnswer> {
    const headers: Record<string, string> = {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(form)),
      'user-agent': USER_AGENT,
    };
    if (signing) {
      Object.assign(
        headers,
        signRequest({
          method: 'POST',
          url,
          headers,
          body: form,
          service: 'sts',
          region: settings.region,
          credentials: await resolveCredentials(signing.credentials, action),
        }),
      );
    }
    let answer;
    try {
      answer = await sendOnce({ method: 'POST', url, headers, body: form }, routes, {
        maxResponseBytes: MAX_RESPONSE_BYTES,
      });
    } catch (error) {
      // An answer this large is not STS's: the same class as any other answer that is not an STS document.
      if (error instanceof ResponseTooLargeError) throw new StsResponseError(error.message, {});
      throw error;
    }
    const requestId = headerValue(answer.headers, 'x-amzn-requestid');
    return { status: answer.statusCode, body: answer.body.toString('utf8'), ...(requestId ? { requestId } : {}) };
  }

  /**
   * One call: attempts until success, a fatal error or the last attempt, waiting as the retry strategy says (or one
   * attempt only, `once`). Signed when `signed`, with the call's credentials or else the client's.
   */
  async function call<T>(
    action: StsAction,
    form: string,
    how: { signed: boolean } & StsCallOptions,
    parse: (answer: RawAnswer, metadata: ResponseMetadata) => T,
  ): Promise<T> {
    const credentials = how.credentials ?? options.credentials;
    const signing = how.signed ? { ...(credentials ? { credentials } : {}) } : undefined;
    const strategy = settings.retryStrategy;
    let token = await strategy.acquireInitialRetryToken(`sts:${action}`);
    let attempts = 0;
    let waited = 0;
    for (;;) {
      attempts += 1;
      try {
        const answer = await send(action, form, signing);
        if (answer.status < 200 || answer.status > 299) {
          throw stsErrorFromResponse(answer.status, answer.body, answer.requestId);
        }
        const output = parse(answer, { httpStatusCode: answer.status, attempts, totalRetryDelay: waited });
        strategy.recordSuccess(token);
        return output;
      } catch (error) {
        stamp(error, attempts, waited);
        if (how.once) throw error;
        const started = Date.now();
        // Throws the error itself when it is not retried (fatal, or the last attempt).
        token = await strategy.refreshRetryTokenForRetry(token, {
          errorType: ERROR_TYPES[classifyError(error)],
          error: error as SdkError,
        });
        waited += Date.now() - started;
      }
    }
  }

  return {
    region: settings.region,
    endpoint,
    assumeRole: async (input, options = {}) =>
      call('AssumeRole', assumeRoleForm(input), { ...options, signed: true }, (answer, metadata) =>
        parseAssumeRoleResponse('AssumeRole', answer.status, answer.body, metadata, answer.requestId),
      ),
    assumeRoleWithWebIdentity: async (input, options = {}) =>
      call(
        'AssumeRoleWithWebIdentity',
        assumeRoleWithWebIdentityForm(input),
        { ...options, signed: false },
        (answer, metadata) =>
          parseAssumeRoleResponse('AssumeRoleWithWebIdentity', answer.status, answer.body, metadata, answer.requestId),
      ),
    getCallerIdentity: async (options = {}) =>
      call('GetCallerIdentity', getCallerIdentityForm(), { ...options, signed: true }, (answer, metadata) =>
        parseGetCallerIdentityResponse(answer.status, answer.body, metadata, answer.requestId),
      ),
    destroy: () => routes.destroy(),
  };
}
