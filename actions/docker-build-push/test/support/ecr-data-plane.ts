// Test component: makes a real Distribution registry act as an ECR registry's data plane for moto. In real ECR a
// push through the registry endpoint makes the image visible to the ECR API (DescribeImages, scans) under the same
// digest; moto has no data plane, so this bridge copies every manifest pushed to the local registry into moto with
// ECR's PutImage (same bytes, same digest, same tag). Its behaviour is pinned by test/integration/ecr-api.test.ts.
import { createHash } from 'node:crypto';
import { ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';

export interface DataPlaneOptions {
  registryUrl: string;
  username: string;
  password: string;
  motoEndpoint: string;
  region: string;
  /** Repository paths to mirror. */
  repositories: string[];
  intervalMs?: number;
}

export interface DataPlane {
  /** Digests copied into moto so far, by `repository:tag`. */
  copied: Map<string, string>;
  stop(): Promise<void>;
}

const ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

export function startEcrDataPlane(options: DataPlaneOptions): DataPlane {
  const auth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const ecr = new ECRClient({
    region: options.region,
    endpoint: options.motoEndpoint,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  });
  const copied = new Map<string, string>();
  let stopped = false;
  const once = async () => {
    for (const repository of options.repositories) {
      const list = await fetch(`${options.registryUrl}/v2/${repository}/tags/list`, {
        headers: { authorization: auth },
      });
      if (list.status !== 200) continue;
      const { tags } = (await list.json()) as { tags?: string[] | null };
      for (const tag of tags ?? []) {
        const answer = await fetch(`${options.registryUrl}/v2/${repository}/manifests/${tag}`, {
          headers: { authorization: auth, accept: ACCEPT },
        });
        if (answer.status !== 200) continue;
        const body = await answer.text();
        const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
        const key = `${repository}:${tag}`;
        if (copied.get(key) === digest) continue;
        try {
          await ecr.send(
            new PutImageCommand({
              repositoryName: repository,
              imageManifest: body,
              imageManifestMediaType: answer.headers.get('content-type') ?? undefined,
              imageTag: tag,
              imageDigest: digest,
            }),
          );
          copied.set(key, digest);
        } catch (error) {
          const name = (error as Error).name;
          if (name === 'ImageAlreadyExistsException') copied.set(key, digest);
          // RepositoryNotFoundException: the action has not created it yet; try again on the next round.
        }
      }
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await once().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
    }
  })();
  return {
    copied,
    stop: async () => {
      stopped = true;
      await loop;
      ecr.destroy();
    },
  };
}
