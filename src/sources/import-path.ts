/**
 * The one import path (issue 25 item 4): an adapter's file goes through the file importers' own preview or commit
 * (src/importers/commit.ts), so validation, the container-DOI guard, duplicates, all-or-nothing commits, import
 * batches and audit are exactly a file import's. The file is written to a private temporary folder for the pass
 * and removed after it; the batch records its name and SHA-256 like an uploaded file's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { commitImport, previewImport, type ImportReport, type ImportResult } from '../importers/commit';
import type { Clock } from '../lib/clock';
import type { FetchedFile } from './types';

export interface ImportFetchedOptions {
  actor: Actor;
  projectId: string;
  file: FetchedFile;
  /** true: the preview only (nothing written); false: the commit. */
  dryRun: boolean;
  clock: Clock;
  /** Commit the valid rows and leave invalid ones out (the sources' scheduled runs do; a person chooses). */
  skipInvalid?: boolean;
}

export type ImportFetchedResult =
  { dryRun: true; report: ImportReport } | { dryRun: false; report: ImportResult };

/** Previews or commits an adapter's file through the importers. */
export async function importFetched(db: Db, o: ImportFetchedOptions): Promise<ImportFetchedResult> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-fetch-'));
  const path = join(dir, o.file.name.replace(/[^\w.-]+/g, '_'));
  try {
    await writeFile(path, o.file.content, { mode: 0o600 });
    const req = {
      actor: o.actor,
      projectId: o.projectId,
      type: o.file.type,
      format: o.file.format,
      file: { path, name: o.file.name },
      options: { ...o.file.options, today: o.clock.today() },
      clock: o.clock,
    };
    if (o.dryRun) return { dryRun: true, report: await previewImport(db, req) };
    return { dryRun: false, report: await commitImport(db, { ...req, skipInvalid: o.skipInvalid ?? false }) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rows of an import report: valid, duplicates, invalid (summed over its files). */
export function reportCounts(report: ImportReport): { valid: number; duplicates: number; invalid: number } {
  return report.files.reduce(
    (n, f) => ({
      valid: n.valid + f.valid,
      duplicates: n.duplicates + f.duplicates,
      invalid: n.invalid + f.invalid,
    }),
    { valid: 0, duplicates: 0, invalid: 0 },
  );
}
