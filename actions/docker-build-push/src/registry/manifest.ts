/** Manifest media types a registry may answer with. */
export const MANIFEST_TYPES = {
  dockerV2: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

export const ACCEPT_MANIFESTS = Object.values(MANIFEST_TYPES).join(', ');

export interface ManifestSummary {
  digest: string;
  mediaType: string;
  /** An index or manifest list (several platforms, or attestations): AWS Lambda refuses these. */
  isIndex: boolean;
  /** Compressed size of the image: config plus layers (for an index: the manifests it lists). */
  sizeBytes: number;
  /** Platforms of an index's entries, `unknown/unknown` for attestation manifests. */
  platforms: string[];
}

interface Descriptor {
  mediaType?: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

/** Reads a manifest body (JSON) and the media type the registry gave. Pure. */
export function summarizeManifest(body: string, contentType: string | undefined, digest: string): ManifestSummary {
  const manifest = JSON.parse(body) as {
    mediaType?: string;
    config?: Descriptor;
    layers?: Descriptor[];
    manifests?: Descriptor[];
  };
  const mediaType = manifest.mediaType ?? contentType?.split(';')[0]?.trim() ?? '';
  const isIndex =
    mediaType === MANIFEST_TYPES.dockerList ||
    mediaType === MANIFEST_TYPES.ociIndex ||
    Array.isArray(manifest.manifests);
  const sum = (items: Descriptor[] | undefined) => (items ?? []).reduce((total, item) => total + (item.size ?? 0), 0);
  return {
    digest,
    mediaType,
    isIndex,
    sizeBytes: isIndex ? sum(manifest.manifests) : (manifest.config?.size ?? 0) + sum(manifest.layers),
    platforms: isIndex
      ? (manifest.manifests ?? []).map((m) =>
          [m.platform?.os ?? 'unknown', m.platform?.architecture ?? 'unknown', m.platform?.variant]
            .filter(Boolean)
            .join('/'),
        )
      : [],
  };
}

/** Parses `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` (or Basic). Pure. */
export function parseChallenge(
  header: string | undefined,
): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const match = /^(\w+)\s*(.*)$/.exec(header.trim());
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const part of match[2]!.matchAll(/(\w+)="([^"]*)"/g)) params[part[1]!.toLowerCase()] = part[2]!;
  return { scheme: match[1]!.toLowerCase(), params };
}
