/**
 * Tags on the experiment, saying which run started it: repository, commit, run URL and actor, plus the
 * workflow's own tags. FIS tag limits (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html):
 * at most 50 tags, keys up to 128 characters, values up to 256; keys starting with `aws:` are AWS's.
 */
import { ConfigurationError } from '@aws-delivery/action-kit';
import { INPUT } from './input-names.js';

export interface RunContext {
  serverUrl: string;
  repository: string;
  sha: string;
  runId: string;
  runAttempt: string;
  actor: string;
}

export const RUN_TAG_KEYS = {
  repository: 'github:repository',
  commit: 'github:commit',
  runUrl: 'github:run-url',
  actor: 'github:actor',
} as const;

const MAX_TAGS = 50;
const MAX_KEY = 128;
const MAX_VALUE = 256;

/** The run's URL, attempt included, as the runner shows it. */
export function runUrl(run: RunContext): string {
  return `${run.serverUrl.replace(/\/+$/, '')}/${run.repository}/actions/runs/${run.runId}/attempts/${run.runAttempt}`;
}

function clip(value: string): string {
  return value.length <= MAX_VALUE ? value : `${value.slice(0, MAX_VALUE - 1)}…`;
}

/** The run's tags and the workflow's (`extra`, from the tags input); the run's tags cannot be overridden. */
export function experimentTags(run: RunContext, extra: Record<string, string> = {}): Record<string, string> {
  const ours: Record<string, string> = {
    [RUN_TAG_KEYS.repository]: clip(run.repository),
    [RUN_TAG_KEYS.commit]: clip(run.sha),
    [RUN_TAG_KEYS.runUrl]: clip(runUrl(run)),
    [RUN_TAG_KEYS.actor]: clip(run.actor),
  };
  for (const [key, value] of Object.entries(extra)) {
    const problem =
      key in ours
        ? 'is set by the action itself'
        : key.toLowerCase().startsWith('aws:')
          ? 'starts with aws:, which AWS keeps for itself'
          : key.length > MAX_KEY
            ? `is longer than ${MAX_KEY} characters`
            : value.length > MAX_VALUE
              ? `has a value longer than ${MAX_VALUE} characters`
              : undefined;
    if (problem) throw new ConfigurationError(`${INPUT.tags}: tag "${key.slice(0, 40)}" ${problem}.`, INPUT.tags);
  }
  const tags = { ...extra, ...ours };
  if (Object.keys(tags).length > MAX_TAGS) {
    throw new ConfigurationError(
      `${INPUT.tags}: ${Object.keys(extra).length} tags and the action's ${Object.keys(ours).length} make more than FIS's ${MAX_TAGS}.`,
      INPUT.tags,
    );
  }
  return tags;
}
