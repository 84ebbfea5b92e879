import { ConfigurationError } from '@aws-delivery/action-kit';
import {
  ecrRegistryHost,
  partitionOfRegion,
  validateAccountId,
  validateEndpoint,
  validateRegion,
} from '@aws-delivery/aws';
import { isValidHost, isValidRepositoryPath } from '@aws-delivery/k8s/image-ref';
import { isLoopbackHost } from '../refs/loopback.js';
import type { RegistryTarget } from './registry-target.js';

const INPUT = 'registries';
const OPTIONS = ['profile', 'endpoint', 'ecr-endpoint', 'repository', 'username', 'password-env'] as const;
type Option = (typeof OPTIONS)[number];

/** `{account}.dkr.ecr[-fips].{region}.{suffix}`: the suffix is checked against the region's partition. */
const ECR_HOST = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z0-9-]+)\.([a-z0-9.]+)$/;

export interface TargetDefaults {
  /** Undefined in login-only mode: a line's target is then the registry alone (a `repository=` is still checked). */
  repository: string | undefined;
  /** The `ecr-endpoint` input: the ECR API endpoint for every ECR target without its own. */
  ecrEndpoint?: string;
  allowUnknownRegion: boolean;
}

function problem(line: string, rule: string, fix: string): ConfigurationError {
  return new ConfigurationError(`Input "${INPUT}" has the line "${line}", but ${rule}. Fix: ${fix}`, INPUT);
}

function parseOptions(line: string, words: string[]): Partial<Record<Option, string>> {
  const options: Partial<Record<Option, string>> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    const key = word.slice(0, eq) as Option;
    if (eq <= 0 || !OPTIONS.includes(key)) {
      throw problem(line, `"${word}" is not an option`, `use ${OPTIONS.map((o) => `${o}=...`).join(', ')}.`);
    }
    if (key in options) throw problem(line, `${key}= appears twice`, `keep one ${key}=.`);
    options[key] = word.slice(eq + 1);
  }
  return options;
}

/** `endpoint=` as a host[:port] or an http(s) URL; returns the host and the scheme to use. */
function parseEndpoint(line: string, value: string): { host: string; scheme: 'https' | 'http' } {
  if (/^https?:\/\//.test(value)) {
    const url = new URL(validateEndpoint(value, `${INPUT} endpoint=`));
    if (url.pathname !== '/' && url.pathname !== '') {
      throw problem(
        line,
        `endpoint=${value} has a path`,
        'give the registry host only, like https://mirror.example:5000.',
      );
    }
    return { host: url.host, scheme: url.protocol === 'http:' ? 'http' : 'https' };
  }
  if (!isValidHost(value)) {
    throw problem(
      line,
      `endpoint=${value} is not a host[:port] or URL`,
      'write endpoint=host:port or https://host:port.',
    );
  }
  return { host: value, scheme: isLoopbackHost(value) ? 'http' : 'https' };
}

function ecrFrom(
  first: string,
  allowUnknownRegion: boolean,
  line: string,
): { account: string; region: string } | undefined {
  const accountRegion = /^([^/\s]+)\/([^/\s]+)$/.exec(first);
  if (accountRegion && !accountRegion[1]!.includes('.')) {
    const account = validateAccountId(accountRegion[1]!, `${INPUT} account`);
    const region = validateRegion(accountRegion[2]!, `${INPUT} region`, { allowUnknownRegion });
    return { account, region };
  }
  const host = ECR_HOST.exec(first);
  if (!host) return undefined;
  const region = validateRegion(host[3]!, `${INPUT} region`, { allowUnknownRegion });
  const partition = partitionOfRegion(region);
  if (host[4] !== partition.dnsSuffix) {
    throw problem(
      line,
      `an ECR host in ${region} (${partition.id}) ends in .${partition.dnsSuffix}, not .${host[4]}`,
      `write ${host[1]}.dkr.ecr.${region}.${partition.dnsSuffix}, or simply ${host[1]}/${region}.`,
    );
  }
  return { account: host[1]!, region };
}

