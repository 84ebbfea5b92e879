/**
 * AWS Signature Version 4 with node:crypto only: the Authorization header for a request, or a presigned URL
 * (query-string authentication). Pure apart from reading the clock when no `now` is given.
 *
 * Canonical request, as AWS specifies it for every service but S3:
 * - path: the path as sent on the wire (already percent-encoded), normalised (empty and `.` segments dropped,
 *   `..` resolved), then each segment URI-encoded again: RFC 3986 unreserved characters stay, everything else
 *   becomes %XX;
 * - query: keys and values percent-decoded (`+` is a plus, not a space), URI-encoded, sorted by key then value;
 * - headers: names trimmed and lower-cased, values with runs of whitespace collapsed to one space and trimmed,
 *   sorted by name; duplicate names joined with commas;
 * - payload: the SHA-256 of the body, or the value of an x-amz-content-sha256 header when the caller sets one.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

interface SigningScope {
  /** The signing name of the service: `sts`, `iam`, `execute-api`... */
  service: string;
  region: string;
  credentials: SigningCredentials;
  /** Signing time; default now. */
  now?: Date;
}

export interface SignRequestInput extends SigningScope {
  method: string;
  url: string | URL;
  /** Headers that will be sent and are to be signed (Host is taken from the URL when not given). */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Also add and sign x-amz-content-sha256 (S3 and a few other services require it). */
  contentSha256?: boolean;
}

export interface PresignUrlInput extends SigningScope {
  method?: string;
  url: string | URL;
  /** Headers the request will carry and that are to be signed, e.g. `x-k8s-aws-id`; x-amz-* ones move to the query. */
  headers?: Record<string, string>;
  /** X-Amz-Expires: 1 to 604800 seconds (7 days). */
  expiresSeconds: number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/**
 * Headers a proxy or the HTTP stack may add, drop or rewrite on the way (so a signature over them would break),
 * and the ones the signer itself produces.
 */
const UNSIGNED_HEADERS = new Set([
  'authorization',
  'connection',
  'expect',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);
/** Set by the signer from the time and the credentials: any value the caller passes is ignored. */
const GENERATED_HEADERS = new Set(['authorization', 'date', 'x-amz-date', 'x-amz-security-token']);

function isUnsigned(name: string): boolean {
  return UNSIGNED_HEADERS.has(name) || name.startsWith('proxy-');
}

/** RFC 3986 percent-encoding: A-Z a-z 0-9 - . _ ~ stay, every other UTF-8 byte becomes %XX (upper-case hex). */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** `20150830T123600Z` and `20150830`. */
function amzDate(now: Date): { long: string; short: string } {
  if (Number.isNaN(now.getTime())) throw new RangeError('The signing time is not a valid date.');
  const long = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return { long, short: long.slice(0, 8) };
}

function checkCredentials(credentials: SigningCredentials | undefined): SigningCredentials {
  if (!credentials || typeof credentials.accessKeyId !== 'string' || !credentials.accessKeyId) {
    throw new TypeError('Cannot sign the request: the credentials have no access key id.');
  }
  if (typeof credentials.secretAccessKey !== 'string' || !credentials.secretAccessKey) {
    throw new TypeError('Cannot sign the request: the credentials have no secret access key.');
  }
  return credentials;
}

function parseUrl(url: string | URL): URL {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`Cannot sign a ${parsed.protocol} URL: only http: and https: requests are signed.`);
  }
  return parsed;
}

/** The canonical URI: the wire path normalised, each segment URI-encoded again. */
export function canonicalPath(wirePath: string): string {
  const segments: string[] = [];
  for (const segment of wirePath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && wirePath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

type QueryPair = [key: string, value: string];

function decodeComponent(text: string, position: number): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new TypeError(`Query parameter ${position} of the URL is not valid percent-encoding.`);
  }
}

/** The query of a URL as decoded pairs, in order; `+` stays a plus sign (RFC 3986), as AWS reads it. */
export function queryPairs(search: string): QueryPair[] {
  const text = search.startsWith('?') ? search.slice(1) : search;
  if (!text) return [];
  return text
    .split('&')
    .filter((part) => part !== '')
    .map((part, index) => {
      const equals = part.indexOf('=');
      const key = equals < 0 ? part : part.slice(0, equals);
      const value = equals < 0 ? '' : part.slice(equals + 1);
      return [decodeComponent(key, index + 1), decodeComponent(value, index + 1)];
    });
}

