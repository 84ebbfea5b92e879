/** The image builders this action drives, and what each can do. */
export const BUILDER_KINDS = ['buildx', 'docker-buildkit', 'docker-classic', 'podman', 'buildah'] as const;
export type BuilderKind = (typeof BUILDER_KINDS)[number];

export interface BuilderCapabilities {
  /** The binary it runs (`docker`, `podman`, `buildah`). */
  binary: 'docker' | 'podman' | 'buildah';
  /** Build secrets (`--secret id=…,src=…`). */
  secrets: boolean;
  /** Exporting cache to a registry or the GitHub cache (`--cache-to`). */
  cacheExport: boolean;
  /** Several platforms in one build (a multi-platform index). */
  multiPlatform: boolean;
  /** Attaches provenance/SBOM attestations by default (which turns a pushed image into an index). */
  attestations: boolean;
}

export const CAPABILITIES: Record<BuilderKind, BuilderCapabilities> = {
  buildx: { binary: 'docker', secrets: true, cacheExport: true, multiPlatform: true, attestations: true },
  'docker-buildkit': { binary: 'docker', secrets: true, cacheExport: false, multiPlatform: false, attestations: false },
  'docker-classic': { binary: 'docker', secrets: false, cacheExport: false, multiPlatform: false, attestations: false },
  podman: { binary: 'podman', secrets: true, cacheExport: false, multiPlatform: false, attestations: false },
  buildah: { binary: 'buildah', secrets: true, cacheExport: false, multiPlatform: false, attestations: false },
};

/** What `builder` means in messages. */
export const BUILDER_DESCRIPTIONS: Record<BuilderKind, string> = {
  buildx: 'docker buildx build',
  'docker-buildkit': 'docker build with the BuildKit built into docker clients before 23.0 (DOCKER_BUILDKIT=1)',
  'docker-classic': "docker build with Docker's legacy builder (DOCKER_BUILDKIT=0)",
  podman: 'podman build',
  buildah: 'buildah build',
};

/** A builder found on this machine: its kind, the binary's path and version. */
export interface Builder {
  kind: BuilderKind;
  path: string;
  version: string;
}

/** Whose proxy settings carry the layers: docker's daemon, or the podman / buildah process itself. */
export function proxySettingsOf(kind: BuilderKind): string {
  return CAPABILITIES[kind].binary === 'docker'
    ? 'the docker daemon proxy settings'
    : `the HTTPS_PROXY / NO_PROXY this step gives ${CAPABILITIES[kind].binary}`;
}
