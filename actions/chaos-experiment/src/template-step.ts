/**
 * The template to run: GetExperimentTemplate by id, the one ListExperimentTemplates summary carrying the tags, or
 * CreateExperimentTemplate from a checked file (its id saved at once, so post deletes it even if main dies).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ConfigurationError, type Step } from '@aws-delivery/action-kit';
import type { Clients } from './clients.js';
import type { Config } from './config.js';
import { clientToken } from './core/client-token.js';
import { experimentTags } from './core/experiment-tags.js';
import type { TemplateView } from './core/fis-shapes.js';
import { INPUT } from './core/input-names.js';
import { parseTemplateFile } from './core/template-file.js';
import { chooseTemplateByTags } from './core/template-source.js';
import { oneLine } from './core/watch.js';

export interface ResolvedTemplate {
  id: string;
  template: TemplateView;
  /** Set when this step created it. */
  created: boolean;
}

function readTemplateFile(path: string, workspace: string): string {
  const full = isAbsolute(path) ? path : join(workspace, path);
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `${INPUT.templateFile} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): give a ` +
        'path relative to the repository, and check out the repository before this step.',
      INPUT.templateFile,
    );
  }
}

export async function resolveTemplate(
  step: Step<Config, Clients>,
  onCreated: (id: string) => void,
): Promise<ResolvedTemplate> {
  const { config, clients } = step;
  const source = config.template;
  if (source.kind === 'file') {
    const definition = parseTemplateFile(readTemplateFile(source.path, config.workspace), source.path, config.region);
    const tags = { ...experimentTags(config.context, definition.tags) };
    const created = await clients.fis.createTemplate({ ...definition, tags }, clientToken(config.run, 'template'));
    if (!created.id) throw new Error('CreateExperimentTemplate answered without a template id.');
    onCreated(created.id);
    step.log.info(`Created experiment template ${created.id} from ${source.path}.`);
    return { id: created.id, template: created, created: true };
  }
  const id = source.kind === 'id' ? source.id : chooseTemplateByTags(await clients.fis.listTemplates(), source.tags);
  const template = await clients.fis.getTemplate(id);
  // FIS's text is printed as one plain line, so it can never read as a workflow command.
  step.log.info(`Experiment template ${id}: ${oneLine(template.description ?? '')}`);
  return { id, template, created: false };
}
