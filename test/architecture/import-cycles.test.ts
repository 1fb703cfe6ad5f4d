// No import cycle anywhere in the app's source, type-only imports included: a cycle
// means no module in it can be understood (or loaded) without the others, and type
// imports are where such knots start. Dependency-free and fast: a regex over each
// file's import statements, relative specifiers resolved the way the bundler does,
// Tarjan's strongly connected components over the result.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const SOURCE_DIRS = ['shared', 'electron', 'renderer'];
const EXTENSIONS = ['.ts', '.tsx', '.mts'];

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (d.name === 'node_modules' || d.name.startsWith('.')) continue;
    const p = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...sourceFiles(p));
    else if (EXTENSIONS.some((e) => d.name.endsWith(e)) && !d.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Specifiers of `import … from`, `import type`, `import '…'`, `export … from` and `import('…')`. */
export function specifiersOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[^'"`;()]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s*(?:as\s+\w+\s*)?from\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.push(m[1]!);
  return out;
}

function resolveRelative(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  const stripped = base.replace(/\.(js|mjs|cjs)$/, '');
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => stripped + e),
    ...EXTENSIONS.map((e) => path.join(base, `index${e}`)),
  ];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}

export function importGraph(files: string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const f of files) {
    const deps = new Set<string>();
    for (const spec of specifiersOf(fs.readFileSync(f, 'utf8'))) {
      const target = resolveRelative(f, spec);
      if (target) deps.add(target);
    }
    graph.set(f, deps);
  }
  return graph;
}

/** Every strongly connected component with more than one file, or a file importing itself. */
export function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** One concrete loop through a component, as a readable chain a → b → … → a. */
function chainThrough(graph: Map<string, Set<string>>, scc: string[]): string[] {
  const members = new Set(scc);
  const start = [...scc].sort()[0]!;
  // Breadth-first from start back to start, staying inside the component: the shortest loop.
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!members.has(w)) continue;
      if (w === start) {
        const chain = [v];
        while (chain[0] !== start) chain.unshift(prev.get(chain[0]!)!);
        return [...chain, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

describe('import cycles', () => {
  it('the checker finds a loop, including one closed by a type-only import', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'test', '.cycle-probe-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
      fs.writeFileSync(path.join(dir, 'b.ts'), "import type { C } from './c';\nexport const b: C | 1 = 1;\n");
      fs.writeFileSync(path.join(dir, 'c.ts'), "export type { A } from './a';\nexport type C = 2;\n");
      fs.writeFileSync(path.join(dir, 'd.ts'), "export const d = () => import('./a');\n");
      const graph = importGraph(sourceFiles(dir));
      const cycles = cyclesOf(graph);
      expect(cycles.map((c) => c.map((f) => path.basename(f)).sort())).toEqual([['a.ts', 'b.ts', 'c.ts']]);
      expect(chainThrough(graph, cycles[0]!).map((f) => path.basename(f))).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shared/, electron/ and renderer/ import each other without a cycle', () => {
    const files = SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d)));
    expect(files.length).toBeGreaterThan(50);
    const graph = importGraph(files);
    const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');
    const chains = cyclesOf(graph).map(
      (scc) =>
        chainThrough(graph, scc).map(rel).join(' → ') +
        (scc.length > 2 ? `  (the knot: ${scc.map(rel).sort().join(', ')})` : ''),
    );
    expect(chains, `import cycles:\n${chains.join('\n')}`).toEqual([]);
  });
});
