/** How a failed push or login is treated: retried (transient), or explained and not retried. */
export type PushFailure =
  | { kind: 'transient'; reason: string }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'immutable-tag'; reason: string }
  | { kind: 'missing-repository'; reason: string }
  | { kind: 'fatal'; reason: string };

const RULES: readonly [RegExp, PushFailure['kind'], string][] = [
  [
    /tag invalid.*(?:already exists|cannot be overwritten)|immutable/i,
    'immutable-tag',
    'the tag already exists in an immutable repository',
  ],
  [
    /name unknown|repository .*does not exist|RepositoryNotFound/i,
    'missing-repository',
    'the repository does not exist in the registry',
  ],
  [
    /unauthorized|authentication required|denied|401 Unauthorized|403 Forbidden|no basic auth credentials|(?:incorrect|invalid) username(?: or |\/)password/i,
    'unauthorized',
    'the registry refused the credentials',
  ],
  [/toomanyrequests|429 Too Many Requests|rate limit/i, 'transient', 'the registry is rate limiting'],
  [
    /\b50[0234]\b|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out/i,
    'transient',
    'the registry answered with a server error',
  ],
  [
    /i\/o timeout|TLS handshake timeout|timeout exceeded|context deadline exceeded|Client\.Timeout/i,
    'transient',
    'the connection timed out',
  ],
  [
    /connection reset|connection refused|broken pipe|unexpected EOF|\bEOF\b|no such host|network is unreachable|temporary failure in name resolution/i,
    'transient',
    'the network connection failed',
  ],
  [/blob upload unknown|blob upload invalid/i, 'transient', 'the registry lost an upload'],
];

/** Classifies the output of a failed push or login. Pure. */
export function classifyPushFailure(output: string): PushFailure {
  for (const [pattern, kind, reason] of RULES) if (pattern.test(output)) return { kind, reason } as PushFailure;
  return { kind: 'fatal', reason: 'the push failed' };
}
