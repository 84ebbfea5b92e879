/**
 * Which experiment template to run: by id, by tags (exactly one template must carry them all), or created from a
 * JSON or YAML file in the repository. Exactly one of the three inputs is given.
 */
import { ActionError, ConfigurationError } from '@aws-delivery/action-kit';
import type { TemplateSummary } from './fis-shapes.js';
import { INPUT } from './input-names.js';

export type TemplateSource =
  { kind: 'id'; id: string } | { kind: 'tags'; tags: Record<string, string> } | { kind: 'file'; path: string };

export interface TemplateSourceInputs {
  templateId?: string;
  templateTags?: string;
  templateFile?: string;
}

/** https://docs.aws.amazon.com/fis/latest/APIReference/API_GetExperimentTemplate.html: at most 64, no white space. */
const TEMPLATE_ID = /^\S{1,64}$/;

/** `key=value` pairs, one a line or comma-separated; keys unique. */
export function parseTagList(text: string, inputName: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const equals = part.indexOf('=');
    const key = equals < 0 ? '' : part.slice(0, equals).trim();
    if (!key) {
      throw new ConfigurationError(
        `${inputName} "${part}" is not key=value: write one tag a line (or comma-separated), such as chaos=web-latency.`,
        inputName,
      );
    }
    if (key in tags) throw new ConfigurationError(`${inputName} names tag "${key}" twice.`, inputName);
    tags[key] = part.slice(equals + 1).trim();
  }
  return tags;
}

export function templateSource(inputs: TemplateSourceInputs): TemplateSource {
  const given = (
    [
      [INPUT.templateId, inputs.templateId],
      [INPUT.templateTags, inputs.templateTags],
      [INPUT.templateFile, inputs.templateFile],
    ] as const
  ).filter(([, value]) => value !== undefined && value.trim() !== '');
  if (given.length !== 1) {
    const which =
      given.length === 0 ? 'none of them is set' : `${given.map(([name]) => name).join(' and ')} are all set`;
    throw new ConfigurationError(
      `Give exactly one of ${INPUT.templateId}, ${INPUT.templateTags} or ${INPUT.templateFile}; ${which}.`,
      INPUT.templateId,
    );
  }
  const id = inputs.templateId?.trim();
  if (id) {
    if (!TEMPLATE_ID.test(id)) {
      throw new ConfigurationError(
        `${INPUT.templateId} "${id}" is not an experiment template id (such as EXT1a2b3c4d5e6f7): at most 64 ` +
          'characters, no white space.',
        INPUT.templateId,
      );
    }
    return { kind: 'id', id };
  }
  const tagText = inputs.templateTags?.trim();
  if (tagText) {
    const tags = parseTagList(tagText, INPUT.templateTags);
    return { kind: 'tags', tags };
  }
  return { kind: 'file', path: (inputs.templateFile ?? '').trim() };
}

function describeTags(tags: Record<string, string> | undefined): string {
  const entries = Object.entries(tags ?? {});
  return entries.length === 0 ? 'no tags' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/**
 * The one template whose tags include all of `wanted`, from ListExperimentTemplates' summaries (all pages). No
 * match, or more than one, is an error that lists what was found.
 */
export function chooseTemplateByTags(summaries: readonly TemplateSummary[], wanted: Record<string, string>): string {
  const matches = summaries.filter((s) => Object.entries(wanted).every(([k, v]) => s.tags?.[k] === v));
  const asked = describeTags(wanted);
  if (matches.length === 1 && matches[0]?.id) return matches[0].id;
  if (matches.length === 0) {
    throw new ActionError(
      `No experiment template carries the tags ${asked} (${summaries.length} template(s) in this account and region).`,
      `Tag the template to run with ${asked}, or give ${INPUT.templateId}.`,
    );
  }
  const list = matches.map((m) => `${m.id ?? '?'} "${m.description ?? ''}" (${describeTags(m.tags)})`).join('; ');
  throw new ActionError(
    `${matches.length} experiment templates carry the tags ${asked}, and exactly one must: ${list}.`,
    `Add a tag that tells them apart to ${INPUT.templateTags}, or give ${INPUT.templateId}.`,
  );
}
