/**
 * The partition lint: every place in a template that ties it to one partition or that the target region does not
 * offer, with the file, line and column, and for each the edit that makes it partition-neutral when there is one.
 * Pure: the template, the target region and the availability table in, findings and edits out.
 */
import { isPartitionId, partitionById, partitionOfRegion, type PartitionId } from '@aws-delivery/aws/names';
import type { Availability } from './availability.js';
import {
  ARN_PARTITION_PATTERN,
  CHINA_LEGACY_PRINCIPALS,
  CHINA_REGIONAL_PRINCIPALS,
  CHINA_SUFFIXED_PRINCIPALS,
  GLOBAL_ENDPOINTS,
  HOST_PATTERN,
  PRINCIPAL_KEYS,
} from './partition-rules.js';
import {
  intrinsicOf,
  stringOf,
  valueOf,
  type ScalarNode,
  type Template,
  type TemplateNode,
} from './template-source.js';

import { DEFAULT_POLICY, type FindingKind, type LintPolicy, type PolicyAction } from './lint-policy.js';

export type { FindingKind, LintPolicy, PolicyAction } from './lint-policy.js';

/** One change to the source text: replace [start, end) with text (an insertion when start === end). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface PartitionFinding {
  kind: FindingKind;
  /** What the policy makes of it: rewritten, a warning, or a failure (also when a rewrite is asked but impossible). */
  outcome: PolicyAction;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Where in the template: `Resources.Role.Properties.Policies[0].PolicyDocument...`. */
  path: string;
  /** The offending text as it stands in the source. */
  text: string;
  /** What a rewrite puts there, when one is possible here. */
  replacement?: string;
  message: string;
}

export interface LintOptions {
  region: string;
  availability?: Availability;
  policy?: Partial<LintPolicy>;
}

export interface LintResult {
  findings: PartitionFinding[];
  /** The edits of the findings whose outcome is `rewrite`, wrappers (`!Sub`, `Fn::Sub`) included, in source order. */
  edits: TextEdit[];
}

/** A finding before the policy: where it is, and how it could be fixed in place. */
interface Candidate {
  kind: FindingKind;
  start: number;
  end: number;
  message: string;
  replacement?: string;
  /** The replacement uses `${...}` and only works inside a Fn::Sub string. */
  needsSub: boolean;
  /** The outcome when a rewrite is asked for but not possible here. */
  otherwise: 'fail' | 'warn';
}

interface Context {
  path: string;
  section: string;
  /** Intrinsic functions may stand here (resource properties and metadata, output values and exports). */
  intrinsics: boolean;
  /** The string is the template of a Fn::Sub. */
  subTemplate: boolean;
  principal: boolean;
  /** Inside Mappings under a key that names a partition or a region: values meant for that partition. */
  mappingPartition?: PartitionId;
  skip: boolean;
}

/** Functions whose arguments are names (of resources, parameters, conditions, mappings), never values to check. */
const NAME_FUNCTIONS = new Set(['Ref', 'Fn::GetAtt', 'Fn::FindInMap', 'Condition', 'Fn::GetAZs', 'Fn::ImportValue']);
/** Condition functions: their arguments are checked, but a Fn::Sub cannot be put in them. */
const CONDITION_FUNCTIONS = new Set(['Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not']);
/**
 * Sections whose values a deployment does not depend on as written: a parameter default can be overridden, and the
 * template's own Metadata (console labels, tool settings) reaches no resource. What cannot be rewritten there warns.
 */
const SOFT_SECTIONS = new Set(['Parameters', 'Metadata']);

function otherwiseIn(context: { section: string }): 'fail' | 'warn' {
  return SOFT_SECTIONS.has(context.section) ? 'warn' : 'fail';
}

/** Text that never reaches an API as an endpoint or ARN. */
const PROSE_KEYS = new Set(['Description', 'ConstraintDescription']);

function partitionOfKey(key: string): PartitionId | undefined {
  if (isPartitionId(key)) return key;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(key)) return undefined;
  try {
    return partitionOfRegion(key).id;
  } catch {
    return undefined;
  }
}

class Linter {
  readonly candidates: { scalar: ScalarNode; context: Context; candidate: Candidate }[] = [];
  private readonly target: PartitionId;
  /** Each mapping's top-level keys, for Fn::FindInMap lookups by region. */
  private readonly mappings = new Map<string, Set<string>>();

