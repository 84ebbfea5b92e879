/**
 * The STS Query protocol, pure: operation inputs to a form body (`Action=…&Version=2011-06-15&…`, lists as
 * `Tags.member.1.Key`), XML answers to the shapes @aws-sdk/client-sts returns, error documents to errors that
 * carry the STS error code as `name` (so classifyError and explainAwsError read them as they read SDK errors).
 */
import { quote } from '@aws-delivery/action-kit';
import { uriEncode } from '../signing/sigv4.js';
import { find, parseXml, textAt, XmlSyntaxError, type XmlElement } from './xml-fields.js';

export const STS_API_VERSION = '2011-06-15';

export interface Tag {
  Key: string;
  Value: string;
}

export interface PolicyDescriptorType {
  arn?: string;
}

export interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  PolicyArns?: PolicyDescriptorType[];
  Policy?: string;
  DurationSeconds?: number;
  Tags?: Tag[];
  TransitiveTagKeys?: string[];
  ExternalId?: string;
}

export interface AssumeRoleWithWebIdentityInput {
  RoleArn: string;
  RoleSessionName: string;
  WebIdentityToken: string;
  PolicyArns?: PolicyDescriptorType[];
  Policy?: string;
  DurationSeconds?: number;
}

/** What every answer carries, as in the SDK. */
export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  /** Attempts made, including the first. */
  attempts?: number;
  /** Milliseconds spent waiting between attempts. */
  totalRetryDelay?: number;
}

export interface Credentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

export interface AssumedRoleUser {
  AssumedRoleId: string;
  Arn: string;
}

export interface AssumeRoleOutput {
  $metadata: ResponseMetadata;
  Credentials?: Credentials;
  AssumedRoleUser?: AssumedRoleUser;
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

export interface AssumeRoleWithWebIdentityOutput extends AssumeRoleOutput {
  SubjectFromWebIdentityToken?: string;
  Provider?: string;
  Audience?: string;
}

export interface GetCallerIdentityOutput {
  $metadata: ResponseMetadata;
  UserId?: string;
  Account?: string;
  Arn?: string;
}

export type StsAction = 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetCallerIdentity';

type FormValue = string | number | undefined;

/** `[name, value]` pairs for a list member: `Tags.member.1.Key`, `TransitiveTagKeys.member.1`. */
function listPairs<T>(name: string, items: readonly T[] | undefined, fields: (item: T) => [string, FormValue][]) {
  if (items === undefined) return [];
  // The SDK sends an empty list as a bare `Name=`; STS reads it as "no items".
  if (items.length === 0) return [[name, ''] as [string, FormValue]];
  return items.flatMap((item, index) =>
    fields(item).map(([field, value]): [string, FormValue] => [
      `${name}.member.${index + 1}${field ? `.${field}` : ''}`,
      value,
    ]),
  );
}

function policyPairs(input: { PolicyArns?: PolicyDescriptorType[]; Policy?: string }): [string, FormValue][] {
  return [...listPairs('PolicyArns', input.PolicyArns, (policy) => [['arn', policy.arn]]), ['Policy', input.Policy]];
}

/** `application/x-www-form-urlencoded` with RFC 3986 encoding, fields without a value left out. */
export function encodeForm(pairs: readonly [string, FormValue][]): string {
  return pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined)
    .map(([name, value]) => `${uriEncode(name)}=${uriEncode(String(value))}`)
    .join('&');
}

function integer(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !Number.isInteger(value)) {
    throw new TypeError(`${name} ${String(value)} must be a whole number of seconds.`);
  }
  return value;
}

export function assumeRoleForm(input: AssumeRoleInput): string {
  return encodeForm([
    ['Action', 'AssumeRole'],
    ['Version', STS_API_VERSION],
    ['RoleArn', input.RoleArn],
    ['RoleSessionName', input.RoleSessionName],
    ...policyPairs(input),
    ['DurationSeconds', integer(input.DurationSeconds, 'DurationSeconds')],
    ...listPairs('Tags', input.Tags, (tag): [string, FormValue][] => [
      ['Key', tag.Key],
      ['Value', tag.Value],
    ]),
    ...listPairs('TransitiveTagKeys', input.TransitiveTagKeys, (key): [string, FormValue][] => [['', key]]),
    ['ExternalId', input.ExternalId],
  ]);
}

