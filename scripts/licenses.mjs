// The third-party licences of one bundle, from the bundle's module graph (ncc's webpack stats, --stats-out).
// build.mjs writes dist/<action>/<entry>/licenses.txt with renderLicenses(bundledPackages(stats).map(describePackage)).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const NODE_MODULES = '/node_modules/';

/**
 * The folder of the npm package that holds a module file: the path up to the last node_modules/<name> (or
 * node_modules/@scope/name), so a nested copy counts as its own package. Undefined for files outside node_modules
 * (this repository's own code, including the workspace packages, which webpack sees at their real paths).
 */
export function packageDirOf(modulePath) {
  const at = modulePath.lastIndexOf(NODE_MODULES);
  if (at < 0) return undefined;
  const parts = modulePath.slice(at + NODE_MODULES.length).split('/');
  const length = parts[0].startsWith('@') ? 2 : 1;
  if (parts.length <= length) return undefined;
  return modulePath.slice(0, at + NODE_MODULES.length) + parts.slice(0, length).join('/');
}

/**
 * The files of every module that ended up in the bundle. Webpack's stats list each module once at the top level;
 * a module that is in no chunk was left out (tree-shaken, or an orphan merged into another), and a concatenated
 * module lists the modules merged into it under `modules`. External modules (node: built-ins) have no file.
 */
export function bundledModuleFiles(stats) {
  const files = new Set();
  const visit = (modules) => {
    for (const module of modules ?? []) {
      if (typeof module.nameForCondition === 'string') files.add(module.nameForCondition);
      visit(module.modules);
    }
  };
  visit((stats.modules ?? []).filter((module) => (module.chunks ?? []).length > 0));
  return [...files].sort();
}

/** The folders of the third-party packages inside the bundle, sorted. */
export function bundledPackages(stats) {
  return [
    ...new Set(
      bundledModuleFiles(stats)
        .map(packageDirOf)
        .filter((dir) => dir !== undefined),
    ),
  ].sort();
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)([-._].*)?$/i;

/** The licence a package.json declares: an SPDX expression, the old { type } form, or the older `licenses` list. */
function declaredLicence(manifest) {
  const named = (entry) => (typeof entry === 'string' ? entry : entry?.type);
  if (manifest.license !== undefined) return named(manifest.license) ?? 'UNKNOWN';
  if (Array.isArray(manifest.licenses)) return manifest.licenses.map(named).join(' OR ') || 'UNKNOWN';
  return 'UNKNOWN';
}

/** Name, version, declared licence and the licence files (LICENSE, LICENCE, COPYING, NOTICE) a package ships. */
export function describePackage(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const files = readdirSync(dir)
    .filter((name) => LICENCE_FILE.test(name) && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  return {
    name: manifest.name,
    version: manifest.version,
    license: declaredLicence(manifest),
    ...(author ? { author } : {}),
    ...(repository ? { repository } : {}),
    files,
  };
}

const RULE = '='.repeat(80);

function entry(pkg) {
  const lines = [RULE, `Package: ${pkg.name}@${pkg.version}`, `License: ${pkg.license}`];
  if (pkg.author) lines.push(`Author: ${pkg.author}`);
  if (pkg.repository) lines.push(`Repository: ${pkg.repository}`);
  lines.push('');
  if (pkg.files.length === 0) {
    lines.push(`The package ships no licence file; its package.json declares the licence ${pkg.license}.`, '');
  }
  for (const file of pkg.files) lines.push(`--- ${file.name} ---`, file.text.replace(/\s+$/, ''), '');
  return lines.join('\n');
}

/** licenses.txt: a header, then each package (sorted by name and version) with its licence texts. */
export function renderLicenses(packages) {
  const sorted = [...packages].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name < b.name ? -1 : 1,
  );
  const header =
    sorted.length === 0
      ? 'This bundle contains no third-party packages.\n'
      : `This bundle contains ${sorted.length} third-party package${sorted.length === 1 ? '' : 's'}, each listed ` +
        'below with its version, the licence its package.json declares and the licence files it ships.\n' +
        "Written by scripts/build.mjs from the bundle's module graph.\n";
  return [header, ...sorted.map(entry)].join('\n');
}

/** The `name@version` of every package a licenses.txt lists, in order. */
export function listedPackages(text) {
  return [...text.matchAll(/^={80}\nPackage: (\S+)$/gm)].map((match) => match[1]);
}

/** licenses.txt for a bundle whose webpack stats are in statsFile. */
export function licensesFromStats(statsFile) {
  if (!existsSync(statsFile)) throw new Error(`no webpack stats at ${statsFile}`);
  return renderLicenses(bundledPackages(JSON.parse(readFileSync(statsFile, 'utf8'))).map(describePackage));
}
