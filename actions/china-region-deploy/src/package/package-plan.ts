/**
 * Packaging planned without uploading: every local artifact a template names (resource properties, Metadata
 * entries, AWS::Include transforms, nested templates recursively) read or zipped into the bytes to upload, keyed by
 * their SHA-256, and the template rewritten to point at those keys: the source text edited at the property values
 * (comments and formatting kept), each value written as a JSON literal, which is also YAML.
 */
import { createHash } from 'node:crypto';
import { basename, dirname, extname, resolve } from 'node:path';
import { applyEdits } from '../text-edits.js';
import type { TextEdit } from '../partition-lint.js';
import {
  entryOf,
  intrinsicOf,
  parseTemplate,
  stringOf,
  valueOf,
  type Template,
  type TemplateNode,
} from '../template-source.js';
import {
  isRemoteLocation,
  METADATA_ARTIFACTS,
  RESOURCE_ARTIFACTS,
  type ArtifactProperty,
} from './artifact-properties.js';
import { deterministicZip, looksLikeZip } from './deterministic-zip.js';
import { PackageError, type LocalFiles } from './local-files.js';
import { normaliseKeyPrefix, s3ObjectUrl, s3Uri } from './s3-location.js';

export interface PackageTarget {
  bucket: string;
  region: string;
  /** Key prefix for every object; default none. */
  prefix?: string;
}

export interface PackageOptions {
  /**
   * Applied to every template's source, the top one and each nested one, before its artifacts are packaged: the
   * partition rewrite, so that nested templates reach CloudFormation as partition-neutral as the top one.
   */
  rewrite?: (file: string, source: string) => string;
}

export interface PlannedArtifact {
  key: string;
  body: Buffer;
  contentType: string;
  /** The local file or folder it was made from. */
  source: string;
  /** `template-file: Resource.Property` for each use. */
  usedBy: string[];
}

export interface ArtifactReference {
  template: string;
  resource: string;
  property: string;
  source: string;
  /** What the template says now: the S3 URI, URL or the bucket-and-key object. */
  location: string;
  line: number;
}

export interface PackagedTemplate {
  file: string;
  /** The template with local paths replaced; the source itself when it names none. */
  text: string;
  /** Every object to upload, nested templates included, once per key. */
  artifacts: PlannedArtifact[];
  references: ArtifactReference[];
}

const ZIP_TYPE = 'application/zip';
const TEMPLATE_TYPE = 'text/plain; charset=utf-8';

