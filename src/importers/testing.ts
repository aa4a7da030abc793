/** Test helpers of the importers: a temp folder to write real-format files into, and whole-file reading. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordType } from '../plan/schema';
import type { RecordOutputs } from '../records/schema';
import { collectRows, parseFile } from './index';
import type { ImportFormat, ImportOptions, ImportSummary, ValidationContext } from './types';
import type { ValidatedRow } from './validate';

/** A temp folder for one test file; `cleanup()` removes it. */
export function tempDir(): {
  path: (name: string) => string;
  write: (name: string, data: string | Buffer) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'herald-import-'));
  return {
    path: (name) => join(dir, name),
    write: (name, data) => {
      const file = join(dir, name);
      writeFileSync(file, data);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Parses and validates a whole file. */
export async function importAll<T extends RecordType>(
  path: string,
  type: T,
  ctx: ValidationContext,
  options: ImportOptions = {},
  format?: ImportFormat,
): Promise<{ rows: ValidatedRow<RecordOutputs[T]>[]; summary: ImportSummary }> {
  const parsed = await parseFile({ path, type, options, ...(format ? { format } : {}) });
  return collectRows(parsed, type, ctx);
}