  constructor(
    private readonly template: Template,
    private readonly options: LintOptions,
  ) {
    this.target = partitionOfRegion(options.region).id;
  }

  run(): void {
    const root = this.template.root;
    if (root.kind !== 'map') return;
    const mappings = valueOf(root, 'Mappings');
    if (mappings?.kind === 'map') {
      for (const mapping of mappings.entries) {
        if (mapping.value.kind === 'map') {
          this.mappings.set(mapping.key, new Set(mapping.value.entries.map((entry) => entry.key)));
        }
      }
    }
    for (const entry of root.entries) {
      const context: Context = {
        path: entry.key,
        section: entry.key,
        intrinsics: false,
        subTemplate: false,
        principal: false,
        skip: PROSE_KEYS.has(entry.key) || entry.key === 'AWSTemplateFormatVersion',
      };
      if (entry.key === 'Resources') this.resources(entry.value, context);
      // SAM's Globals hold resource properties, intrinsic functions included.
      else if (entry.key === 'Globals') this.walk(entry.value, { ...context, intrinsics: true });
      else if (entry.key === 'Outputs') this.outputs(entry.value, context);
      else this.walk(entry.value, context);
    }
  }

  private resources(node: TemplateNode, context: Context): void {
    if (node.kind !== 'map') return this.walk(node, context);
    for (const resource of node.entries) {
      const here = { ...context, path: `${context.path}.${resource.key}` };
      if (resource.value.kind !== 'map') continue;
      for (const attribute of resource.value.entries) {
        const at = { ...here, path: `${here.path}.${attribute.key}` };
        if (attribute.key === 'Type') this.resourceType(attribute.value, at);
        else if (attribute.key === 'Properties' || attribute.key === 'Metadata') {
          this.walk(attribute.value, { ...at, intrinsics: true });
        } else this.walk(attribute.value, at);
      }
    }
  }

  private outputs(node: TemplateNode, context: Context): void {
    if (node.kind !== 'map') return this.walk(node, context);
    for (const output of node.entries) {
      if (output.value.kind !== 'map') continue;
      for (const attribute of output.value.entries) {
        const at = { ...context, path: `${context.path}.${output.key}.${attribute.key}` };
        const intrinsics = attribute.key === 'Value' || attribute.key === 'Export';
        this.walk(attribute.value, { ...at, intrinsics, skip: PROSE_KEYS.has(attribute.key) });
      }
    }
  }

  private resourceType(node: TemplateNode, context: Context): void {
    const type = stringOf(node);
    const offered = type === undefined ? undefined : this.options.availability?.offers(this.options.region, type);
    if (node.kind !== 'scalar' || offered !== false) return;
    this.add(node, context, {
      kind: 'resource-type',
      start: node.start,
      end: node.end,
      message:
        `${String(type)} is not offered in ${this.options.region} ` +
        `(availability table of ${this.options.availability?.generated ?? 'unknown date'}).`,
      needsSub: false,
      otherwise: 'fail',
    });
  }

