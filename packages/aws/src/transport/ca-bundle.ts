import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { ConfigurationError, readInputFile } from '@aws-delivery/action-kit';
import type { Environment } from './proxy.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

export interface CaBundleFile {
  path: string;
  /** The input or environment variable that named it. */
  source: string;
  certificates: string[];
}

/** Bundles already checked in this process, by content: an action builds several clients from the same file. */
const checked = new Map<string, string[]>();

/** Parses the PEM certificates in a text; every block must be a readable X.509 certificate. */
export function parsePemCertificates(text: string, path: string, source: string): string[] {
  const known = checked.get(text);
  if (known) return known;
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new ConfigurationError(
      `${source} "${path}" holds no PEM certificate (-----BEGIN CERTIFICATE----- block). If it is DER, convert it ` +
        `with: openssl x509 -inform der -in ca.der -out ca.pem`,
      source,
    );
  }
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new ConfigurationError(
        `${source} "${path}": certificate ${index + 1} of ${blocks.length} cannot be parsed ` +
          `(${(error as Error).message}). Check the file is an unmodified PEM export.`,
        source,
      );
    }
  });
  checked.set(text, blocks);
  return blocks;
}

export function loadCaBundleFile(path: string, source: string): CaBundleFile {
  const text = readInputFile(
    source,
    path,
    "Give the path of a PEM file holding the extra CA certificate(s), for example your TLS-inspecting proxy's root CA.",
  );
  return { path, source, certificates: parsePemCertificates(text, path, source) };
}

export interface TrustedCertificates {
  /** The `ca` option for TLS: Node's default roots plus the extra files; undefined leaves Node's defaults alone. */
  ca?: string[];
  files: CaBundleFile[];
}

export interface CaBundleOptions {
  /** Path of an extra CA bundle (a `ca-bundle` input); otherwise AWS_CA_BUNDLE from the environment. */
  caBundle?: string;
  env?: Environment;
  caBundleInputName?: string;
}

/**
 * The certificates to trust: Node's bundled roots PLUS the extra bundles, never instead of them (a TLS `ca` option
 * replaces the defaults, so they are added back here). NODE_EXTRA_CA_CERTS is added too, because an explicit `ca`
 * would otherwise drop what Node loaded from it.
 */
export function resolveTrustedCertificates(options: CaBundleOptions = {}): TrustedCertificates {
  const env = options.env ?? process.env;
  const files: CaBundleFile[] = [];
  const explicit = options.caBundle?.trim();
  if (explicit) files.push(loadCaBundleFile(explicit, options.caBundleInputName ?? 'ca-bundle'));
  else if (env.AWS_CA_BUNDLE?.trim()) files.push(loadCaBundleFile(env.AWS_CA_BUNDLE.trim(), 'AWS_CA_BUNDLE'));
  if (files.length === 0) return { files };
  const nodeExtra = env.NODE_EXTRA_CA_CERTS?.trim();
  if (nodeExtra && !files.some((file) => file.path === nodeExtra)) {
    files.push(loadCaBundleFile(nodeExtra, 'NODE_EXTRA_CA_CERTS'));
  }
  const ca = [...new Set([...rootCertificates, ...files.flatMap((file) => file.certificates)])];
  return { ca, files };
}

export function describeTrustedCertificates(trusted: TrustedCertificates): string {
  if (!trusted.ca) return "Node's default CA certificates";
  const extras = trusted.files.map((file) => `${file.certificates.length} from ${file.source} ${file.path}`);
  return `Node's default CA certificates plus ${extras.join(' and ')}`;
}
