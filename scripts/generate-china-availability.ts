// Writes actions/china-region-deploy/data/availability.json: the CloudFormation resource types each China region
// offers, from cfn-lint's per-region provider lists (MIT-0), and the services each offers, from AWS's public SSM
// parameters /aws/service/global-infrastructure/regions/<region>/services as moto serves them (Apache-2.0).
//
//   node node_modules/tsx/dist/cli.mjs scripts/generate-china-availability.ts [--cfn-lint DIR] [--no-services]
//
// DIR is cfn-lint's package directory (the one holding data/schemas/providers); by default the one python3 imports.
// A checkout of github.com/aws-cloudformation/cfn-lint works too: pass its src/cfnlint.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { sendOnce, TransportRoutes, resolveTransportSettings } from '@aws-delivery/aws';
import { signRequest } from '@aws-delivery/aws/signing';
import { startMoto } from '@aws-delivery/testing';
import type { AvailabilityFile } from '../actions/china-region-deploy/src/availability.js';

export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;
const OUTPUT = fileURLToPath(new URL('../actions/china-region-deploy/data/availability.json', import.meta.url));

/**
 * The resource type names in one of cfn-lint's provider files: `providers/<region>.py` (a `types` dict of name to
 * schema hash, cfn-lint 1.x wheels) or `providers/<region>/__init__.py` (a `types` list, the repository layout).
 */
export function typesOfProviderFile(text: string): string[] {
  const start = text.search(/^types\b/m);
  if (start < 0) throw new Error('The provider file has no `types` assignment.');
  const names = [...text.slice(start).matchAll(/"([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+)"/g)].map((m) => m[1] ?? '');
  return [...new Set(names)].sort();
}

/** The table: the types every region has as `base`, each region's others as its `add`. */
export function buildAvailability(input: {
  generated: string;
  sources: AvailabilityFile['sources'];
  types: Record<string, string[]>;
  services?: Record<string, string[]>;
}): AvailabilityFile {
  const regions = Object.keys(input.types).sort();
  const sets = regions.map((region) => new Set(input.types[region]));
  const base = [...(sets[0] ?? [])].filter((type) => sets.every((set) => set.has(type))).sort();
  const common = new Set(base);
  return {
    generated: input.generated,
    sources: input.sources,
    resourceTypes: {
      base,
      regions: Object.fromEntries(
        regions.map((region) => [
          region,
          { add: (input.types[region] ?? []).filter((type) => !common.has(type)).sort() },
        ]),
      ),
    },
    ...(input.services ? { services: input.services } : {}),
  };
}

function python(code: string): string {
  return execFileSync('python3', ['-c', code], { encoding: 'utf8' }).trim();
}

function providerFile(cfnLintDir: string, region: string): string {
  const dir = join(cfnLintDir, 'data', 'schemas', 'providers');
  const name = region.replace(/-/g, '_');
  for (const candidate of [join(dir, `${name}.py`), join(dir, name, '__init__.py')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cfn-lint at ${cfnLintDir} has no provider list for ${region} (looked in ${dir}).`);
}

function cfnLintVersion(cfnLintDir: string): string {
  const versionFile = join(cfnLintDir, 'version.py');
  const match = existsSync(versionFile) ? /__version__\s*=\s*"([^"]+)"/.exec(readFileSync(versionFile, 'utf8')) : null;
  return match?.[1] ?? 'unknown';
}

/** Every value under an SSM path, following NextToken, from an SSM endpoint (moto), signed and sent as packages/aws does. */
async function parametersByPath(endpoint: string, region: string, path: string): Promise<string[]> {
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const settings = resolveTransportSettings({ region, endpoint, credentials, log: () => {} });
  const routes = new TransportRoutes(settings);
  const url = new URL(`${endpoint.replace(/\/+$/, '')}/`);
  const values: string[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const body = JSON.stringify({ Path: path, ...(nextToken ? { NextToken: nextToken } : {}) });
      const headers: Record<string, string> = {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.GetParametersByPath',
      };
      Object.assign(headers, signRequest({ method: 'POST', url, headers, body, service: 'ssm', region, credentials }));
      const answer = await sendOnce({ method: 'POST', url, headers, body }, routes, { maxResponseBytes: 1 << 22 });
      if (answer.statusCode !== 200) {
        throw new Error(
          `SSM GetParametersByPath ${path} answered HTTP ${answer.statusCode}: ${answer.body.toString()}`,
        );
      }
      const page = JSON.parse(answer.body.toString('utf8')) as {
        Parameters?: { Value?: string }[];
        NextToken?: string;
      };
      values.push(...(page.Parameters ?? []).map((parameter) => parameter.Value ?? '').filter(Boolean));
      nextToken = page.NextToken;
    } while (nextToken);
  } finally {
    routes.destroy();
  }
  return [...new Set(values)].sort();
}

async function servicesFromMoto(
  regions: readonly string[],
): Promise<{ services: Record<string, string[]>; version: string }> {
  const moto = await startMoto();
  try {
    const services: Record<string, string[]> = {};
    for (const region of regions) {
      services[region] = await parametersByPath(
        moto.endpoint,
        region,
        `/aws/service/global-infrastructure/regions/${region}/services`,
      );
    }
    return { services, version: python('import moto; print(moto.__version__)') };
  } finally {
    await moto.stop();
  }
}

async function main(argv: string[]): Promise<void> {
  const dirFlag = argv.indexOf('--cfn-lint');
  const cfnLintDir =
    dirFlag >= 0 ? (argv[dirFlag + 1] ?? '') : python('import cfnlint, os; print(os.path.dirname(cfnlint.__file__))');
  const types: Record<string, string[]> = {};
  for (const region of CHINA_REGIONS)
    types[region] = typesOfProviderFile(readFileSync(providerFile(cfnLintDir, region), 'utf8'));
  const sources: AvailabilityFile['sources'] = [
    {
      name: 'cfn-lint',
      version: cfnLintVersion(cfnLintDir),
      licence: 'MIT-0',
      url: 'https://github.com/aws-cloudformation/cfn-lint',
      what: 'resource types per region: src/cfnlint/data/schemas/providers/<region>',
    },
  ];
  let services: Record<string, string[]> | undefined;
  if (!argv.includes('--no-services')) {
    const fromMoto = await servicesFromMoto(CHINA_REGIONS);
    services = fromMoto.services;
    sources.push({
      name: 'moto',
      version: fromMoto.version,
      licence: 'Apache-2.0',
      url: 'https://github.com/getmoto/moto',
      what: 'services per region: the public SSM parameters /aws/service/global-infrastructure/regions/<region>/services',
    });
  }
  const table = buildAvailability({
    generated: new Date().toISOString().slice(0, 10),
    sources,
    types,
    ...(services ? { services } : {}),
  });
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, await format(JSON.stringify(table), { ...(await resolveConfig(OUTPUT)), parser: 'json' }));
  const counts = CHINA_REGIONS.map((region) => `${region}: ${types[region]?.length ?? 0} resource types`);
  console.log(`wrote ${OUTPUT} (${counts.join(', ')})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
