// Reads every source file's imports with the TypeScript compiler (static imports, `export ... from`,
// `import()`, `require`), resolves the relative ones to files, and says in words where the tree breaks
// the architecture: a runtime import cycle, an import its floor does not allow (scripts/lint/floors.js)
// or a source file that is not a test and is over the length limit. scripts/architecture.test.ts runs it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, posix } from 'node:path';
import ts from 'typescript';
import type { Floor } from './floors';
import { allowedInWords, floorOf, mayImport } from './floors';

/** One import of a source file. */
export interface SourceImport {
  specifier: string;
  /** The repository path it leads to: the file it resolves to, else the path as written. */
  target: string;
  /** The source file of this tree it resolves to, if any. */
  file: string | null;
  /** `import type` / `export type` (or any import of a declaration file): gone at run time. */
  typeOnly: boolean;
  line: number;
}

export interface SourceFile {
  path: string;
  lines: number;
  imports: SourceImport[];
}

export interface ArchitectureProblems {
  cycles: string[];
  floors: string[];
  lengths: string[];
}

/** What is not the repository's own source: installed packages, build output, generated code. */
const skippedFolders = new Set(['node_modules', 'dist', 'out', 'contracts/build', 'protocol/generated']);
const sourceExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** A test file, which may be as long as its story: `*.test.ts(x)` and the end-to-end specs. */
const testFile = /\.(test\.tsx?|e2e\.ts)$/;

export const maxSourceLines = 400;

/** Every source file under `root`, as repository paths with `/` separators, sorted. */
export function listSourceFiles(root: string): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.name.startsWith('.') || skippedFolders.has(entry.name) || skippedFolders.has(path)) continue;
      if (entry.isDirectory()) visit(path);
      else if (sourceExtensions.includes(extname(entry.name))) found.push(path);
    }
  };
  visit('');
  return found.sort();
}

function countLines(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** The file a relative specifier names, trying what TypeScript and the bundler try. */
function resolveRelative(root: string, target: string, sources: Set<string>): string | null {
  const candidates = [target];
  const written = extname(target);
  if (['.js', '.jsx', '.mjs', '.cjs'].includes(written)) {
    const stem = target.slice(0, -written.length);
    candidates.push(`${stem}${written.replace('j', 't')}`, `${stem}.tsx`);
  }
  for (const extension of [...sourceExtensions, '.json']) candidates.push(`${target}${extension}`);
  for (const extension of sourceExtensions) candidates.push(`${target}/index${extension}`);
  return (
    candidates.find((path) => sources.has(path)) ??
    candidates.find((path) => existsSync(join(root, path)) && statSync(join(root, path)).isFile()) ??
    null
  );
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * The module specifiers a source names, with whether each is type-only. Under verbatimModuleSyntax
 * (tsconfig.base.json) `import { type A } from './a'` is emitted as `import {} from './a'` and still
 * loads the module, so only `import type` / `export type` count as type-only.
 */
export function readImports(
  path: string,
  text: string,
): { specifier: string; typeOnly: boolean; line: number }[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, scriptKind(path));
  const declarationFile = path.endsWith('.d.ts');
  const found: { specifier: string; typeOnly: boolean; line: number }[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ specifier: specifier.text, typeOnly: typeOnly || declarationFile, line });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isImport || isRequire) add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every source file under `root` with its length and its relative imports, resolved. */
export function readSourceTree(root: string): SourceFile[] {
  const paths = listSourceFiles(root);
  const sources = new Set(paths);
  return paths.map((path) => {
    const text = readFileSync(join(root, path), 'utf8');
    const imports = readImports(path, text)
      .filter(({ specifier }) => specifier.startsWith('./') || specifier.startsWith('../'))
      .map(({ specifier, typeOnly, line }) => {
        const written = posix.normalize(posix.join(dirname(path), specifier));
        const file = resolveRelative(root, written, sources);
        return {
          specifier,
          target: file ?? written,
          file: file && sources.has(file) ? file : null,
          typeOnly,
          line,
        };
      });
    return { path, lines: countLines(text), imports };
  });
}

