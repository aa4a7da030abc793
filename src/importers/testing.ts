/** Test helpers of the importers: a temp folder to write real-format files into, whole-file reading, zip archives. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { Db } from '../db/client';
import { createRunner } from '../jobs/runner';
import { systemClock } from '../lib/clock';
import { createLogger } from '../log';
import type { RecordType } from '../plan/schema';
import type { RecordOutputs } from '../records/schema';
import { collectRows, parseFile } from './index';
import { importCommitJob } from './jobs';
import type { ImportFormat, ImportOptions, ImportSummary } from './types';
import type { ValidationContext } from '../records/apply-context';
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

/** A zip archive of `entries` (deflated unless `stored`), for upload tests; `size` overrides the declared size. */
export function zipOf(
  entries: readonly { name: string; data: string | Buffer; stored?: boolean; size?: number }[],
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const packed = e.stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(e.name, 'utf8');
    const header = (central: boolean) => {
      const h = Buffer.alloc(central ? 46 : 30);
      h.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, 0);
      const base = central ? 6 : 4;
      if (central) h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, base);
      h.writeUInt16LE(0x800, base + 2);
      h.writeUInt16LE(e.stored ? 0 : 8, base + 4);
      h.writeUInt32LE(packed.length, base + 14);
      h.writeUInt32LE(e.size ?? raw.length, base + 18);
      h.writeUInt16LE(name.length, base + 22);
      if (central) h.writeUInt32LE(offset, 42);
      return h;
    };
    centrals.push(header(true), name);
    const local = Buffer.concat([header(false), name, packed]);
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, central, end]);
}

/** Runs the queued import commit jobs to their end (what the runner of `herald serve` does); returns how many ran. */
export function runImportJobs(db: Db): Promise<number> {
  return createRunner({
    db,
    clock: systemClock,
    log: createLogger('silent'),
    deps: {},
    jobs: [importCommitJob],
    schedules: [],
  }).runUntilIdle();
}
