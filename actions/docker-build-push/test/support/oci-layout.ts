// A one-layer OCI image layout (image-spec v1.1 "image-layout.md") written from bytes, for clients that copy or push
// an image without a builder (skopeo `oci:<dir>:<ref>`). Nothing is pulled: the layer is a gzipped tar of one small
// file, compressed already so that a client pushing it to a registry keeps every blob, and so the manifest's digest.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface OciLayout {
  /** The layout folder (index.json, oci-layout, blobs/sha256/…). */
  dir: string;
  /** The reference its index names the image by. */
  ref: string;
  /** The image manifest's digest: what a registry serves the pushed image under. */
  manifestDigest: string;
}

function blob(dir: string, bytes: Buffer, mediaType: string) {
  const hex = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(dir, 'blobs', 'sha256', hex), bytes);
  return { mediaType, digest: `sha256:${hex}`, size: bytes.length };
}

export function writeOciLayout(ref: string, file = { name: 'probe.txt', text: 'oci layout probe\n' }): OciLayout {
  const dir = mkdtempSync(join(tmpdir(), 'oci-layout-'));
  const scratch = mkdtempSync(join(tmpdir(), 'oci-layer-'));
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(scratch, file.name), file.text);
  const tar = join(scratch, 'layer.tar');
  const made = spawnSync('tar', ['-cf', tar, '-C', scratch, file.name]);
  if (made.status !== 0) throw new Error(`tar failed: ${made.stderr.toString()}`);
  const tarBytes = readFileSync(tar);
  const layer = blob(dir, gzipSync(tarBytes), 'application/vnd.oci.image.layer.v1.tar+gzip');
  const diffId = `sha256:${createHash('sha256').update(tarBytes).digest('hex')}`;
  const config = blob(
    dir,
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: [diffId] },
      }),
    ),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = blob(
    dir,
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config,
        layers: [layer],
      }),
    ),
    'application/vnd.oci.image.manifest.v1+json',
  );
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': ref } }],
    }),
  );
  return { dir, ref, manifestDigest: manifest.digest };
}
