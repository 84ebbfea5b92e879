import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

const packages = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where a specifier leads: a source file of ours, or the name of a package or built-in we do not follow. */
function resolveSpecifier(from: string, specifier: string): { file: string } | { external: string } {
  if (specifier.startsWith('.')) return { file: resolve(dirname(from), specifier.replace(/\.js$/, '.ts')) };
  const workspace = /^@aws-delivery\/([^/]+)$/.exec(specifier);
  if (workspace) return { file: join(packages, workspace[1]!, 'src/index.ts') };
  return { external: specifier };
}

/** Specifiers a module loads when it runs: static imports and re-exports that are not type-only, and import(). */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Every package a module pulls in at run time, following our own modules. Whole workspace packages are followed
 * from their index, as a bundler without tree-shaking would; packages/aws itself is followed module by module,
 * which is what its `"sideEffects": false` lets the bundler do.
 */
function runtimeGraph(entry: string): { files: Set<string>; externals: Set<string> } {
  const files = new Set<string>();
  const externals = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of runtimeSpecifiers(file)) {
      const target = resolveSpecifier(file, specifier);
      if ('external' in target) externals.add(target.external);
      else if (!target.file.endsWith(join('aws', 'src', 'index.ts'))) pending.push(target.file);
    }
  }
  return { files, externals };
}

const sdkPackages = (externals: Set<string>) => [...externals].filter((name) => /^@(smithy|aws-sdk)\//.test(name));

describe('what the STS query client loads', () => {
  it('sends with node:http / node:https and loads no @smithy or @aws-sdk runtime', () => {
    const { files, externals } = runtimeGraph(join(packages, 'aws/src/sts/query-client.ts'));
    const ours = [...files].map((file) => file.slice(packages.length + 1));
    expect(ours).toEqual(
      expect.arrayContaining([
        'aws/src/transport/http-send.ts',
        'aws/src/transport/routes.ts',
        'aws/src/transport/settings.ts',
        'aws/src/signing/sigv4.ts',
      ]),
    );
    expect(ours).not.toContain('aws/src/transport/sdk-http-handler.ts');
    expect([...externals]).toEqual(expect.arrayContaining(['node:http', 'node:https', 'https-proxy-agent']));
    expect(sdkPackages(externals)).toEqual([]);
  });

  it('would notice: the SDK client configuration does load @smithy/node-http-handler', () => {
    const { externals } = runtimeGraph(join(packages, 'aws/src/transport/sdk-client-config.ts'));
    expect(sdkPackages(externals)).toContain('@smithy/node-http-handler');
  });
});