function sha256(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

function extensionOf(path: string): string {
  const extension = extname(path).toLowerCase();
  return /^\.[a-z0-9]{1,10}$/.test(extension) ? extension : '';
}

/** A string or a flat object of strings as a JSON literal with spaces, readable as JSON and as YAML. */
function literal(value: string | Record<string, string>): string {
  if (typeof value === 'string') return JSON.stringify(value);
  const fields = Object.entries(value).map(([key, field]) => `${JSON.stringify(key)}: ${JSON.stringify(field)}`);
  return `{${fields.join(', ')}}`;
}

class Packager {
  private readonly artifacts = new Map<string, PlannedArtifact>();
  private readonly references: ArtifactReference[] = [];
  private readonly prefix: string;

  constructor(
    private readonly files: LocalFiles,
    private readonly target: PackageTarget,
    private readonly options: PackageOptions,
  ) {
    this.prefix = normaliseKeyPrefix(target.prefix ?? '');
  }

  result(file: string, text: string): PackagedTemplate {
    return { file, text, artifacts: [...this.artifacts.values()], references: this.references };
  }

  private add(body: Buffer, extension: string, contentType: string, source: string, use: string): string {
    const key = `${this.prefix}${sha256(body)}${extension}`;
    const known = this.artifacts.get(key);
    if (known) known.usedBy.push(use);
    else this.artifacts.set(key, { key, body, contentType, source, usedBy: [use] });
    return key;
  }

  /** Reads a template file and returns its packaged text; `chain` holds the templates above it (cycles). */
  async template(path: string, chain: readonly string[]): Promise<string> {
    if (chain.includes(path)) {
      throw new PackageError(
        `Nested templates form a cycle: ${[...chain, path].map((item) => basename(item)).join(' → ')}.`,
      );
    }
    const read = (await this.files.read(path)).toString('utf8');
    const source = this.options.rewrite ? this.options.rewrite(path, read) : read;
    const template = parseTemplate(source, path);
    const edits: TextEdit[] = [];
    const directory = dirname(path);
    const root = template.root;
    const resources = valueOf(root, 'Resources');
    if (resources?.kind === 'map') {
      for (const resource of resources.entries) {
        const type = stringOf(valueOf(resource.value, 'Type'));
        const properties = valueOf(resource.value, 'Properties');
        for (const artifact of RESOURCE_ARTIFACTS.filter((candidate) => candidate.resourceType === type)) {
          const edit = await this.property(template, directory, resource.key, properties, artifact, [...chain, path]);
          if (edit) edits.push(edit);
        }
      }
    }
    const metadata = valueOf(root, 'Metadata');
    for (const artifact of METADATA_ARTIFACTS) {
      const entry = valueOf(metadata, artifact.resourceType);
      const edit = await this.property(template, directory, `Metadata.${artifact.resourceType}`, entry, artifact, [
        ...chain,
        path,
      ]);
      if (edit) edits.push(edit);
    }
    edits.push(...(await this.includes(template, directory, root, path)));
    edits.sort((a, b) => a.start - b.start);
    return applyEdits(source, edits);
  }

  private async property(
    template: Template,
    directory: string,
    resource: string,
    properties: TemplateNode | undefined,
    artifact: ArtifactProperty,
    chain: string[],
  ): Promise<TextEdit | undefined> {
    let node = properties;
    for (const key of artifact.path) node = valueOf(node, key);
    const value = stringOf(node);
    if (node === undefined || value === undefined || isRemoteLocation(value)) return undefined;
    const property = artifact.path.join('.');
    const use = `${template.file}: ${resource}.${property}`;
    const path = resolve(directory, value);
    const kind = await this.files.kind(path);
    const { line } = template.position(node.start);
    if (kind === undefined) {
      throw new PackageError(`${template.file}:${line}: ${resource}.${property} names ${value}, which does not exist.`);
    }
    let location: string | Record<string, string>;
    if (artifact.reference.form === 'template-url') {
      if (kind !== 'file')
        throw new PackageError(`${template.file}:${line}: ${resource}.${property} must name a template file.`);
      const body = Buffer.from(await this.template(path, chain), 'utf8');
      const key = this.add(body, '.template', TEMPLATE_TYPE, value, use);
      location = s3ObjectUrl(this.target.bucket, this.target.region, key);
    } else {
      const key = await this.upload(path, kind, artifact.forceZip, value, use);
      location =
        artifact.reference.form === 's3-uri'
          ? s3Uri(this.target.bucket, key)
          : { [artifact.reference.bucket]: this.target.bucket, [artifact.reference.key]: key };
    }
    const text = literal(location);
    this.references.push({ template: template.file, resource, property, source: value, location: text, line });
    return { start: node.start, end: node.end, text };
  }

  /** A folder zipped, a zip as it is, a single file zipped when the property takes only archives. */
  private async upload(path: string, kind: 'file' | 'directory', forceZip: boolean, source: string, use: string) {
    if (kind === 'directory') {
      const files = await this.files.walk(path);
      const entries = await Promise.all(
        files.map(async (file) => ({
          name: file.name,
          data: await this.files.read(file.path),
          executable: file.executable,
        })),
      );
      return this.add(deterministicZip(entries), '.zip', ZIP_TYPE, source, use);
    }
    const body = await this.files.read(path);
    if (looksLikeZip(body)) return this.add(body, '.zip', ZIP_TYPE, source, use);
    if (forceZip) {
      const zip = deterministicZip([{ name: basename(path), data: body, executable: false }]);
      return this.add(zip, '.zip', ZIP_TYPE, source, use);
    }
    return this.add(body, extensionOf(path), 'application/octet-stream', source, use);
  }

  /** `Fn::Transform: {Name: AWS::Include, Parameters: {Location: <local file>}}` anywhere in the template. */
  private async includes(template: Template, directory: string, node: TemplateNode, file: string): Promise<TextEdit[]> {
    const edits: TextEdit[] = [];
    const visit = async (current: TemplateNode, path: readonly string[]): Promise<void> => {
      const intrinsic = intrinsicOf(current);
      if (intrinsic?.fn === 'Fn::Transform' && stringOf(valueOf(intrinsic.argument, 'Name')) === 'AWS::Include') {
        const where = path[0] === 'Resources' && path[1] !== undefined ? path[1] : path.join('.');
        const location = entryOf(valueOf(intrinsic.argument, 'Parameters'), 'Location');
        const value = stringOf(location?.value);
        if (location && value !== undefined && !isRemoteLocation(value)) {
          const local = resolve(directory, value);
          const { line } = template.position(location.value.start);
          if ((await this.files.kind(local)) !== 'file') {
            throw new PackageError(`${file}:${line}: AWS::Include names ${value}, which is not a file.`);
          }
          const key = await this.upload(local, 'file', false, value, `${file}: ${where} AWS::Include`);
          const text = literal(s3Uri(this.target.bucket, key));
          this.references.push({
            template: file,
            resource: where,
            property: 'AWS::Include',
            source: value,
            location: text,
            line,
          });
          edits.push({ start: location.value.start, end: location.value.end, text });
        }
        return;
      }
      if (current.kind === 'map') for (const entry of current.entries) await visit(entry.value, [...path, entry.key]);
      else if (current.kind === 'seq') for (const item of current.items) await visit(item, path);
    };
    await visit(node, []);
    return edits;
  }
}

/** Plans the packaging of a template file: the artifacts to upload and the rewritten template text. */
export async function packageTemplate(
  path: string,
  files: LocalFiles,
  target: PackageTarget,
  options: PackageOptions = {},
): Promise<PackagedTemplate> {
  const packager = new Packager(files, target, options);
  const absolute = resolve(path);
  const text = await packager.template(absolute, []);
  return packager.result(absolute, text);
}

/** CloudFormation takes at most 51,200 bytes as TemplateBody, and at most 1 MB from a TemplateURL. */
export const TEMPLATE_BODY_LIMIT = 51_200;
export const TEMPLATE_URL_LIMIT = 1_048_576;

export type TemplateDelivery = { form: 'body'; body: string } | { form: 'url'; url: string; artifact: PlannedArtifact };

/** How the packaged template reaches CloudFormation: in the request, or, when too large, uploaded and by URL. */
export function templateDelivery(text: string, target: PackageTarget): TemplateDelivery {
  const body = Buffer.from(text, 'utf8');
  if (body.length <= TEMPLATE_BODY_LIMIT) return { form: 'body', body: text };
  if (body.length > TEMPLATE_URL_LIMIT) {
    throw new PackageError(
      `The packaged template is ${body.length} bytes; CloudFormation reads at most ${TEMPLATE_URL_LIMIT}.`,
    );
  }
  const key = `${normaliseKeyPrefix(target.prefix ?? '')}${sha256(body)}.template`;
  return {
    form: 'url',
    url: s3ObjectUrl(target.bucket, target.region, key),
    artifact: { key, body, contentType: TEMPLATE_TYPE, source: 'packaged template', usedBy: ['TemplateURL'] },
  };
}