  private walk(node: TemplateNode, context: Context): void {
    if (context.skip) return;
    const intrinsic = intrinsicOf(node);
    if (intrinsic) return this.intrinsic(intrinsic.fn, intrinsic.argument, context);
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        const mappingPartition =
          context.section === 'Mappings' ? (partitionOfKey(entry.key) ?? context.mappingPartition) : undefined;
        this.walk(entry.value, {
          ...context,
          path: `${context.path}.${entry.key}`,
          subTemplate: false,
          principal: context.principal || PRINCIPAL_KEYS.has(entry.key),
          skip: PROSE_KEYS.has(entry.key),
          ...(mappingPartition === undefined ? {} : { mappingPartition }),
        });
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((item, index) =>
        this.walk(item, { ...context, path: `${context.path}[${index}]`, subTemplate: false }),
      );
    } else if (typeof node.value === 'string') {
      this.scalar(node, context);
    }
  }

  private intrinsic(fn: string, argument: TemplateNode, context: Context): void {
    const inside = { ...context, path: `${context.path}.${fn}` };
    if (fn === 'Fn::FindInMap') this.findInMap(argument, inside);
    if (NAME_FUNCTIONS.has(fn)) return;
    if (fn === 'Fn::Sub') {
      if (argument.kind === 'scalar') return this.walk(argument, { ...inside, subTemplate: true });
      if (argument.kind === 'seq') {
        const [body, variables] = argument.items;
        if (body?.kind === 'scalar') this.walk(body, { ...inside, path: `${inside.path}[0]`, subTemplate: true });
        if (variables) this.walk(variables, { ...inside, path: `${inside.path}[1]` });
      }
      return;
    }
    if (fn === 'Fn::If' && argument.kind === 'seq') {
      argument.items.forEach((item, index) => {
        if (index > 0) this.walk(item, { ...inside, path: `${inside.path}[${index}]` });
      });
      return;
    }
    this.walk(argument, CONDITION_FUNCTIONS.has(fn) ? { ...inside, intrinsics: false } : inside);
  }

  /**
   * `Fn::FindInMap [Map, !Ref AWS::Region, Key]` where Map has no entry for the target region: the stack fails to
   * create there ("Mapping ... key ... not found"). A fourth argument (a DefaultValue) covers the gap.
   */
  private findInMap(argument: TemplateNode, context: Context): void {
    if (argument.kind !== 'seq' || argument.items.length !== 3) return;
    const [name, top] = argument.items;
    const mapName = stringOf(name);
    const byRegion = intrinsicOf(top);
    if (mapName === undefined || name?.kind !== 'scalar') return;
    if (byRegion?.fn !== 'Ref' || stringOf(byRegion.argument) !== 'AWS::Region') return;
    const keys = this.mappings.get(mapName);
    if (!keys || keys.has(this.options.region)) return;
    this.add(name, context, {
      kind: 'region-mapping',
      start: name.start,
      end: name.end,
      needsSub: false,
      otherwise: 'fail',
      message: `Mapping ${mapName} is looked up by AWS::Region but has no ${this.options.region} entry: add one (it has ${[...keys].slice(0, 4).join(', ')}${keys.size > 4 ? ', …' : ''}).`,
    });
  }

  private scalar(node: ScalarNode, context: Context): void {
    const source = this.template.text.slice(node.start, node.end);
    const expected = context.mappingPartition ?? this.target;
    for (const match of source.matchAll(ARN_PARTITION_PATTERN)) {
      const literal = match[1] as PartitionId;
      if (literal === expected) continue;
      const start = node.start + (match.index ?? 0);
      this.add(node, context, {
        kind: 'partition-arn',
        start,
        end: start + match[0].length,
        replacement: 'arn:${AWS::Partition}:',
        needsSub: true,
        otherwise: otherwiseIn(context),
        message:
          `Hard-coded partition "arn:${literal}:"; ${this.where(context)} is in the ` +
          `${expected} partition.${this.noIntrinsicsHint(context)}`,
      });
    }
    const value = String(node.value).trim();
    // The host pattern backtracks over dotted labels: run it only where a suffix can match.
    if (!source.includes('amazonaws.com')) return;
    for (const match of source.matchAll(HOST_PATTERN)) {
      const host = match[0];
      const labels = match[1] ?? '';
      const suffix = match[2] ?? '';
      const start = node.start + (match.index ?? 0);
      const suffixStart = start + labels.length;
      if (context.principal) this.principal(node, context, { host, labels, suffix, start, suffixStart, value });
      else this.host(node, context, { host, suffix, start, suffixStart, expected });
    }
  }

  private host(
    node: ScalarNode,
    context: Context,
    found: { host: string; suffix: string; start: number; suffixStart: number; expected: PartitionId },
  ): void {
    const { host, suffix, start, suffixStart, expected } = found;
    const expectedSuffix = partitionById(expected).dnsSuffix;
    if (expected !== 'aws' && suffix === 'amazonaws.com') {
      const global = GLOBAL_ENDPOINTS.find((endpoint) => endpoint.host.test(host));
      if (global) {
        // A `${...}` in a string that is not a Sub template is literal text: a rewrite would change its meaning.
        const regional =
          global.regional && !(host.includes('${') && !context.subTemplate) ? global.regional(host) : undefined;
        this.add(node, context, {
          kind: 'global-endpoint',
          start,
          end: start + host.length,
          ...(regional === undefined ? {} : { replacement: regional }),
          needsSub: true,
          otherwise: otherwiseIn(context),
          message:
            `${host} is ${global.what}, which ${this.where(context)} (${expected}) does not have.` +
            (regional === undefined ? '' : ` Use the regional endpoint ${regional}.`) +
            this.noIntrinsicsHint(context),
        });
        return;
      }
    }
    // GovCloud shares amazonaws.com with the commercial partition.
    if (suffix === expectedSuffix) return;
    this.add(node, context, {
      kind: 'url-suffix',
      start: suffixStart,
      end: suffixStart + suffix.length,
      replacement: '${AWS::URLSuffix}',
      needsSub: true,
      otherwise: otherwiseIn(context),
      message:
        `Host ${host} ends in ${suffix}; in ${this.where(context)} the suffix is ${expectedSuffix}.` +
        this.noIntrinsicsHint(context),
    });
  }

  private principal(
    node: ScalarNode,
    context: Context,
    found: { host: string; labels: string; suffix: string; start: number; suffixStart: number; value: string },
  ): void {
    const { host, labels, suffix, start, suffixStart, value } = found;
    const parts = labels.split('.').filter((part) => part !== '');
    const service = parts[0];
    const regional = parts.length >= 2;
    const china = this.target === 'aws-cn';
    const special =
      service !== undefined && (CHINA_REGIONAL_PRINCIPALS.has(service) || CHINA_SUFFIXED_PRINCIPALS.has(service));
    const base = { kind: 'service-principal' as const, otherwise: 'warn' as const };
    if (service === undefined || value !== host) {
      // A principal put together from pieces (Fn::Join): only a person can tell which service it is.
      if (service === undefined && suffix !== partitionById(this.target).dnsSuffix) {
        this.add(node, context, {
          ...base,
          start,
          end: start + host.length,
          needsSub: false,
          message:
            `A service principal built from pieces ends in ${suffix}: in China most principals keep amazonaws.com, ` +
            'but codedeploy and logs take <service>.<region>.amazonaws.com.cn; check which this is.',
        });
        return;
      }
      if (service === undefined || !special || !regional) return;
    }
    if (china && suffix === 'amazonaws.com' && special) {
      const wholeHost = CHINA_REGIONAL_PRINCIPALS.has(service) && !regional;
      this.add(node, context, {
        ...base,
        start: wholeHost ? start : suffixStart,
        end: start + host.length,
        replacement: wholeHost ? `${service}.\${AWS::Region}.\${AWS::URLSuffix}` : '${AWS::URLSuffix}',
        needsSub: true,
        message: `The ${service} service principal in China is ${
          CHINA_REGIONAL_PRINCIPALS.has(service)
            ? `${service}.<region>.amazonaws.com.cn`
            : `${service}.amazonaws.com.cn`
        }, not ${host}.${this.noIntrinsicsHint(context)}`,
      });
      return;
    }
    if (suffix !== 'amazonaws.com.cn' || special) {
      if (!china && suffix === 'amazonaws.com.cn' && special) {
        this.add(node, context, {
          ...base,
          start: suffixStart,
          end: suffixStart + suffix.length,
          replacement: '${AWS::URLSuffix}',
          needsSub: true,
          message: `Service principal ${host} is the China form; ${this.where(context)} uses amazonaws.com.`,
        });
      }
      return;
    }
    if (china && service !== undefined && CHINA_LEGACY_PRINCIPALS.has(service)) return;
    this.add(node, context, {
      ...base,
      start: suffixStart,
      end: suffixStart + suffix.length,
      replacement: 'amazonaws.com',
      needsSub: false,
      message: china
        ? `Service principal ${host} is invalid in China, where ${String(service)} keeps ${String(service)}.amazonaws.com.`
        : `Service principal ${host} is the China form; ${this.where(context)} uses ${String(service)}.amazonaws.com.`,
    });
  }

  private where(context: Context): string {
    return context.mappingPartition === undefined
      ? this.options.region
      : `this mapping's ${context.mappingPartition} entry`;
  }

  private noIntrinsicsHint(context: Context): string {
    if (context.intrinsics) return '';
    if (context.section === 'Mappings')
      return ' A mapping cannot hold pseudo parameters: key it by partition or region.';
    if (context.section === 'Parameters') return ' A parameter default cannot hold pseudo parameters: pass the value.';
    return '';
  }

  private add(scalar: ScalarNode, context: Context, candidate: Candidate): void {
    this.candidates.push({ scalar, context, candidate });
  }
}

function escapeSingleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The edits for one scalar's rewritten candidates: the replacements, and, when the scalar is not already a Sub
 * template but a replacement needs one, the wrapper (`!Sub` before a YAML scalar, `{"Fn::Sub": ...}` around a JSON
 * string) with the scalar's own `${` escaped as `${!` so that it stays literal text.
 */
function scalarEdits(template: Template, scalar: ScalarNode, context: Context, rewrites: Candidate[]): TextEdit[] {
  const replacements = rewrites.map((candidate) => ({
    start: candidate.start,
    end: candidate.end,
    text: candidate.replacement ?? '',
  }));
  const wrap = !context.subTemplate && rewrites.some((candidate) => candidate.needsSub);
  if (!wrap) return replacements;
  const source = template.text.slice(scalar.start, scalar.end);
  if (template.format === 'yaml' && scalar.style === 'plain' && scalar.inFlow) {
    // `{` and `}` are flow syntax: write the whole scalar again, single-quoted.
    let rewritten = '';
    let at = scalar.start;
    for (const edit of replacements) {
      rewritten += template.text.slice(at, edit.start).replace(/\$\{/g, '${!') + edit.text;
      at = edit.end;
    }
    rewritten += template.text.slice(at, scalar.end).replace(/\$\{/g, '${!');
    return [{ start: scalar.start, end: scalar.end, text: `!Sub ${escapeSingleQuoted(rewritten)}` }];
  }
  const escapes: TextEdit[] = [];
  for (const match of source.matchAll(/\$\{/g)) {
    const offset = scalar.start + (match.index ?? 0);
    if (!replacements.some((edit) => offset >= edit.start && offset < edit.end)) {
      escapes.push({ start: offset + 2, end: offset + 2, text: '!' });
    }
  }
  const inner = [...replacements, ...escapes].sort((a, b) => a.start - b.start);
  if (template.format === 'json') {
    return [
      { start: scalar.start, end: scalar.start, text: '{"Fn::Sub": ' },
      ...inner,
      { start: scalar.end, end: scalar.end, text: '}' },
    ];
  }
  return [{ start: scalar.start, end: scalar.start, text: '!Sub ' }, ...inner];
}

/** Lints a template for a target region; the policy decides what each finding becomes. */
export function lintTemplate(template: Template, options: LintOptions): LintResult {
  const policy: LintPolicy = { ...DEFAULT_POLICY, ...options.policy };
  const linter = new Linter(template, options);
  linter.run();
  const findings: PartitionFinding[] = [];
  const rewritesByScalar = new Map<ScalarNode, { context: Context; rewrites: Candidate[] }>();
  for (const { scalar, context, candidate } of linter.candidates) {
    const wrappable = context.subTemplate || scalar.otherTag === undefined;
    const possible = candidate.replacement !== undefined && (!candidate.needsSub || (context.intrinsics && wrappable));
    const asked = policy[candidate.kind];
    const outcome: PolicyAction = asked === 'rewrite' ? (possible ? 'rewrite' : candidate.otherwise) : asked;
    const from = template.position(candidate.start);
    const to = template.position(candidate.end);
    findings.push({
      kind: candidate.kind,
      outcome,
      file: template.file,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      path: context.path,
      text: template.text.slice(candidate.start, candidate.end),
      ...(possible && candidate.replacement !== undefined ? { replacement: candidate.replacement } : {}),
      message: candidate.message,
    });
    if (outcome === 'rewrite') {
      const entry = rewritesByScalar.get(scalar) ?? { context, rewrites: [] };
      entry.rewrites.push(candidate);
      rewritesByScalar.set(scalar, entry);
    }
  }
  const edits = [...rewritesByScalar.entries()]
    .flatMap(([scalar, { context, rewrites }]) => scalarEdits(template, scalar, context, rewrites))
    .sort((a, b) => a.start - b.start);
  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return { findings, edits };
}
