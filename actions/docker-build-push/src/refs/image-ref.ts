import { ConfigurationError } from '@aws-delivery/action-kit';

/** An image reference split into its parts: `host:5000/team/app:1.2@sha256:…`. */
export interface ImageRef {
  /** Registry host with its port (`127.0.0.1:5000`, `[::1]:5000`, `ghcr.io`), when the reference names one. */
  registry?: string;
  /** Repository path below the registry (`team/app`). */
  path: string;
  tag?: string;
  /** `sha256:` + 64 hex digits (or another algorithm the registry accepts). */
  digest?: string;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;
const HOST =
  /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::\d{1,5})?$/;

/** A first component is a registry host when it has a dot, a port or brackets, or is `localhost` (Docker's rule). */
function looksLikeHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component.startsWith('[') || component === 'localhost';
}

export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

export function isValidHost(host: string): boolean {
  return HOST.test(host);
}

export function isValidRepositoryPath(path: string): boolean {
  return path.split('/').every((part) => PATH_COMPONENT.test(part));
}

function fail(value: string, inputName: string, rule: string): never {
  throw new ConfigurationError(
    `${inputName} "${value}" is not a valid image reference: ${rule}. An image reference looks like ` +
      'registry.example.com:5000/team/app:1.2.3 or team/app@sha256:<64 hex digits>.',
    inputName,
  );
}

/** Parses an image reference the way Docker does; throws a ConfigurationError that names `inputName`. */
export function parseImageRef(value: string, inputName = 'image'): ImageRef {
  const text = value.trim();
  if (!text) fail(value, inputName, 'it is empty');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest.startsWith('sha256:') && !SHA256.test(digest)) {
      fail(value, inputName, 'a sha256 digest is "sha256:" followed by 64 lower-case hex digits');
    }
    if (!DIGEST.test(digest)) fail(value, inputName, `the digest "${digest}" must be algorithm:hex`);
  }
  const slash = rest.indexOf('/');
  let registry: string | undefined;
  if (slash > 0 && looksLikeHost(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
    if (!HOST.test(registry)) fail(value, inputName, `the registry host "${registry}" is not a host[:port]`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      fail(value, inputName, `the tag "${tag}" must be 1-128 letters, digits, _ . - and not start with . or -`);
    }
  }
  if (!rest) fail(value, inputName, 'it has no repository path');
  if (!isValidRepositoryPath(rest)) {
    fail(
      value,
      inputName,
      `the repository path "${rest}" must be lower-case letters and digits separated by / . _ __ or -`,
    );
  }
  return { ...(registry ? { registry } : {}), path: rest, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The reference as text: registry/path:tag@digest, leaving out what is not set. */
export function formatImageRef(ref: ImageRef): string {
  return `${ref.registry ? `${ref.registry}/` : ''}${ref.path}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** True for a registry host on the loopback interface, which Docker (and this action) talk to over plain HTTP. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}
