// npm run demo: the example pipeline (scan -> build and push -> deploy -> verify -> monitor -> China), every stage run from its
// committed bundle through the runner simulator against local services. Stages whose action is not built yet
// are listed as such, not faked.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DemoContext, type StageResult } from './demo/context.js';
import { pipelineTable } from './demo/pipeline-table.js';
import { findBinary } from '@aws-delivery/testing';
import { openPage } from './demo/open-page.js';
import { writePage, type StagePage } from './demo/render-page.js';

const root = new URL('..', import.meta.url).pathname;
// The demo's own helpers (the local ECR emulator's client) run on the machine's Node, which may be older than the
// AWS SDK's next floor; the actions themselves run on Node 24 from their bundles. The SDK's notice about the
// helpers' Node would read as a problem with the stage it interrupts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** The pipeline in order; each stage lives in scripts/demo/<file>.ts and exports `demo(context)`. */
const pipeline = [
  { file: 'hello-world', title: 'runner check: the smallest action, main and post' },
  { file: 'assume-role', title: 'credentials: assume a deploy role through a two-hop chain' },
  { file: 'tfsec-gate', title: 'scan: Terraform security gate' },
  { file: 'docker-build-push', title: 'build: image pushed by digest to two registries, scan gate' },
  { file: 'eks-deploy', title: 'deploy: rollout to the cluster, broken image rolled back' },
  { file: 'chaos-experiment', title: 'verify: FIS experiment with a verdict' },
  { file: 'grafana-provision', title: 'monitor: dashboards and alert rules' },
  {
    file: 'china-region-deploy',
    title: 'deploy to China: the sample Lambda packaged and deployed to cn-north-1 and us-east-1 in one step',
  },
];

/** Each stage's job summary, outputs and written files, kept after the demo ends; the page renders them. */
const outputDir = join(root, 'demo-output');
rmSync(outputDir, { recursive: true, force: true });

/** Keeps what a stage left in demo-output/<stage>/ (before the context removes its workspace). */
function keep(stage: string, result: StageResult): void {
  const dir = join(outputDir, stage);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.md'), result.summary ?? '');
  writeFileSync(join(dir, 'outputs.json'), JSON.stringify(result.outputs ?? {}, null, 2) + '\n');
  writeFileSync(join(dir, 'log.txt'), result.lines.join('\n') + '\n');
  for (const file of result.files ?? []) if (existsSync(file)) copyFileSync(file, join(dir, basename(file)));
}

/** The pipeline table's word for a stage; a failure shown on purpose says why. */
function status(result: StageResult): string {
  if (!result.ok) return 'FAILED';
  return result.intended ? `ok — ${result.intended}` : 'ok';
}

/** Opens the page in chromium, as the browser test does: no console or page error, every Mermaid block an SVG. */
async function checkPage(file: string): Promise<boolean> {
  const executable = findBinary('chromium');
  if (!executable) {
    console.log('\nchromium not found (apt-get install chromium): the page was not checked in a browser.');
    return true;
  }
  const workDir = mkdtempSync(join(tmpdir(), 'demo-page-'));
  try {
    const opened = await openPage(file, workDir, executable);
    await opened.browser.close();
    const problems = [...opened.consoleErrors, ...opened.pageErrors];
    if (opened.mermaid !== 'done') problems.push(`mermaid's run ended '${opened.mermaid}'`);
    if (opened.mermaidSvgs !== opened.mermaidBlocks)
      problems.push(`${opened.mermaidBlocks - opened.mermaidSvgs} of ${opened.mermaidBlocks} Mermaid blocks not drawn`);
    console.log(
      problems.length === 0
        ? `\nThe page in headless chromium: no console or page error, ${opened.mermaidSvgs} Mermaid diagrams drawn.`
        : `\nThe page in headless chromium FAILED: ${problems.join('; ')}`,
    );
    return problems.length === 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

const context = new DemoContext();
const results: StagePage[] = [];
let failed = false;
try {
  for (const stage of pipeline) {
    const module = join(root, 'scripts/demo', `${stage.file}.ts`);
    if (!existsSync(module)) {
      results.push({ name: stage.file, title: stage.title, status: 'not built yet', summary: '' });
      continue;
    }
    console.log(`\n=== ${stage.file}: ${stage.title}`);
    const { demo } = (await import(module)) as { demo: (c: DemoContext) => Promise<StageResult> };
    let result: StageResult;
    try {
      result = await demo(context);
    } catch (error) {
      result = { ok: false, lines: [`stage crashed: ${(error as Error).message}`] };
    }
    for (const line of result.lines) console.log(`  ${line}`);
    if (result.outputs) context.outputs.set(stage.file, result.outputs);
    keep(stage.file, result);
    results.push({ name: stage.file, title: stage.title, status: status(result), summary: result.summary ?? '' });
    failed ||= !result.ok;
  }
} finally {
  await context.stop();
}

console.log('\n=== pipeline');
for (const line of pipelineTable(results)) console.log(line);
const page = writePage(outputDir, results);
const pageChecked = await checkPage(page);
console.log(`\nThe job summaries, outputs and files: open ${page}`);
process.exitCode = failed || !pageChecked ? 1 : 0;
