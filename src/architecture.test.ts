/** The import graph's rules: records own validation, audit needs no plan code, src/lib depends on no domain. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

interface Edge {
  /** The importing file, relative to the repository (`src/records/x.ts`), and the line of the specifier. */
  file: string;
  line: number;
  /** The specifier as written. */
  spec: string;
  /** The imported path relative to the repository (`src/importers/cells`), for relative specifiers only. */
  target: string;
}

const posix = (p: string) => p.split(sep).join('/');
const isTest = (file: string) => /\.test\.tsx?$/.test(file);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(tsx?|mts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every static (`from '…'`, `import '…'`, `export … from '…'`) and dynamic (`import('…')`) relative import. */
export function importsOf(path: string, text: string): Edge[] {
  const info = ts.preProcessFile(text, true, true);
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;
  return info.importedFiles
    .filter((f) => f.fileName.startsWith('.'))
    .map((f) => ({
      file: posix(relative(ROOT, path)),
      line: lineOf(f.pos),
      spec: f.fileName,
      target: posix(relative(ROOT, resolve(dirname(path), f.fileName))),
    }));
}

const EDGES = sourceFiles(SRC).flatMap((p) => importsOf(p, readFileSync(p, 'utf8')));

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
const shown = (edges: Edge[]) => edges.map((e) => `${e.file}:${e.line} imports '${e.spec}'`).join('\n');

/** Imports from `from` into `to`; test files are left out when `tests` is false. */
const crossing = (from: string, to: string, tests = false) =>
  EDGES.filter((e) => under(e.file, from) && under(e.target, to) && (tests || !isTest(e.file)));

describe('the import graph', () => {
  it('finds static, re-exported and dynamic imports', () => {
    const text = [
      "import { a } from '../importers/a';",
      "export { b } from './b';",
      "import type {\n  C,\n} from '../importers/c';",
      "const d = await import('../importers/d');",
      "import 'node:fs';",
    ].join('\n');
    const edges = importsOf(join(SRC, 'records', 'x.ts'), text);
    expect(edges.map((e) => [e.target, e.line])).toEqual([
      ['src/importers/a', 1],
      ['src/records/b', 2],
      ['src/importers/c', 5],
      ['src/importers/d', 6],
    ]);
  });

  it('sees the files under src/', () => {
    expect(EDGES.length).toBeGreaterThan(500);
    expect(EDGES.some((e) => e.file === 'src/web/app.tsx')).toBe(true);
  });

  it('records import nothing from importers (records own validation; importers only read files)', () => {
    expect(shown(crossing('src/records', 'src/importers'))).toBe('');
  });

  it('audit imports nothing from projects', () => {
    expect(shown(crossing('src/audit', 'src/projects'))).toBe('');
  });

  it('src/lib imports nothing but src/lib (tests included)', () => {
    const out = EDGES.filter((e) => under(e.file, 'src/lib') && !under(e.target, 'src/lib'));
    expect(shown(out)).toBe('');
  });
});
