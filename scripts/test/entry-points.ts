import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** The names an entry file exports, and whether it re-exports a whole module (`export *`), which hides them. */
export function entryExports(source: string): { names: string[]; exportsStar: boolean } {
  const file = ts.createSourceFile('entry.ts', source, ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  let exportsStar = false;
  for (const statement of file.statements) {
    if (!ts.isExportDeclaration(statement)) continue;
    const clause = statement.exportClause;
    if (!clause || ts.isNamespaceExport(clause)) exportsStar = true;
    else for (const element of clause.elements) names.push(element.name.text);
  }
  return { names, exportsStar };
}

/**
 * The names a module takes from `specifier`: static imports and re-exports, and `import(specifier)` whose result is
 * destructured (also inside `Promise.all([...])`) or read as `(await import(specifier)).name`.
 */
export function importedNames(source: string, specifier: string): string[] {
  const file = ts.createSourceFile('module.ts', source, ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  const fromBinding = (pattern: ts.BindingName | undefined) => {
    if (pattern && ts.isObjectBindingPattern(pattern)) {
      for (const element of pattern.elements) names.push((element.propertyName ?? element.name).getText(file));
    }
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if ((node.moduleSpecifier as ts.StringLiteral).text === specifier) {
        const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : node.exportClause;
        if (bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))) {
          for (const element of bindings.elements) names.push((element.propertyName ?? element.name).text);
        }
      }
    }
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      ts.isStringLiteral(node.arguments[0]!) &&
      node.arguments[0].text === specifier
    ) {
      let child: ts.Node = node;
      let parent = node.parent;
      while (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent))
        [child, parent] = [parent, parent.parent];
      if (ts.isPropertyAccessExpression(parent)) names.push(parent.name.text);
      else if (ts.isVariableDeclaration(parent)) fromBinding(parent.name);
      else if (ts.isArrayLiteralExpression(parent)) {
        // const [{ a }, { b }] = await Promise.all([import('x'), import('y')])
        const index = parent.elements.indexOf(child as ts.Expression);
        let holder: ts.Node = parent;
        while (!ts.isVariableDeclaration(holder) && !ts.isSourceFile(holder)) holder = holder.parent;
        if (ts.isVariableDeclaration(holder) && ts.isArrayBindingPattern(holder.name)) {
          const element = holder.name.elements[index];
          if (element && ts.isBindingElement(element)) fromBinding(element.name);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

function typeScriptFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules') return [];
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return /\.m?ts$/.test(entry) ? [path] : [];
  });
}

/**
 * Product code: every action's src/, the src/ of the packages other than `own` and packages/testing (whose fakes
 * never ship), and the scripts other than their tests.
 */
export function productFiles(root: string, own: string): string[] {
  const actions = readdirSync(join(root, 'actions')).flatMap((action) =>
    typeScriptFiles(join(root, 'actions', action, 'src')),
  );
  const packages = readdirSync(join(root, 'packages'))
    .filter((name) => name !== own && name !== 'testing')
    .flatMap((name) => typeScriptFiles(join(root, 'packages', name, 'src')));
  const scripts = typeScriptFiles(join(root, 'scripts')).filter(
    (path) => !relative(root, path).startsWith('scripts/test/'),
  );
  return [...actions, ...packages, ...scripts];
}
