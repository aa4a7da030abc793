/**
 * Migrates one PGlite database per run and dumps it: each test file loads the dump into memory (~1 s instead of 3 s),
 * and tests of the CLI or a `herald serve` child copy the folder as their data folder (no initdb, no
 * migrations: ~6 s of CPU less per folder). The projects that use it (pglite, browser) share the one template: it is
 * made once per vitest process, removed after the last.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { fromPglite } from '../../src/db/client';
import { startPgTemplateEarly, stopUnclaimedPgTemplate } from './postgres.global';

interface SharedTemplate {
  made: Promise<{ file: string; dataDir: string }>;
  users: number;
  dir: string;
}

/** On globalThis: each project loads this module afresh, the process is the same. */
const holder = globalThis as typeof globalThis & { heraldPgliteTemplate?: SharedTemplate };

async function makeTemplate(dir: string): Promise<{ file: string; dataDir: string }> {
  // In memory (initdb on disk costs ~3 s of CPU more), then unpacked as a folder: the dump is the data folder's tar.
  const client = await PGlite.create();
  await fromPglite(client).migrate();
  const dump = await client.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const untar = spawnSync('tar', ['-xf', file, '-C', dataDir], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar -xf ${file} failed: ${untar.stderr}`);
  return { file, dataDir };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // vitest runs the projects' global setups one after another: when the postgres project runs too, its cluster's
  // initdb and migrations (other processes, mostly) start now, beside this template's, instead of after it.
  if (project.vitest.projects.some((p) => p.name === 'postgres')) startPgTemplateEarly();
  if (!holder.heraldPgliteTemplate) {
    const dir = mkdtempSync(join(tmpdir(), 'herald-pglite-'));
    holder.heraldPgliteTemplate = { dir, users: 0, made: makeTemplate(dir) };
  }
  const shared = holder.heraldPgliteTemplate;
  shared.users += 1;
  const made = await shared.made;
  project.provide('pgliteTemplate', made.file);
  project.provide('pgliteTemplateDir', made.dataDir);
  return async () => {
    await stopUnclaimedPgTemplate();
    shared.users -= 1;
    if (shared.users > 0) return;
    holder.heraldPgliteTemplate = undefined;
    rmSync(shared.dir, { recursive: true, force: true });
  };
}
