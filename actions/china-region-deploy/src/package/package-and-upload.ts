/**
 * The package step from start to end: plan the package of a template, choose how it reaches CloudFormation (in
 * the request, or uploaded and by URL past 51,200 bytes), and upload what the store does not have yet.
 */
import { uploadArtifacts, type ArtifactStore, type UploadReport } from './artifact-store.js';
import { nodeLocalFiles, type LocalFiles } from './local-files.js';
import {
  packageTemplate,
  templateDelivery,
  type PackagedTemplate,
  type PackageOptions,
  type PackageTarget,
  type TemplateDelivery,
} from './package-plan.js';

export interface PackageAndUploadInput extends PackageOptions {
  /** The template file. */
  template: string;
  /** The folder no artifact may come from outside of (the workspace). */
  root: string;
  target: PackageTarget;
  store: ArtifactStore;
  files?: LocalFiles;
  concurrency?: number;
}

export interface PackageAndUploadResult {
  packaged: PackagedTemplate;
  delivery: TemplateDelivery;
  upload: UploadReport;
}

export async function packageAndUpload(input: PackageAndUploadInput): Promise<PackageAndUploadResult> {
  const files = input.files ?? nodeLocalFiles(input.root);
  const packaged = await packageTemplate(input.template, files, input.target, {
    ...(input.rewrite ? { rewrite: input.rewrite } : {}),
  });
  const delivery = templateDelivery(packaged.text, input.target);
  const artifacts = delivery.form === 'url' ? [...packaged.artifacts, delivery.artifact] : packaged.artifacts;
  const upload = await uploadArtifacts(artifacts, input.store, { concurrency: input.concurrency ?? 4 });
  return { packaged, delivery, upload };
}
