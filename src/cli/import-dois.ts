/**
 * `herald import dois.txt --project ID --type publication`: a file whose lines are all DOIs (after blank lines and
 * `#` comments) is a DOI list. Each DOI is looked up (Crossref, then DataCite: src/sources/doi), its status printed
 * (`FILE: DOI: found at crossref: Title`, `… not found`, `… network down: will retry later (…)`), and the found
 * publications go through the usual import (its output, its exit code). Exit 2 when that import went through but
 * not every DOI was imported because a DOI was not found or could not be asked (network down, rate limited, service
 * error): run it again later; the duplicates it then meets are left out.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../db/client';
import { isAppError } from '../errors';
import { cliActor } from './context';
import type { ImportCommandOptions, Output } from './import';
import { userPath } from './io';

/** A DOI list is small: a larger file is not taken for one. */
const MAX_LIST_BYTES = 256 * 1024;

/** Exit code of a DOI import that left DOIs out (not found, or not answered). */
export const SOME_DOIS_LEFT = 2;

/** Whether the file is a DOI list (small, text, every line a DOI, a blank or a comment). */
export async function isDoiListFile(path: string): Promise<boolean> {
  try {
    if ((await stat(userPath(path))).size > MAX_LIST_BYTES) return false;
    const { isDoiList } = await import('../sources/doi/lookup');
    return isDoiList(await readFile(userPath(path), 'utf8'));
  } catch {
    return false;
  }
}

const STATUS_TEXT: Record<string, string> = {
  not_found: 'not found',
  unauthorized: 'credentials refused',
  client_error: 'request refused',
  rate_limited: 'rate limited: will retry later',
  server_error: 'service error: will retry later',
  network: 'network down: will retry later',
  malformed: 'unreadable answer',
};

/** Looks the DOIs of `file` up, prints each status, imports the found ones; returns the exit code. */
export async function runDoiImport(
  db: Db,
  file: string,
  opts: ImportCommandOptions,
  io: Output,
): Promise<number> {
  const [
    { parseDoiList },
    { lookupForProject },
    { loadConfig },
    { sourceDepsOf },
    { systemActor },
    clockMod,
  ] = await Promise.all([
    import('../sources/doi/lookup'),
    import('../sources/doi/service'),
    import('../config'),
    import('../sources/env'),
    import('../auth/permissions'),
    import('../lib/clock'),
  ]);
  const { runImport } = await import('./import');
  let list;
  try {
    list = parseDoiList(await readFile(userPath(file), 'utf8'));
  } catch (e) {
    if (!isAppError(e)) throw e;
    for (const d of e.details) io.err(`${file}: ${d.message}`);
    return 1;
  }
  for (const r of list.repeated)
    io.err(`${file}:${r.line}: note: repeats the DOI ${r.doi} of line ${r.first}: looked up once`);
  const clock = clockMod.systemClock;
  const lookup = await lookupForProject(db, {
    actor: systemActor(cliActor()),
    projectId: opts.project,
    dois: list.dois,
    ...(opts.partner ? { partner: opts.partner } : {}),
    clock,
    deps: sourceDepsOf(loadConfig()),
  });
  for (const i of lookup.items)
    if (i.status === 'found')
      io.out(`${file}: ${i.id}: found at ${i.agency}${i.title ? `: ${i.title}` : ''}`);
    else
      io.err(
        `${file}: ${i.id}: ${STATUS_TEXT[i.status] ?? i.status}${i.retryAt ? ` (try again after ${i.retryAt.toISOString()})` : ''}`,
      );
  const left = lookup.items.filter((i) => i.status !== 'found').length;
  let code = 0;
  if (lookup.file) {
    const dir = await mkdtemp(join(tmpdir(), 'herald-dois-'));
    try {
      const path = join(dir, lookup.file.name);
      await writeFile(path, lookup.file.content, { mode: 0o600 });
      code = await runImport(
        db,
        [path],
        { ...opts, format: 'csl-json', names: [`${file} (${lookup.file.name})`] },
        io,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else io.out(`${file}: nothing found: nothing to import`);
  if (left > 0)
    io.err(
      `${file}: ${left} of ${lookup.items.length} DOIs not imported (not found, or not answered: run it again later)`,
    );
  return code !== 0 ? code : left > 0 ? SOME_DOIS_LEFT : 0;
}
