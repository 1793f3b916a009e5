// The house rules of the workspace, checked on the import graph of every .ts/.tsx file:
//  - shared/ imports nothing of ours (no backend/, frontend/, simulators/, tests/), no Node
//    built-in, and of other packages only what shared/package.json declares;
//  - frontend/ and backend/ never import each other; simulators/ imports neither;
//  - a workspace reaches another only by its package name, never by a path into it;
//  - inside shared/, the domain (everything but api/ and the index) does not import the API contracts (api/):
//    api/ may import the domain, so the domain importing api/ is how cycles start;
//  - no import cycle inside shared/ (type-only imports count: they tie the modules as much).
// Specifiers come from the TypeScript parser (import/export-from, import type, import('x'),
// import('x').T, require('x')), so a commented-out import or one in a string is not counted.
// The checker works on a map path → source text, so a test can run it on a planted fixture.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

export const WORKSPACES = ['shared', 'simulators', 'backend', 'frontend'] as const;
export type Workspace = (typeof WORKSPACES)[number];

export interface Repo {
  /** Repository-relative path (forward slashes) → source text. */
  files: Map<string, string>;
  /** Package name → workspace folder, e.g. '@torch/shared' → 'shared'. */
  packages: Map<string, Workspace>;
  /** The dependencies each workspace declares (package.json dependencies and peerDependencies). */
  declared: Map<Workspace, Set<string>>;
}

export type Target =
  | { kind: 'file'; path: string }
  | { kind: 'workspace'; workspace: Workspace; name: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'package'; name: string }
  | { kind: 'unresolved'; path: string };

export interface Edge {
  from: string;
  specifier: string;
  target: Target;
}

export interface LayerReport {
  violations: string[];
  /** Each cycle as its path, the first file repeated at the end. */
  cycles: string[][];
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', 'artifacts', '.git', '.data']);
const SOURCE = /\.(ts|tsx|mts|cts)$/;
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** Every .ts/.tsx file under root (dependencies, build output and test artifacts left out). */
export function loadRepo(root: string): Repo {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(posix.join(root, dir), { withFileTypes: true })) {
      if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) files.set(rel, readFileSync(posix.join(root, rel), 'utf8'));
    }
  };
  walk('');
  const packages = new Map<string, Workspace>();
  const declared = new Map<Workspace, Set<string>>();
  for (const w of WORKSPACES) {
    const pkg = JSON.parse(readFileSync(posix.join(root, w, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    packages.set(pkg.name, w);
    declared.set(w, new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]));
  }
  return { files, packages, declared };
}

/** Module specifiers of one file, in source order. */
export function specifiersOf(path: string, text: string): string[] {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const literal = (n: ts.Node | undefined) => {
    if (n && ts.isStringLiteralLike(n)) out.push(n.text);
  };
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) literal(n.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) literal(n.moduleReference.expression);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) literal(n.argument.literal);
    else if (ts.isCallExpression(n) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) literal(n.arguments[0]);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function resolve(repo: Repo, from: string, specifier: string): Target {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const base = posix.normalize(posix.join(posix.dirname(from), specifier));
    const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
    for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) if (repo.files.has(candidate)) return { kind: 'file', path: candidate };
    // JSON, CSS and the like: not parsed, but where they live still counts.
    return { kind: 'unresolved', path: base };
  }
  const name = specifier.startsWith('node:') ? specifier : packageName(specifier);
  if (specifier.startsWith('node:') || BUILTINS.has(name)) return { kind: 'builtin', name: specifier.replace(/^node:/, '') };
  const workspace = repo.packages.get(name);
  if (workspace) return { kind: 'workspace', workspace, name: specifier };
  return { kind: 'package', name };
}

export function edgesOf(repo: Repo): Edge[] {
  const edges: Edge[] = [];
  for (const [from, text] of repo.files) for (const specifier of specifiersOf(from, text)) edges.push({ from, specifier, target: resolve(repo, from, specifier) });
  return edges;
}

/** The area a path belongs to: a workspace, or the first folder (tests, …), or '' at the root. */
export function areaOf(path: string): string {
  const top = path.includes('/') ? path.slice(0, path.indexOf('/')) : '';
  return top;
}

const SHARED_API = 'shared/src/api/';
/** The package index re-exports every layer; it is not domain code. */
const SHARED_INDEX = 'shared/src/index.ts';

const isWorkspace = (area: string): area is Workspace => (WORKSPACES as readonly string[]).includes(area);

/** What a workspace may not reach, by workspace or top-level folder. */
const FORBIDDEN: Record<Workspace, readonly string[]> = {
  shared: ['backend', 'frontend', 'simulators', 'tests'],
  frontend: ['backend', 'simulators', 'tests'],
  backend: ['frontend', 'tests'],
  simulators: ['backend', 'frontend', 'tests'],
};

export function checkLayers(repo: Repo): LayerReport {
  const violations: string[] = [];
  const sharedGraph = new Map<string, string[]>();
  for (const { from, specifier, target } of edgesOf(repo)) {
    const area = areaOf(from);
    if (!isWorkspace(area)) continue;
    const say = (why: string) => violations.push(`${from}: imports '${specifier}': ${why}`);
    const reached = target.kind === 'workspace' ? target.workspace : target.kind === 'file' || target.kind === 'unresolved' ? areaOf(target.path) : null;
    if (reached !== null && FORBIDDEN[area].includes(reached)) {
      say(area === 'shared' ? `shared/ must not import ${reached}/` : `${area}/ must not import ${reached}/`);
      continue;
    }
    if ((target.kind === 'file' || target.kind === 'unresolved') && reached !== area && isWorkspace(reached ?? '')) {
      say(`reaches into ${reached}/ by path; import it by its package name`);
      continue;
    }
    if (area === 'shared') {
      if (target.kind === 'workspace') say('shared/ must not import a workspace package (itself included: use a relative path)');
      else if (target.kind === 'builtin') say('shared/ is pure: no Node built-in modules');
      else if (target.kind === 'package' && !repo.declared.get('shared')?.has(target.name)) say(`shared/ may only use the packages shared/package.json declares (${[...(repo.declared.get('shared') ?? [])].join(', ')})`);
      else if (target.kind === 'file') {
        sharedGraph.set(from, [...(sharedGraph.get(from) ?? []), target.path]);
        if (!from.startsWith(SHARED_API) && from !== SHARED_INDEX && target.path.startsWith(SHARED_API)) say('domain code in shared/ must not import the API contracts (shared/src/api/); move the declaration into the domain and let api/ import it');
      }
    }
  }
  for (const path of repo.files.keys()) if (areaOf(path) === 'shared' && !sharedGraph.has(path)) sharedGraph.set(path, []);
  return { violations, cycles: findCycles(sharedGraph) };
}

/**
 * The cycles among files, as paths: for each strongly connected component of more than one file
 * (or a file importing itself), the shortest cycle through its first file, then through each file
 * no cycle reported so far passes through. So two cycles sharing a file are both named, while a
 * component's every cycle (exponentially many) is not. Tarjan's algorithm; files visited in sorted
 * order, so reports are stable.
 */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const strong = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(c);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) strong(v);
  const cycles: string[][] = [];
  for (const c of components) {
    const members = new Set(c);
    const covered = new Set<string>();
    for (const start of [...members].sort()) {
      if (covered.has(start)) continue;
      const path = cyclePath(graph, members, start);
      for (const v of path) covered.add(v);
      cycles.push(path);
    }
  }
  return cycles;
}

/** A shortest way from start back to itself, inside the component. */
function cyclePath(graph: Map<string, string[]>, members: Set<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = previous.get(x)!) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
