/**
 * File arguments with wildcards (`exports/*.csv`, `data/**\/*.bib`), expanded here so quoted patterns work on every
 * shell: `*` and `?` within a name (not a leading dot), `[abc]` sets, `**` for any depth of folders (symlinked
 * folders are not followed). Node 20 has no fs.globSync.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { userPath } from './io';

const MAGIC = /[*?[]/;

/** True when a path has wildcards. */
export const isPattern = (path: string): boolean => MAGIC.test(path);

/** A regular expression of one name pattern (`*.csv`, `export-??.csv`, `[ab].csv`). */
export function namePattern(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        out += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
        i = end;
      }
    } else out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

async function entries(dir: string): Promise<{ name: string; dir: boolean }[]> {
  try {
    // Relative to the command's folder (the forwarding terminal's, in a running server).
    const list = await readdir(userPath(dir || '.'), { withFileTypes: true });
    return list.map((e) => ({ name: e.name, dir: e.isDirectory() }));
  } catch {
    return [];
  }
}

/** Paths under `base` matching the pattern `parts` (split on `/`). */
async function walk(base: string, parts: readonly string[]): Promise<string[]> {
  const [head, ...rest] = parts;
  if (head === undefined) return [base];
  if (head === '**') {
    const here = await walk(base, rest);
    const deeper = await Promise.all(
      (await entries(base))
        .filter((e) => e.dir && !e.name.startsWith('.'))
        .map((e) => walk(join(base, e.name), parts)),
    );
    return [...here, ...deeper.flat()];
  }
  if (!isPattern(head)) return rest.length === 0 ? [join(base, head)] : walk(join(base, head), rest);
  const re = namePattern(head);
  const matched = (await entries(base)).filter(
    (e) =>
      re.test(e.name) && (!e.name.startsWith('.') || head.startsWith('.')) && (rest.length === 0 || e.dir),
  );
  const found = await Promise.all(matched.map((e) => walk(join(base, e.name), rest)));
  return found.flat();
}

/** The files a pattern names, sorted; a path without wildcards is returned as it is. */
export async function expandPattern(pattern: string): Promise<string[]> {
  if (!isPattern(pattern)) return [pattern];
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  const first = parts.findIndex((p) => isPattern(p));
  const fixed = parts.slice(0, first);
  const base = absolute ? `/${fixed.filter((p) => p !== '').join('/')}` : fixed.join('/');
  const found = await walk(base, parts.slice(first));
  return [...new Set(found)].sort();
}

/** Every argument expanded, in order, without repeats; `unmatched` lists the patterns that named no file. */
export async function expandPaths(
  args: readonly string[],
): Promise<{ paths: string[]; unmatched: string[] }> {
  const paths: string[] = [];
  const unmatched: string[] = [];
  for (const arg of args) {
    const found = await expandPattern(arg);
    if (found.length === 0) unmatched.push(arg);
    for (const p of found) if (!paths.includes(p)) paths.push(p);
  }
  return { paths, unmatched };
}
