import { ConfigurationError } from '@aws-delivery/action-kit';
import type { Scanner } from '../scan/scanner.js';

export interface Platform {
  os: 'linux' | 'darwin';
  arch: 'amd64' | 'arm64';
}

/** The runner's platform in release-asset terms; Windows and 32-bit runners are not supported. */
export function platformOf(platform: NodeJS.Platform, arch: string): Platform {
  const os = platform === 'linux' ? 'linux' : platform === 'darwin' ? 'darwin' : undefined;
  const cpu = arch === 'x64' ? 'amd64' : arch === 'arm64' ? 'arm64' : undefined;
  if (!os || !cpu) {
    throw new ConfigurationError(
      `This runner is ${platform}/${arch}, but the scanner is installed only on linux or macOS, amd64 or arm64. ` +
        `Fix: run on such a runner, or install the scanner yourself and set scanner-path.`,
      'scanner-path',
    );
  }
  return { os, arch: cpu };
}

/** `1.28.14` or `v1.28.14`; `latest` and ranges are refused (a gate must be reproducible). */
export function checkVersion(version: string): string {
  const match = /^v?(\d+\.\d+\.\d+)$/.exec(version.trim());
  if (!match) {
    throw new ConfigurationError(
      `Input "scanner-version" has the value ${JSON.stringify(version)}, but it must be an exact release such as ` +
        `1.28.14: "latest" would need the GitHub API and makes the gate unreproducible. Fix: pin a version.`,
      'scanner-version',
    );
  }
  return match[1]!;
}

/** `scanner-sha256`: 64 hex digits (optionally `sha256:`), lower-cased. */
export function checkPinnedSha256(value: string): string {
  const digest = value
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, '');
  if (!/^[0-9a-f]{64}$/.test(digest)) {
    throw new ConfigurationError(
      `Input "scanner-sha256" has the value ${JSON.stringify(value)}, but it must be 64 hex digits (a SHA-256). ` +
        `Fix: copy the line for your platform's asset from the release's checksums file.`,
      'scanner-sha256',
    );
  }
  return digest;
}

export interface ReleaseAssets {
  /** File name of the download, as it appears in the checksums file. */
  assetName: string;
  assetUrl: string;
  checksumsUrl: string;
  /** The asset is a .tar.gz holding the executable (Trivy) rather than the executable itself (tfsec). */
  archive: boolean;
  executable: string;
}

const RELEASES: Record<Scanner, string> = {
  tfsec: 'https://github.com/aquasecurity/tfsec/releases/download/v{version}',
  trivy: 'https://github.com/aquasecurity/trivy/releases/download/v{version}',
};

/**
 * Where a scanner release lives, following each project's release asset naming:
 * tfsec `tfsec-<linux|darwin>-<amd64|arm64>` beside `tfsec_checksums.txt`; Trivy
 * `trivy_<v>_<Linux|macOS>-<64bit|ARM64>.tar.gz` beside `trivy_<v>_checksums.txt`. A mirror (`download-url`)
 * holds the same file names; `{version}` in it is replaced by the version.
 */
export function releaseAssets(scanner: Scanner, version: string, platform: Platform, mirror?: string): ReleaseAssets {
  const base = (mirror?.trim() || RELEASES[scanner]).replace(/\{version\}/g, version).replace(/\/+$/, '');
  if (scanner === 'tfsec') {
    const assetName = `tfsec-${platform.os}-${platform.arch}`;
    return {
      assetName,
      assetUrl: `${base}/${assetName}`,
      checksumsUrl: `${base}/tfsec_checksums.txt`,
      archive: false,
      executable: 'tfsec',
    };
  }
  const os = platform.os === 'linux' ? 'Linux' : 'macOS';
  const arch = platform.arch === 'amd64' ? '64bit' : 'ARM64';
  const assetName = `trivy_${version}_${os}-${arch}.tar.gz`;
  return {
    assetName,
    assetUrl: `${base}/${assetName}`,
    checksumsUrl: `${base}/trivy_${version}_checksums.txt`,
    archive: true,
    executable: 'trivy',
  };
}
