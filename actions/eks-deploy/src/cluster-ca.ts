/**
 * The API server's CA from what DescribeCluster, a kubeconfig or the cluster-ca input give: checked PEM. Loads
 * node:crypto; telling PEM text from a path (ca-text.ts) does not, so a step failing on its inputs never loads it.
 */
import { X509Certificate } from 'node:crypto';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export class ClusterCaError extends Error {
  override readonly name = 'ClusterCaError';
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