/** The groups of files whose runtime imports go round in a circle (Tarjan's strongly connected components). */
function runtimeCircles(files: SourceFile[]): string[][] {
  const edges = new Map(
    files.map((file) => [
      file.path,
      [...new Set(file.imports.filter((item) => !item.typeOnly && item.file).map((item) => item.file!))],
    ]),
  );
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const connect = (path: string) => {
    index.set(path, index.size);
    low.set(path, index.get(path)!);
    stack.push(path);
    onStack.add(path);
    for (const next of edges.get(path) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(path, Math.min(low.get(path)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(path, Math.min(low.get(path)!, index.get(next)!));
      }
    }
    if (low.get(path) !== index.get(path)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== path);
    if (group.length > 1 || edges.get(path)!.includes(path)) circles.push(group.sort());
  };
  for (const path of edges.keys()) if (!index.has(path)) connect(path);
  return circles;
}

/** One shortest way round a circle, from its first file back to it: each importing file and its import. */
function wayRound(files: Map<string, SourceFile>, group: string[]): { from: string; item: SourceImport }[] {
  const members = new Set(group);
  const start = group[0]!;
  const reachedBy = new Map<string, { from: string; item: SourceImport }>();
  const queue = [start];
  while (queue.length > 0 && !reachedBy.has(start)) {
    const path = queue.shift()!;
    for (const item of files.get(path)!.imports) {
      if (item.typeOnly || !item.file || !members.has(item.file) || reachedBy.has(item.file)) continue;
      reachedBy.set(item.file, { from: path, item });
      queue.push(item.file);
    }
  }
  const way: { from: string; item: SourceImport }[] = [];
  let at = start;
  do {
    const step = reachedBy.get(at)!;
    way.unshift(step);
    at = step.from;
  } while (at !== start);
  return way;
}

/** Each runtime import cycle, in words: the files and the imports that close it. */
export function cycleProblems(files: SourceFile[]): string[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  return runtimeCircles(files).map((group) => {
    const way = wayRound(byPath, group);
    const steps = way.map(({ from, item }) => `${from} imports '${item.specifier}' (line ${item.line})`);
    const others =
      group.length > way.length ? ` (${group.length} files are in the circle: ${group.join(', ')})` : '';
    return (
      `Import cycle: ${steps.join('; ')}; back to ${group[0]}${others}. Runtime imports may not go round in a ` +
      'circle: move what they share into a file of its own, or import it as a type only (import type).'
    );
  });
}

/** Each file that stands on no floor, and each import its floor does not allow, in words. */
export function floorProblems(files: SourceFile[], table: readonly Floor[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const floor = floorOf(table, file.path);
    if (!floor) {
      problems.push(
        `${file.path} stands on no floor: list its folder in scripts/lint/floors.js with what it may import.`,
      );
      continue;
    }
    for (const item of file.imports) {
      if (item.target.startsWith('../')) continue;
      if (mayImport(floor, item.target, item.typeOnly)) {
        const targetFloor = item.file === null ? null : floorOf(table, item.file);
        if (!floor.tests && !item.typeOnly && targetFloor?.tests) {
          problems.push(
            `${file.path} (on ${floor.floor}) imports '${item.specifier}' (line ${item.line}), which stands on ` +
              `${targetFloor.floor}: code that is not a test may not run tests or their helpers. Move what it ` +
              'needs out of the test helper, into the code it tests.',
          );
        }
        continue;
      }
      const kind = item.typeOnly ? 'a type-only import' : 'an import';
      problems.push(
        `${file.path} (on ${floor.floor}) has ${kind} of '${item.specifier}' (line ${item.line}) that leads ` +
          `to ${item.target}, against the floor order: ${floor.floor} may import only ${allowedInWords(floor)}. ` +
          'Move what it needs down a floor, or pass it in from above.',
      );
    }
  }
  return problems;
}

/** Each source file that is not a test and is over the limit, in words. */
export function lengthProblems(files: SourceFile[], limit = maxSourceLines): string[] {
  return files
    .filter((file) => !testFile.test(file.path) && file.lines > limit)
    .map(
      (file) =>
        `${file.path} has ${file.lines} lines, over the ${limit} a source file may have (tests aside): split it ` +
        'into files named for what they hold.',
    );
}

/** What breaks the architecture among `files`, judged by the floors of `table`. */
export function architectureProblems(files: SourceFile[], table: readonly Floor[]): ArchitectureProblems {
  return {
    cycles: cycleProblems(files),
    floors: floorProblems(files, table),
    lengths: lengthProblems(files),
  };
}

/** What breaks the architecture in the tree under `root`. */
export function checkArchitecture(root: string, table: readonly Floor[]): ArchitectureProblems {
  return architectureProblems(readSourceTree(root), table);
}
