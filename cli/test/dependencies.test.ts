import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The parts, innermost first: a part may import only from parts before it (README, Layout). */
const PARTS = [
  { name: 'contract library', dir: 'contract/src', may: [] as string[] },
  { name: 'reference server', dir: 'reference-server/src', may: ['contract/src'] },
  { name: 'conformance kit', dir: 'conformance/src', may: ['contract/src'] },
  { name: 'CLI', dir: 'cli', may: ['contract/src', 'reference-server/src', 'conformance/src'] },
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir))) {
    const path = join(dir, entry);
    if (statSync(join(ROOT, path)).isDirectory()) {
      if (entry !== 'test') out.push(...sources(path));
    } else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Relative imports of a file (static import/export, type-only included, and dynamic `import('…')`), as repository paths of .ts files. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [
    ...[...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1]!),
    ...[...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1]!),
  ];
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).replace(/\.js$/, '.ts'));
}

const partOf = (file: string) => PARTS.find((p) => file.startsWith(`${p.dir}/`));
const files = PARTS.flatMap((p) => sources(p.dir));

describe('dependencies point one way: contract library ← reference server, conformance kit ← CLI', () => {
  it.each(PARTS.map((p) => [p.name, p] as const))('the %s imports only from the parts it may', (_name, part) => {
    const wrong = files
      .filter((f) => partOf(f) === part)
      .flatMap((f) => importsOf(f).map((to) => ({ from: f, to, toPart: partOf(to) })))
      .filter(({ toPart }) => toPart !== undefined && toPart !== part && !part.may.includes(toPart.dir))
      .map(({ from, to }) => `${from} → ${to}`);
    expect(wrong).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('has no import cycle between rooms: a sub-folder of a part counts as one room, as a reader sees it', () => {
    // A file at a part's top level is its own room; a sub-folder (conformance/src/checks/) is one room. A file
    // that imports a folder's files and is imported by them is a back arrow even when no file cycle exists.
    const roomOf = (file: string): string => {
      const part = partOf(file);
      const rest = part ? file.slice(part.dir.length + 1) : file;
      const slash = rest.indexOf('/');
      return part ? `${part.dir}/${slash < 0 ? rest : rest.slice(0, slash + 1)}` : file;
    };
    const edges = new Map<string, Set<string>>();
    for (const f of files)
      for (const t of importsOf(f).filter((t) => files.includes(t)))
        if (roomOf(f) !== roomOf(t)) edges.set(roomOf(f), (edges.get(roomOf(f)) ?? new Set()).add(roomOf(t)));
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      [...(edges.get(from) ?? [])].some((n) => n === to || (!seen.has(n) && seen.add(n) && reaches(n, to, seen)));
    const backArrows = [...edges].flatMap(([from, tos]) =>
      [...tos].filter((to) => reaches(to, from)).map((to) => `${from} → ${to}`),
    );
    expect(backArrows).toEqual([]);
  });

  it('sees the imports it judges (the test is not vacuous)', () => {
    expect(importsOf('cli/commands/index.ts')).toContain('cli/commands/conformance.ts');
    expect(files.length).toBeGreaterThan(40);
  });
});
