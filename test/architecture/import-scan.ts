// Reads every import out of a TypeScript source with the TypeScript parser itself, so no form can slip
// past a regular expression: static and type-only imports, side-effect imports (`import 'keyv'`),
// `export … from`, `import x = require()`, dynamic `import()`, `require()`, `typeof import()` types,
// either quote, over several lines. Comments and string contents are not imports and are not read.
import ts from 'typescript';
import { dirname, join, normalize } from 'node:path/posix';

/** Stands for an `import()` or `require()` whose argument is not a plain string: it cannot be checked. */
export const COMPUTED = '<computed specifier>';

/** Every module specifier a source names, in order of appearance. */
export function importsIn(source: string, fileName = 'sample.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const literal = (node: ts.Node | undefined) => (node && ts.isStringLiteralLike(node) ? node.text : COMPUTED);
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) found.push(literal(node.moduleSpecifier));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) found.push(literal(node.moduleReference.expression));
    else if (ts.isImportTypeNode(node)) found.push(ts.isLiteralTypeNode(node.argument) ? literal(node.argument.literal) : COMPUTED);
    else if (ts.isCallExpression(node) && isLoader(node.expression)) found.push(literal(node.arguments[0]));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

// `import(…)`, `require(…)` and `module.require(…)`: every way a module is loaded at run time.
function isLoader(callee: ts.Expression): boolean {
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (ts.isIdentifier(callee)) return callee.text === 'require';
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'require';
}

/**
 * What a specifier in `fromFile` (a path like `src/core/parley.ts`) points at: a repository path for
 * relative ones (`src/core/index.ts`, `.js` read as the `.ts` it is compiled from), else the specifier.
 */
export function targetOf(fromFile: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return normalize(join(dirname(fromFile), specifier)).replace(/\.js$/, '.ts');
}

/**
 * True when `allowed` names the target: `node:*` any Node built-in; a package name the package and its
 * subpaths (`@anthropic-ai/sdk` covers `@anthropic-ai/sdk/resources/messages`); a path ending in `/`
 * any file under that folder; any other path that one file.
 */
export function allows(allowed: readonly string[], target: string): boolean {
  return allowed.some((entry) => {
    if (entry === 'node:*') return target.startsWith('node:');
    if (entry.endsWith('/')) return target.startsWith(entry);
    return target === entry || (!entry.startsWith('src/') && target.startsWith(`${entry}/`));
  });
}
