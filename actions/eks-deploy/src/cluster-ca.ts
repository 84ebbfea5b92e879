/** The API server's CA from what DescribeCluster, a kubeconfig or the cluster-ca input give: checked PEM. */
import { X509Certificate } from 'node:crypto';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export class ClusterCaError extends Error {
  override readonly name = 'ClusterCaError';
}

/** PEM text as is, or base64 of PEM (what DescribeCluster and kubeconfig data fields hold); undefined otherwise. */
export function decodeCa(value: string): string | undefined {
  const text = value.trim();
  if (text.includes('-----BEGIN CERTIFICATE-----')) return text;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return decoded.includes('-----BEGIN CERTIFICATE-----') ? decoded : undefined;
}

/** Every certificate in the PEM must parse; returns the PEM. `from` says where it came from, for the error. */
export function checkCaPem(pem: string, from: string): string {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new ClusterCaError(`${from} holds no PEM certificate`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new ClusterCaError(`${from} holds a certificate that does not parse (${(error as Error).message})`);
    }
  }
  return pem;
}