export function assumeRoleWithWebIdentityForm(input: AssumeRoleWithWebIdentityInput): string {
  return encodeForm([
    ['Action', 'AssumeRoleWithWebIdentity'],
    ['Version', STS_API_VERSION],
    ['RoleArn', input.RoleArn],
    ['RoleSessionName', input.RoleSessionName],
    ['WebIdentityToken', input.WebIdentityToken],
    ...policyPairs(input),
    ['DurationSeconds', integer(input.DurationSeconds, 'DurationSeconds')],
  ]);
}

export function getCallerIdentityForm(): string {
  return encodeForm([
    ['Action', 'GetCallerIdentity'],
    ['Version', STS_API_VERSION],
  ]);
}

/** An answer that is not the document STS sends (a proxy's page, a truncated body): never retried. */
export class StsResponseError extends Error {
  override readonly name = 'StsResponseError';
  constructor(
    message: string,
    readonly $metadata: ResponseMetadata,
  ) {
    super(message);
  }
}

/**
 * An error STS answered with: `name` and `Code` are STS's error code (AccessDenied, ExpiredTokenException,
 * PackedPolicyTooLarge, InvalidIdentityToken, RegionDisabledException, Throttling…), as the SDK's `Code` is.
 */
export class StsServiceError extends Error {
  override readonly name: string;
  readonly Code: string;
  readonly Type?: string;
  readonly $fault: 'client' | 'server';
  readonly $metadata: ResponseMetadata;

  constructor(fields: { code: string; message: string; type?: string; status: number; requestId?: string }) {
    super(fields.message);
    this.name = fields.code;
    this.Code = fields.code;
    if (fields.type) this.Type = fields.type;
    this.$fault =
      fields.type === 'Receiver' || (fields.type === undefined && fields.status >= 500) ? 'server' : 'client';
    this.$metadata = {
      httpStatusCode: fields.status,
      ...(fields.requestId ? { requestId: fields.requestId } : {}),
    };
  }
}

function parseOrUndefined(body: string): XmlElement | undefined {
  try {
    return parseXml(body);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return undefined;
    throw error;
  }
}

