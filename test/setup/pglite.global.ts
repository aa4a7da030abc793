/**
 * Migrates one PGlite database and dumps it: each test file loads the dump into memory (~1 s instead of 3 s),
 * and tests of the CLI or a `herald serve` child copy the folder as their data folder (no initdb, no
 * migrations: ~6 s of CPU less per folder). The projects that use it (pglite, browser) share the one template.
 * It is kept in the system's temporary folder under a key of the migrations and PGlite's and drizzle's versions, so the next vitest
 * run (`npm test` runs two when Debian packages are still installing) reuses it instead of migrating again; a change
 * to either makes a new one. Made in a folder of its own and renamed into place: runs side by side never see half.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { fromPglite, migrationsFolder } from '../../src/db/client';
import { startPgTemplateEarly, stopUnclaimedPgTemplate } from './postgres.global';

interface SharedTemplate {
  made: Promise<{ file: string; dataDir: string }>;
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

/** The key of a template: every migration file's bytes, PGlite's and drizzle's versions. */
function templateKey(): string {
  const h = createHash('sha256');
  for (const dep of ['@electric-sql/pglite', 'drizzle-orm']) {
    const pkg = JSON.parse(
      readFileSync(new URL(`../../node_modules/${dep}/package.json`, import.meta.url), 'utf8'),
    ) as { version: string };
    h.update(`${dep} ${pkg.version}\n`);
  }
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, name.name);
      if (name.isDirectory()) walk(path);
      else h.update(`${path}\n`).update(readFileSync(path));
    }
  };
  walk(migrationsFolder);
  return h.digest('hex').slice(0, 16);
}

/** The cached template for these migrations, made when missing. */
async function cachedTemplate(): Promise<{ file: string; dataDir: string }> {
  const dir = join(tmpdir(), `herald-pglite-template-${templateKey()}`);
  const made = { file: join(dir, 'template.tar'), dataDir: join(dir, 'data') };
  if (existsSync(join(dir, 'complete'))) return made;
  const work = mkdtempSync(join(tmpdir(), 'herald-pglite-'));
  await makeTemplate(work);
  writeFileSync(join(work, 'complete'), '');
  try {
    renameSync(work, dir);
  } catch {
    // Another run put its template there first: the same bytes.
    rmSync(work, { recursive: true, force: true });
  }
  return made;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // vitest runs the projects' global setups one after another: when the postgres project runs too, its cluster's
  // initdb and migrations (other processes, mostly) start now, beside this template's, instead of after it.
  if (project.vitest.projects.some((p) => p.name === 'postgres')) startPgTemplateEarly();
  holder.heraldPgliteTemplate ??= { made: cachedTemplate() };
  const made = await holder.heraldPgliteTemplate.made;
  project.provide('pgliteTemplate', made.file);
  project.provide('pgliteTemplateDir', made.dataDir);
  return async () => {
    await stopUnclaimedPgTemplate();
  };
}
