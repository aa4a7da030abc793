/**
 * `herald verify REPORT_FILE [--manifest FILE] [--offline]`: checks a submitted report's file. Offline (the
 * manifest given): the file's sha256 is one the manifest names, the Ed25519 signature, the key fingerprint, the
 * Merkle root. With the database at hand (DATABASE_URL, or an existing HERALD_DATA_DIR) it finds the manifest by the
 * file's sha256 when none is given, and names every record behind a figure that changed or was deleted since
 * submission. Exit 0 when everything holds, 1 otherwise.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { Db } from '../db/client';
import { CliExit, withDatabase } from './context';
import { cliIo } from './io';

interface VerifyOpts {
  manifest?: string;
  offline?: boolean;
}

/** Whether a database is configured here: DATABASE_URL, or a data folder that exists. */
async function databaseAtHand(): Promise<boolean> {
  const { loadConfig } = await import('../config');
  const config = loadConfig();
  return config.DATABASE_URL !== undefined || existsSync(config.HERALD_DATA_DIR);
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description('check a submitted report file: sha256, signature, Merkle root, and records changed since')
    .argument('<file>', 'the report file (DOCX, HTML or PDF) as submitted')
    .option(
      '--manifest <file>',
      'the evidence manifest (JSON); default: found in the database by the file’s sha256',
    )
    .option('--offline', 'do not open the database (needs --manifest)')
    .action(async (file: string, opts: VerifyOpts) => {
      const v = await import('../reports/verify');
      const out = cliIo().out;
      const bytes = new Uint8Array(await readFile(file));
      const useDb = !opts.offline && (await databaseAtHand());
      if (!opts.manifest && !useDb) {
        cliIo().err.write(
          'herald: give --manifest FILE, or run where the database is (DATABASE_URL or HERALD_DATA_DIR)\n',
        );
        throw new CliExit(1);
      }
      const check = async (db: Db | null): Promise<boolean> => {
        const { sha256Hex } = await import('../reports/manifest');
        const manifest = opts.manifest
          ? v.parseManifest(await readFile(opts.manifest, 'utf8'), opts.manifest)
          : await v.manifestByFileSha(db as Db, sha256Hex(bytes));
        if (!manifest) {
          out.write(`FAIL  no submitted report holds a file with sha256 ${sha256Hex(bytes)}\n`);
          return false;
        }
        const r = v.verifyOffline(bytes, manifest);
        const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');
        out.write(
          `${mark(r.file !== null)}  file sha256 ${r.fileSha256}${r.file ? ` (the manifest's ${r.file.format}: ${r.file.fileName})` : ' is not in the manifest'}\n`,
        );
        out.write(`${mark(r.signature)}  Ed25519 signature of the manifest (key ${manifest.key.keyId})\n`);
        out.write(`${mark(r.fingerprintMatches)}  key fingerprint ${r.fingerprint || '(unreadable key)'}\n`);
        out.write(
          `${mark(r.rootMatches)}  Merkle root ${manifest.merkle.root} over ${manifest.figures.length} figures\n`,
        );
        let ok = r.ok;
        if (db) {
          const changes = await v.changedRecords(db, manifest);
          const total = new Set(manifest.figures.flatMap((f) => f.records.map((x) => `${x.kind}:${x.id}`)))
            .size;
          out.write(
            `${mark(changes.length === 0)}  ${total - changes.length} of ${total} records unchanged since submission\n`,
          );
          for (const c of changes)
            out.write(`        ${c.kind} ${c.id} ${c.state} (behind ${c.figures.join(', ')})\n`);
          ok = ok && changes.length === 0;
        } else {
          out.write('      records not checked (no database)\n');
        }
        out.write(ok ? 'verified\n' : 'NOT verified\n');
        return ok;
      };
      const ok = useDb ? await withDatabase((d) => check(d.db), { migrate: false }) : await check(null);
      if (!ok) throw new CliExit(1);
    });
}
