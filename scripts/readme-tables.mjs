// npm run docs: regenerates the inputs and outputs tables of every actions/<name>/README.md from its action.yml.
// The tables live between <!-- inputs:start --> / <!-- inputs:end --> and <!-- outputs:start --> / <!-- outputs:end -->.
// Usage: node scripts/readme-tables.mjs [--check] [--action NAME]
// --check changes nothing and exits 1 when a README is stale; --action limits the run to one action.
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** Text for one table cell: pipes escaped, line breaks folded into spaces. */
function cell(text) {
  return String(text)
    .replace(/\|/g, '\\|')
    .replace(/\s*\r?\n\s*/g, ' ')
    .trim();
}

/** A value in code formatting, with a longer fence when the value itself holds a backtick. */
function code(text) {
  const value = cell(text);
  if (value === '') return '';
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
}

function mapping(value) {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** The Markdown table of an action.yml's inputs (every scalar as written there). */
export function inputsTable(inputs) {
  const entries = Object.entries(mapping(inputs));
  if (entries.length === 0) return 'This action has no inputs.\n';
  const rows = entries.map(([name, raw]) => {
    const input = mapping(raw);
    const required = String(input.required ?? 'false') === 'true' ? 'yes' : 'no';
    const deprecated = input.deprecationMessage ? `**Deprecated:** ${cell(input.deprecationMessage)} ` : '';
    return `| \`${name}\` | ${required} | ${code(input.default ?? '')} | ${deprecated}${cell(input.description ?? '')} |`;
  });
  return ['| Input | Required | Default | Description |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}

/** The Markdown table of an action.yml's outputs. */
export function outputsTable(outputs) {
  const entries = Object.entries(mapping(outputs));
  if (entries.length === 0) return 'This action has no outputs.\n';
  const rows = entries.map(([name, raw]) => `| \`${name}\` | ${cell(mapping(raw).description ?? '')} |`);
  return ['| Output | Description |', '| --- | --- |', ...rows, ''].join('\n');
}

/** Replaces what lies between `<!-- KEY:start -->` and `<!-- KEY:end -->`; throws when the markers are missing. */
function replaceBetween(text, key, body, file) {
  const start = `<!-- ${key}:start -->`;
  const end = `<!-- ${key}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    throw new Error(`${file} has no ${start} ... ${end} markers: add them where the ${key} table belongs.`);
  }
  return `${text.slice(0, from + start.length)}\n${body}${text.slice(to)}`;
}

/** The README text with both tables regenerated from the action.yml text. */
export function renderReadme(readme, actionYml, file = 'README.md') {
  // failsafe: `default: false` stays the text "false", as the runner passes it.
  const metadata = mapping(parse(actionYml, { schema: 'failsafe' }));
  const withInputs = replaceBetween(readme, 'inputs', inputsTable(metadata.inputs), file);
  return replaceBetween(withInputs, 'outputs', outputsTable(metadata.outputs), file);
}

/** Every action folder (with an action.yml) and whether its README is up to date. */
export function readmeStatus(base = root) {
  const actions = join(base, 'actions');
  return readdirSync(actions, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(actions, d.name, 'action.yml')))
    .map((d) => {
      const file = join(actions, d.name, 'README.md');
      if (!existsSync(file)) return { action: d.name, file, error: `${file} is missing` };
      const current = readFileSync(file, 'utf8');
      try {
        const fresh = renderReadme(current, readFileSync(join(actions, d.name, 'action.yml'), 'utf8'), file);
        return { action: d.name, file, current, fresh, stale: fresh !== current };
      } catch (error) {
        return { action: d.name, file, error: error.message };
      }
    });
}

if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const only = args.includes('--action') ? args[args.indexOf('--action') + 1] : undefined;
  const statuses = readmeStatus().filter((status) => !only || status.action === only);
  if (only && statuses.length === 0) throw new Error(`no action named ${only} with an action.yml`);
  let failed = false;
  for (const status of statuses) {
    if (status.error) {
      console.error(status.error);
      failed = true;
    } else if (status.stale && check) {
      console.error(`${status.file} is stale: run npm run docs`);
      failed = true;
    } else if (status.stale) {
      writeFileSync(status.file, status.fresh);
      console.log(`updated ${status.file}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}
