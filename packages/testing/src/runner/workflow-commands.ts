import { maskLine } from './masking.js';

/**
 * Workflow commands in a step's output, handled the way the runner does (actions/runner, ActionCommandManager):
 * a line that, after leading spaces, reads `::name key=value,key=value::data`, where `name` is a command the
 * runner knows (case-insensitive). Both stdout and stderr are read for commands, as the runner reads both.
 */

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
  title?: string;
  /** `action` for a command the action printed; `runner` for a message the runner itself adds. */
  source: 'action' | 'runner';
}

export interface WorkflowCommand {
  /** Lower-cased command name. */
  command: string;
  /** Property names as written, values unescaped. */
  properties: Record<string, string>;
  data: string;
}

/** One line of step output in the order the simulator received it. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** The line as the process wrote it. */
  text: string;
  /**
   * The line as the runner's log shows it: masked with the values registered before it (in this step or an
   * earlier one of the job). Undefined for a line the runner does not print: an `::add-mask::` command.
   */
  shown?: string;
}

const KNOWN_COMMANDS = new Set([
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'debug',
  'error',
  'warning',
  'notice',
  'group',
  'endgroup',
  'echo',
  'set-output',
  'save-state',
  'set-env',
  'add-path',
  'stop-commands',
]);

const DATA_ESCAPES: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n' };
const PROPERTY_ESCAPES: Record<string, string> = { ...DATA_ESCAPES, '%3A': ':', '%2C': ',' };

/** Undoes @actions/core's escaping of command data: %25 %0D %0A (case as written by the toolkit). */
export function unescapeData(text: string): string {
  return text.replace(/%(25|0D|0A)/g, (escape) => DATA_ESCAPES[escape] ?? escape);
}

/** Undoes the escaping of a property value: the data escapes plus %3A (:) and %2C (,). */
export function unescapeProperty(text: string): string {
  return text.replace(/%(25|0D|0A|3A|2C)/g, (escape) => PROPERTY_ESCAPES[escape] ?? escape);
}

/** Parses one line as a workflow command, or returns undefined when the runner would print it as plain text. */
export function parseWorkflowCommand(
  line: string,
  known: ReadonlySet<string> = KNOWN_COMMANDS,
): WorkflowCommand | undefined {
  // The runner trims with .NET's TrimStart: every Unicode white space, U+0085 (next line) included.
  const message = line.replace(/^[\s\u0085]+/, '');
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (!known.has(command)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')
      .filter((p) => p !== '')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && eq < pair.length - 1) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { command, properties, data: unescapeData(message.slice(end + 2)) };
}

function property(properties: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(properties).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : properties[key];
}

function annotation(level: Annotation['level'], cmd: WorkflowCommand): Annotation {
  const result: Annotation = { level, message: cmd.data, source: 'action' };
  const file = property(cmd.properties, 'file');
  const title = property(cmd.properties, 'title');
  if (file !== undefined) result.file = file;
  if (title !== undefined) result.title = title;
  for (const key of ['line', 'endLine', 'col', 'endColumn'] as const) {
    const raw = property(cmd.properties, key);
    if (raw !== undefined && /^\d+$/.test(raw)) result[key] = Number(raw);
  }
  return result;
}

const DEPRECATED =
  'command is deprecated and will be disabled soon. Please upgrade to using Environment Files. For more ' +
  'information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/';

/**
 * Reads a step's output line by line, in arrival order across stdout and stderr, keeping what the runner keeps:
 * annotations, masks (with the moment each was registered), debug messages, outputs and state from the
 * deprecated commands, and failures the runner would fail the step for.
 */
export class WorkflowCommandReader {
  readonly annotations: Annotation[] = [];
  /** Values registered with `::add-mask::` in this step, in order. */
  readonly masks: string[] = [];
  readonly debug: string[] = [];
  readonly log: LogLine[] = [];
  readonly outputs: Record<string, string> = {};
  readonly state: Record<string, string> = {};
  /** Why the runner would mark the step failed although the process may have exited 0. */
  readonly failures: string[] = [];
  private stopToken: string | undefined;
  private readonly pending = { stdout: '', stderr: '' };

  /** `inheritedMasks`: values registered by earlier steps of the job, which the runner keeps masking. */
  constructor(private readonly inheritedMasks: readonly string[] = []) {}

  /** Every value masked from now on: the inherited ones and this step's. */
  activeMasks(): string[] {
    return [...this.inheritedMasks, ...this.masks];
  }

  /** Feeds a chunk of output; complete lines are processed, a partial line waits for the rest. */
  write(stream: LogLine['stream'], chunk: string): void {
    const text = this.pending[stream] + chunk;
    const lines = text.split('\n');
    this.pending[stream] = lines.pop() ?? '';
    for (const line of lines) this.line(stream, line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  /** Processes whatever partial lines are left when the process has exited. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream] !== '') this.line(stream, this.pending[stream]);
      this.pending[stream] = '';
    }
  }

  private runner(level: Annotation['level'], message: string): void {
    this.annotations.push({ level, message, source: 'runner' });
    if (level === 'error') this.failures.push(message);
  }

  private line(stream: LogLine['stream'], text: string): void {
    const entry: LogLine = { stream, text, shown: maskLine(text, this.activeMasks()) };
    this.log.push(entry);
    const known = this.stopToken === undefined ? KNOWN_COMMANDS : new Set([this.stopToken.toLowerCase()]);
    const cmd = parseWorkflowCommand(text, known);
    if (!cmd) return;
    if (this.stopToken !== undefined) {
      this.stopToken = undefined; // the resume token: commands are read again from the next line
      return;
    }
    switch (cmd.command) {
      case 'stop-commands':
        this.stopToken = cmd.data;
        return;
      case 'add-mask':
        delete entry.shown;
        if (cmd.data.trim() === '')
          this.runner('warning', "Can't add secret mask for empty string in ##[add-mask] command.");
        else this.masks.push(cmd.data);
        return;
      case 'error':
      case 'warning':
      case 'notice':
        this.annotations.push(annotation(cmd.command, cmd));
        return;
      case 'debug':
        this.debug.push(cmd.data);
        return;
      case 'set-output':
      case 'save-state': {
        const name = property(cmd.properties, 'name');
        this.runner('warning', `The \`${cmd.command}\` ${DEPRECATED}`);
        if (!name) {
          this.runner('error', `Unable to process command '${text}' successfully: required field 'name' is missing.`);
          return;
        }
        (cmd.command === 'set-output' ? this.outputs : this.state)[name] = cmd.data;
        return;
      }
      case 'set-env':
      case 'add-path':
        // Disabled on every runner unless ACTIONS_ALLOW_UNSECURE_COMMANDS is set; our actions never set it.
        this.runner(
          'error',
          `Unable to process command '${text}' successfully. The \`${cmd.command}\` command is disabled. ` +
            'Please upgrade to using Environment Files.',
        );
        return;
      default:
        return; // group, endgroup, echo, matchers: display only
    }
  }
}