/** `key=value` pairs URI-encoded and sorted by key, then value; X-Amz-Signature never takes part. */
export function canonicalQuery(pairs: readonly QueryPair[]): string {
  return pairs
    .filter(([key]) => key.toLowerCase() !== 'x-amz-signature')
    .map(([key, value]): QueryPair => [uriEncode(key), uriEncode(value)])
    .sort(([keyA, valueA], [keyB, valueB]) =>
      keyA < keyB ? -1 : keyA > keyB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0,
    )
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function normaliseValue(value: string): string {
  return value.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
}

/** Lower-cased names to normalised values, sorted by name, without the headers that are never signed. */
export function canonicalHeaders(headers: Record<string, string>): Map<string, string> {
  const merged = new Map<string, string>();
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined || rawValue === null) continue;
    const name = rawName.trim().toLowerCase();
    if (isUnsigned(name)) continue;
    const value = normaliseValue(String(rawValue));
    const earlier = merged.get(name);
    merged.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  return new Map([...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function withoutGenerated(headers: Record<string, string> | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!GENERATED_HEADERS.has(name.trim().toLowerCase())) kept[name] = value;
  }
  return kept;
}

function hasHeader(headers: Record<string, string>, name: string): string | undefined {
  const found = Object.keys(headers).find((key) => key.trim().toLowerCase() === name);
  return found === undefined ? undefined : headers[found];
}

interface Signature {
  signature: string;
  signedHeaders: string;
  scope: string;
}

function sign(
  scope: SigningScope & { credentials: SigningCredentials },
  date: { long: string; short: string },
  method: string,
  path: string,
  query: string,
  headers: Map<string, string>,
  payloadHash: string,
): Signature {
  const signedHeaders = [...headers.keys()].join(';');
  const canonicalRequest = [
    method.toUpperCase(),
    path,
    query,
    [...headers].map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n');
  const credentialScope = `${date.short}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, date.long, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const dateKey = hmac(`AWS4${scope.credentials.secretAccessKey}`, date.short);
  const signingKey = hmac(hmac(hmac(dateKey, scope.region), scope.service), 'aws4_request');
  return { signature: hmac(signingKey, stringToSign).toString('hex'), signedHeaders, scope: credentialScope };
}

function checkScope(scope: SigningScope): void {
  for (const [what, value] of [
    ['service', scope.service],
    ['region', scope.region],
  ] as const) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(value ?? '')) {
      throw new TypeError(`Cannot sign the request: ${what} "${String(value)}" is not a signing ${what} name.`);
    }
  }
}

/**
 * Signs a request and returns the headers to add to it: `authorization`, `x-amz-date`, `x-amz-security-token`
 * (with a session token) and `x-amz-content-sha256` (when asked). The request must be sent with exactly the
 * signed headers and the URL's host (Node sends `Host` as the URL's host by default).
 */
export function signRequest(input: SignRequestInput): Record<string, string> {
  checkScope(input);
  const credentials = checkCredentials(input.credentials);
  const url = parseUrl(input.url);
  const date = amzDate(input.now ?? new Date());
  const given = withoutGenerated(input.headers);
  const payloadHash = hasHeader(given, 'x-amz-content-sha256') ?? sha256Hex(input.body ?? '');
  const added: Record<string, string> = { 'x-amz-date': date.long };
  if (credentials.sessionToken) added['x-amz-security-token'] = credentials.sessionToken;
  if (input.contentSha256 && hasHeader(given, 'x-amz-content-sha256') === undefined) {
    added['x-amz-content-sha256'] = payloadHash;
  }
  const toSign = { ...(hasHeader(given, 'host') === undefined ? { host: url.host } : {}), ...given, ...added };
  const { signature, signedHeaders, scope } = sign(
    { ...input, credentials },
    date,
    input.method,
    canonicalPath(url.pathname),
    canonicalQuery(queryPairs(url.search)),
    canonicalHeaders(toSign),
    payloadHash,
  );
  return {
    authorization: `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    ...added,
  };
}

/**
 * A presigned URL (query-string authentication): the URL's own query plus X-Amz-Algorithm, X-Amz-Credential,
 * X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Security-Token (with a session token) and
 * X-Amz-Signature. Headers named x-amz-* move into the query; the others are signed and must be sent. The payload
 * is taken to be empty unless an x-amz-content-sha256 header says otherwise (e.g. UNSIGNED-PAYLOAD).
 */
export function presignUrl(input: PresignUrlInput): string {
  checkScope(input);
  const credentials = checkCredentials(input.credentials);
  const url = parseUrl(input.url);
  const expires = input.expiresSeconds;
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) {
    throw new RangeError(
      `expiresSeconds ${String(expires)} must be a whole number of seconds from 1 to ${MAX_PRESIGN_SECONDS} (7 days).`,
    );
  }
  const date = amzDate(input.now ?? new Date());
  const pairs = queryPairs(url.search);
  if (pairs.some(([key]) => /^x-amz-(signature|credential)$/i.test(key))) {
    throw new TypeError('Cannot presign a URL that is already presigned (it has X-Amz-Signature or X-Amz-Credential).');
  }
  const given = withoutGenerated(input.headers);
  const payloadHash = hasHeader(given, 'x-amz-content-sha256') ?? sha256Hex('');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (name.trim().toLowerCase().startsWith('x-amz-')) pairs.push([name.trim(), value]);
    else headers[name] = value;
  }
  if (hasHeader(headers, 'host') === undefined) headers.host = url.host;
  const signed = canonicalHeaders(headers);
  const scope = `${date.short}/${input.region}/${input.service}/aws4_request`;
  pairs.push(
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', date.long],
    ['X-Amz-Expires', String(expires)],
    ['X-Amz-SignedHeaders', [...signed.keys()].join(';')],
  );
  if (credentials.sessionToken) pairs.push(['X-Amz-Security-Token', credentials.sessionToken]);
  const query = canonicalQuery(pairs);
  const { signature } = sign(
    { ...input, credentials },
    date,
    input.method ?? 'GET',
    canonicalPath(url.pathname),
    query,
    signed,
    payloadHash,
  );
  return `${url.origin}${url.pathname}?${query}&X-Amz-Signature=${signature}`;
}
