/**
 * `herald export --project ID --format backup [--out FILE]` and `herald restore FILE [--replace]`: one project's
 * backup archive (docs/BACKUP.md). `export` takes a format so that other whole-project formats can join `backup`.
 * Progress on stderr (a bar on a terminal, else a line per further 25 % of each phase). On PGlite a running server
 * runs them (forwarded, src/cli/forward.ts): paths resolve against the terminal's folder.
 */
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { BackupProgress } from '../backup/export';
import { cliActor, withDatabase } from './context';
import { cliIo, userPath } from './io';

const PHASES: Record<BackupProgress['phase'], string> = {
  tables: 'rows   ',
  files: 'files  ',
  archive: 'archive',
};

/** A cli-progress bar per phase on a terminal, else a line at every further 25 % of a phase. */
async function progress(): Promise<{ update(p: BackupProgress): void; stop(): void }> {
  const stderr = cliIo().err;
  if (stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
    let phase: string | undefined;
    return {
      update(p) {
        if (p.phase !== phase) {
          bar?.stop();
          phase = p.phase;
          bar = new cliProgress.SingleBar(
            {
              stream: stderr as NodeJS.WritableStream,
              format: `${PHASES[p.phase]} |{bar}| {value}/{total}`,
              hideCursor: true,
              clearOnComplete: false,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(Math.max(p.total, 1), 0);
        }
        bar?.update(p.done);
      },
      stop: () => bar?.stop(),
    };
  }
  let phase: string | undefined;
  let next = 0;
  return {
    update(p) {
      if (p.phase !== phase) {
        phase = p.phase;
        next = 0;
      }
      const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
      if (pct < next) return;
      next = Math.floor(pct / 25) * 25 + 25;
      stderr.write(`${PHASES[p.phase].trim()}: ${p.done} of ${p.total} (${pct}%)\n`);
    },
    stop() {},
  };
}

async function filesDir(): Promise<string> {
  const { loadConfig } = await import('../config');
  return join(loadConfig().HERALD_DATA_DIR, 'files');
}

interface ExportOpts {
  project: string;
  format: 'backup';
  out?: string;
}

export function exportCommand(): Command {
  return new Command('export')
    .description('export a whole project to a file: --format backup writes its restorable archive')
    .requiredOption('--project <id>', 'project id (e.g. m-sec)')
    .addOption(new Option('--format <format>', 'what to write').choices(['backup']).makeOptionMandatory())
    .option('--out <file>', 'the file to write (default: <project>.herald-backup.tar here)')
    .action(async (opts: ExportOpts) => {
      const [{ exportBackup }, { systemActor }] = await Promise.all([
        import('../backup/export'),
        import('../auth/permissions'),
      ]);
      const out = userPath(opts.out ?? `${opts.project}.herald-backup.tar`);
      const bar = await progress();
      const dir = await filesDir();
      try {
        const r = await withDatabase((d) =>
          exportBackup(d.db, {
            actor: systemActor(cliActor()),
            projectId: opts.project,
            out,
            filesDir: dir,
            onProgress: (p) => bar.update(p),
          }),
        );
        bar.stop();
        const rows = r.manifest.tables.reduce((n, t) => n + t.rows, 0);
        cliIo().out.write(
          `backup of ${opts.project} written to ${out}: ${rows} rows, ${r.manifest.files.length} files, ${r.bytes} bytes, sha256 ${r.sha256}\n`,
        );
      } finally {
        bar.stop();
      }
    });
}

export function restoreCommand(): Command {
  return new Command('restore')
    .description(
      'restore a project from a backup archive (refused when the project exists, unless --replace)',
    )
    .argument('<file>', 'the archive written by `herald export --format backup`')
    .option('--replace', 'replace the project when it exists here (its rows are deleted first; audited)')
    .action(async (file: string, opts: { replace?: boolean }) => {
      const [{ restoreBackup }, { systemActor }] = await Promise.all([
        import('../backup/restore'),
        import('../auth/permissions'),
      ]);
      const bar = await progress();
      const dir = await filesDir();
      try {
        const r = await withDatabase((d) =>
          restoreBackup(d.db, {
            actor: systemActor(cliActor()),
            file: userPath(file),
            replace: opts.replace === true,
            filesDir: dir,
            onProgress: (p) => bar.update(p),
          }),
        );
        bar.stop();
        cliIo().out.write(
          `project ${r.project} ${r.replaced ? 'replaced' : 'restored'}: ${r.rows} rows, ${r.files} files; ` +
            `accounts: ${r.usersCreated} created without a password, ${r.usersMatched} matched to existing ones\n`,
        );
      } finally {
        bar.stop();
      }
    });
}
