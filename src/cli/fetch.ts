/**
 * `herald fetch SOURCE --project ID [--dry-run]`: runs a configured live source now (src/sources/run-service.ts,
 * trigger `cli`), prints what was asked and each item's status, then the import's report like `herald import`
 * (duplicates, invalid rows, the summary line). A dry run writes nothing but its run record. Exit 1 when the run
 * failed or partly failed (its message says why and when to retry), 0 otherwise.
 */
import { Command } from 'commander';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { AdapterMap } from '../sources/registry';
import type { SourceDeps } from '../sources/env';
import { SOURCE_IDS } from '../sources/types';
import { CliExit, cliActor, withDatabase } from './context';
import { counted, printReport, summaryLine, type Output } from './import';
import { cliIo } from './io';

export interface FetchCommandOptions {
  project: string;
  source: string;
  dryRun?: boolean;
  keyFile: string;
  deps?: SourceDeps;
  adapters?: AdapterMap;
}

/** Runs one source and prints its run; returns the exit code. */
export async function runFetch(db: Db, o: FetchCommandOptions, io: Output): Promise<number> {
  const [{ runSource }, { systemActor }, { systemClock }] = await Promise.all([
    import('../sources/run-service'),
    import('../auth/permissions'),
    import('../lib/clock'),
  ]);
  const { run, report } = await runSource(db, {
    projectId: o.project,
    source: o.source,
    trigger: 'cli',
    dryRun: o.dryRun ?? false,
    actor: systemActor(cliActor()),
    clock: systemClock,
    keyFile: o.keyFile,
    ...(o.deps ? { deps: o.deps } : {}),
    ...(o.adapters ? { adapters: o.adapters } : {}),
  });
  const items = (run.details as { items?: { id: string; status: string; message?: string }[] } | null)?.items;
  for (const i of items ?? [])
    (i.status === 'found' ? io.out : io.err)(
      `${o.source}: ${i.id}: ${i.status.replace(/_/g, ' ')}${i.message ? `: ${i.message}` : ''}`,
    );
  if (run.items > (items?.length ?? 0))
    io.out(`${o.source}: … and ${counted(run.items - (items?.length ?? 0), 'more item')}`);
  const label = `${o.source}-${run.id}`;
  if (report) printReport(label, report, io);
  const status = `run ${run.id}: ${run.status}${run.errorCode ? ` (${run.errorCode.replace(/_/g, ' ')})` : ''}`;
  const message = run.message ? `: ${run.message}` : '';
  const retry = run.retryAt ? `; retry after ${run.retryAt.toISOString()}` : '';
  (run.status === 'ok' ? io.out : io.err)(`${status}${message}${retry}`);
  if (run.dryRun) {
    io.out(`dry run: nothing written; an import would add ${counted(run.imported, 'record')}`);
    io.out(summaryLine(0, run));
  } else io.out(summaryLine(run.imported, run));
  return run.status === 'ok' ? 0 : 1;
}

const optionsSchema = z.object({
  project: z.string().min(1),
  dryRun: z.boolean().optional(),
});

export function fetchCommand(): Command {
  return new Command('fetch')
    .description(
      'run a configured live source now (Zenodo, Matomo, Plausible, Umami, YouTube statistics; OpenAIRE suggestions) ' +
        'and import what it answers like a file; --dry-run previews it',
    )
    .argument('<source>', `the source: ${SOURCE_IDS.join(', ')}`)
    .requiredOption('--project <id>', 'project id (e.g. m-sec)')
    .option('--dry-run', 'fetch and check, and report what an import would do; write nothing')
    .action(async (source: string, raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        for (const i of parsed.error.issues) cliIo().err.write(`--${String(i.path[0])}: ${i.message}\n`);
        throw new CliExit(1);
      }
      if (!(SOURCE_IDS as readonly string[]).includes(source)) {
        cliIo().err.write(`${source}: unknown source (known: ${SOURCE_IDS.join(', ')})\n`);
        throw new CliExit(1);
      }
      const [{ keyFileOf, loadConfig }, { sourceDepsOf }] = await Promise.all([
        import('../config'),
        import('../sources/env'),
      ]);
      const config = loadConfig();
      const code = await withDatabase((d) =>
        runFetch(
          d.db,
          { ...parsed.data, source, keyFile: keyFileOf(config), deps: sourceDepsOf(config) },
          { out: (l) => cliIo().out.write(`${l}\n`), err: (l) => cliIo().err.write(`${l}\n`) },
        ),
      );
      if (code !== 0) throw new CliExit(code);
    });
}
