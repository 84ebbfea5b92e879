import { resolve } from 'node:path';
import { ActionError } from '@aws-delivery/action-kit';
import type { Scanner } from '../scan/scanner.js';
import { digestFromChecksums, sha256, verifySha256 } from './checksums.js';
import { download } from './download.js';
import { checkPinnedSha256, releaseAssets, type Platform } from './release-assets.js';
import { checkScannerPath } from './scanner-path.js';
import { askScannerVersion } from './scanner-version.js';
import { fileFromTarGz } from './tar.js';
import { cacheTool, findCachedTool } from './tool-cache.js';

export interface InstallRequest {
  scanner: Scanner;
  version: string;
  platform: Platform;
  /** A preinstalled executable: used as it is, nothing downloaded. */
  scannerPath?: string;
  /** A pinned SHA-256 of the release asset; otherwise the release's checksums file decides. */
  pinnedSha256?: string;
  mirror?: string;
  cacheRoot: string;
  proxy?: string;
  /** Each download request's limit (until the answer starts, and between its pieces). */
  requestTimeoutMs?: number;
  signal?: AbortSignal;
  /** Where the install says what it did (the step's log). */
  log: (line: string) => void;
}

export interface InstalledScanner {
  executable: string;
  source: 'scanner-path' | 'cache' | 'download';
  /** The version installed; for scanner-path what the executable says of itself, when it says one. */
  version?: string;
  /** The verified SHA-256 of the release asset (unset for scanner-path). */
  assetSha256?: string;
}

/**
 * The scanner executable: `scanner-path` as given, else the tool cache, else a download verified against the
 * pinned SHA-256 or the release's checksums file from the same place. A mismatch installs nothing.
 */
export async function installScanner(request: InstallRequest): Promise<InstalledScanner> {
  if (request.scannerPath) {
    checkScannerPath(request.scanner, request.scannerPath);
    // Absolute, as it was found: the scanner runs in working-directory, where a relative path would not lead to it.
    const executable = resolve(request.scannerPath);
    const version = await askScannerVersion(request.scanner, executable, request.signal);
    request.log(
      version
        ? `scanner-path: ${request.scanner} ${version}.`
        : `scanner-path: ${request.scanner} did not give a version; the reports name it without one.`,
    );
    return { executable, source: 'scanner-path', ...(version ? { version } : {}) };
  }
  const assets = releaseAssets(request.scanner, request.version, request.platform, request.mirror);
  const pinned = request.pinnedSha256 ? checkPinnedSha256(request.pinnedSha256) : undefined;
  const cached = findCachedTool(
    request.cacheRoot,
    request.scanner,
    request.version,
    request.platform.arch,
    assets.executable,
  );
  if (cached && (!pinned || pinned === cached.assetSha256)) {
    request.log(`Using ${request.scanner} ${request.version} from the tool cache (${cached.executable}).`);
    return {
      executable: cached.executable,
      source: 'cache',
      version: request.version,
      assetSha256: cached.assetSha256,
    };
  }
  const options = {
    ...(request.proxy ? { proxy: request.proxy } : {}),
    ...(request.requestTimeoutMs ? { timeoutMs: request.requestTimeoutMs } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  };
  let expected: string;
  let expectedFrom: string;
  if (pinned) {
    expected = pinned;
    expectedFrom = 'scanner-sha256';
  } else {
    const checksums = await download(assets.checksumsUrl, options);
    expected = digestFromChecksums(checksums.toString('utf8'), assets.assetName, assets.checksumsUrl);
    expectedFrom = assets.checksumsUrl;
  }
  request.log(`Downloading ${assets.assetUrl}`);
  const asset = await download(assets.assetUrl, options);
  verifySha256(asset, expected, assets.assetName, expectedFrom);
  const executable = assets.archive ? fileFromTarGz(asset, assets.executable) : asset;
  if (!executable) {
    throw new ActionError(`${assets.assetName} has no file named ${assets.executable}.`, 'check download-url.');
  }
  const tool = cacheTool(
    request.cacheRoot,
    request.scanner,
    request.version,
    request.platform.arch,
    assets.executable,
    executable,
    sha256(asset),
  );
  request.log(`Installed ${request.scanner} ${request.version} (sha256 ${expected} verified against ${expectedFrom}).`);
  return { executable: tool.executable, source: 'download', version: request.version, assetSha256: tool.assetSha256 };
}