function parseLine(line: string, defaults: TargetDefaults): RegistryTarget {
  const [first, ...rest] = line.split(/\s+/);
  const options = parseOptions(line, rest);
  const repository = options.repository ?? defaults.repository ?? '';
  if ((repository || defaults.repository !== undefined) && !isValidRepositoryPath(repository)) {
    throw problem(
      line,
      `the repository "${repository}" is not a valid repository path`,
      'use lower-case names like team/app.',
    );
  }
  const ecr = ecrFrom(first!, defaults.allowUnknownRegion, line);
  const endpoint = options.endpoint ? parseEndpoint(line, options.endpoint) : undefined;
  const login =
    options.username !== undefined || options['password-env'] !== undefined
      ? { username: options.username ?? '', passwordEnv: options['password-env'] ?? '' }
      : undefined;
  if (login && (!login.username || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(login.passwordEnv))) {
    throw problem(
      line,
      'username= and password-env= go together, and password-env names an environment variable',
      'write username=USER password-env=VAR and set VAR from a secret in the step env:.',
    );
  }
  if (ecr) {
    const partition = partitionOfRegion(ecr.region);
    const registryHost = ecrRegistryHost(ecr.account, ecr.region);
    const apiEndpoint = options['ecr-endpoint'] ?? defaults.ecrEndpoint;
    return {
      label: line,
      kind: 'ecr',
      registryHost,
      pushHost: endpoint?.host ?? registryHost,
      scheme: endpoint?.scheme ?? 'https',
      repository,
      ecr: {
        ...ecr,
        partition: partition.id,
        ...(apiEndpoint ? { apiEndpoint: validateEndpoint(apiEndpoint, `${INPUT} ecr-endpoint=`) } : {}),
        ...(options.profile ? { profile: options.profile } : {}),
      },
      ...(login ? { login } : {}),
    };
  }
  if (/\.dkr\.ecr/.test(first!)) {
    throw problem(
      line,
      'it looks like an ECR host but is not {account}.dkr.ecr.{region}.{suffix}',
      'write ACCOUNT/REGION instead.',
    );
  }
  if (!isValidHost(first!)) {
    throw problem(
      line,
      `"${first}" is neither ACCOUNT/REGION nor a registry host[:port]`,
      'write 123456789012/eu-west-1 or ghcr.io.',
    );
  }
  for (const key of ['profile', 'ecr-endpoint'] as const) {
    if (options[key] !== undefined) {
      throw problem(
        line,
        `${key}= only applies to ECR registries`,
        `remove ${key}= or name the ECR registry as ACCOUNT/REGION.`,
      );
    }
  }
  return {
    label: line,
    kind: 'generic',
    registryHost: first!,
    pushHost: endpoint?.host ?? first!,
    scheme: endpoint?.scheme ?? (isLoopbackHost(endpoint?.host ?? first!) ? 'http' : 'https'),
    repository,
    ...(login ? { login } : {}),
  };
}

/** Parses the `registries` input: one target per line, each `ACCOUNT/REGION`, an ECR host or a registry host, plus options. */
export function parseTargets(lines: readonly string[], defaults: TargetDefaults): RegistryTarget[] {
  if (lines.length === 0) {
    throw new ConfigurationError(
      `Input "${INPUT}" is empty. Fix: list at least one registry, one per line, such as 123456789012/eu-west-1.`,
      INPUT,
    );
  }
  const targets = lines.map((line) => parseLine(line.trim(), defaults));
  const seen = new Map<string, string>();
  for (const target of targets) {
    const key = `${target.registryHost}/${target.repository}`;
    const other = seen.get(key);
    if (other !== undefined) {
      throw problem(target.label, `it pushes to ${key} like the line "${other}"`, 'list every registry once.');
    }
    seen.set(key, target.label);
  }
  return targets;
}