/** A short, single-line look at a body that is not STS's, for the error message. */
function glimpse(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

/** The shape of an STS error code (AccessDenied, Throttling, IDPCommunicationError, Sender.Throttling…). */
const ERROR_CODE = /^[A-Za-z][A-Za-z0-9.]{0,99}$/;

/** The error for a non-2xx answer: STS's own error document when there is one, else a description of the answer. */
export function stsErrorFromResponse(
  status: number,
  body: string,
  headerRequestId: string | undefined,
): StsServiceError | StsResponseError {
  const root = parseOrUndefined(body);
  const error = root?.name === 'ErrorResponse' ? find(root, 'Error') : root?.name === 'Error' ? root : undefined;
  const code = textAt(error, 'Code')?.trim();
  const requestId = headerRequestId || textAt(root, 'RequestId')?.trim();
  if (code && !ERROR_CODE.test(code)) {
    // The code names the error in retry lines and messages: one that is no error code is described, not used.
    return new StsServiceError({
      code: 'Unknown',
      message: `STS answered HTTP ${status} with an error code that is not one: ${quote(code, 40)}`,
      status,
      ...(requestId ? { requestId } : {}),
    });
  }
  if (!code) {
    // No error document: the status still classifies it (429 throttling, 5xx server), and the message says what came.
    return new StsServiceError({
      code: 'Unknown',
      message: `STS answered HTTP ${status} without an STS error document${body.trim() ? `: ${glimpse(body)}` : ''}`,
      status,
      ...(requestId ? { requestId } : {}),
    });
  }
  const type = textAt(error, 'Type')?.trim();
  return new StsServiceError({
    code,
    message: textAt(error, 'Message') ?? '',
    status,
    ...(type ? { type } : {}),
    ...(requestId ? { requestId } : {}),
  });
}

/** The `<Action>Result` element of a `<Action>Response` document, and the metadata with the request id. */
function resultOf(
  action: StsAction,
  status: number,
  body: string,
  metadata: ResponseMetadata,
  headerRequestId: string | undefined,
): { result: XmlElement; $metadata: ResponseMetadata } {
  const root = parseOrUndefined(body);
  const response = root?.name === `${action}Response` ? root : undefined;
  const requestId = headerRequestId || textAt(response, 'ResponseMetadata', 'RequestId')?.trim();
  const $metadata = { ...metadata, ...(requestId ? { requestId } : {}) };
  const result = find(response, `${action}Result`);
  if (!result) {
    throw new StsResponseError(
      `STS answered HTTP ${status} to ${action}, but not with the ${action}Response document STS sends` +
        `${body.trim() ? `: ${glimpse(body)}` : ' (empty body)'}.`,
      $metadata,
    );
  }
  return { result, $metadata };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function credentialsOf(result: XmlElement, action: StsAction, metadata: ResponseMetadata): Credentials | undefined {
  const element = find(result, 'Credentials');
  if (!element) return undefined;
  const field = (name: string) => {
    const value = textAt(element, name);
    if (value === undefined) {
      throw new StsResponseError(`STS answered ${action} with Credentials that lack ${name}.`, metadata);
    }
    return value;
  };
  const expiration = new Date(field('Expiration').trim());
  if (Number.isNaN(expiration.getTime())) {
    throw new StsResponseError(`STS answered ${action} with an Expiration that is not a date.`, metadata);
  }
  return {
    AccessKeyId: field('AccessKeyId'),
    SecretAccessKey: field('SecretAccessKey'),
    SessionToken: field('SessionToken'),
    Expiration: expiration,
  };
}

function assumedRoleUserOf(result: XmlElement): AssumedRoleUser | undefined {
  const element = find(result, 'AssumedRoleUser');
  if (!element) return undefined;
  return { AssumedRoleId: textAt(element, 'AssumedRoleId') ?? '', Arn: textAt(element, 'Arn') ?? '' };
}

function integerAt(result: XmlElement, name: string): number | undefined {
  const text = textAt(result, name)?.trim();
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The SDK-shaped output of a successful AssumeRole or AssumeRoleWithWebIdentity. */
export function parseAssumeRoleResponse(
  action: 'AssumeRole' | 'AssumeRoleWithWebIdentity',
  status: number,
  body: string,
  metadata: ResponseMetadata,
  headerRequestId?: string,
): AssumeRoleWithWebIdentityOutput {
  const { result, $metadata } = resultOf(action, status, body, metadata, headerRequestId);
  const webIdentity =
    action === 'AssumeRoleWithWebIdentity'
      ? {
          ...optional('SubjectFromWebIdentityToken', textAt(result, 'SubjectFromWebIdentityToken')),
          ...optional('Provider', textAt(result, 'Provider')),
          ...optional('Audience', textAt(result, 'Audience')),
        }
      : {};
  return {
    $metadata,
    ...optional('Credentials', credentialsOf(result, action, $metadata)),
    ...webIdentity,
    ...optional('AssumedRoleUser', assumedRoleUserOf(result)),
    ...optional('PackedPolicySize', integerAt(result, 'PackedPolicySize')),
    ...optional('SourceIdentity', textAt(result, 'SourceIdentity')),
  };
}

/** The SDK-shaped output of a successful GetCallerIdentity. */
export function parseGetCallerIdentityResponse(
  status: number,
  body: string,
  metadata: ResponseMetadata,
  headerRequestId?: string,
): GetCallerIdentityOutput {
  const { result, $metadata } = resultOf('GetCallerIdentity', status, body, metadata, headerRequestId);
  return {
    $metadata,
    ...optional('UserId', textAt(result, 'UserId')),
    ...optional('Account', textAt(result, 'Account')),
    ...optional('Arn', textAt(result, 'Arn')),
  };
}
