/** `herald jobs list|run NAME|retry ID` and `herald worker` (runs only jobs, for PostgreSQL deployments). */
import { Command } from 'commander';
import { join } from 'node:path';
import { baseUrlOf, keyFileOf, loadConfig, mailPolicyOf, type Config } from '../config';
import type { JobDeps } from '../jobs/define';
import { sourceDepsOf } from '../sources/env';
import { cliActor, CliExit, withDatabase } from './context';
import { cliIo } from './io';

/** What a runner's handlers get from the configuration (serve, worker and `jobs run` alike). */
export async function jobDepsOf(config: Config): Promise<JobDeps> {
  const [{ createMailer }, { timerSleep }] = await Promise.all([
    import('../mail/mailer'),
    import('../mail/sender'),
  ]);
  return {
    mailer: createMailer({ smtpUrl: config.SMTP_URL, from: config.SMTP_FROM }),
    mailPolicy: mailPolicyOf(config),
    filesDir: join(config.HERALD_DATA_DIR, 'files'),
    sleep: timerSleep,
    baseUrl: baseUrlOf(config),
    keyFile: keyFileOf(config),
    sources: sourceDepsOf(config),
  };
}

const when = (d: Date | null | undefined): string => (d ? d.toISOString().replace('.000Z', 'Z') : '-');
const oneLine = (s: string): string => s.split('\n')[0] ?? '';

const wholeNumber = (v: string): number => {
  if (!/^\d{1,12}$/.test(v)) throw new Error(`not a job id: ${v}`);
  return Number(v);
};

export function jobsCommands(): Command {
  const cmd = new Command('jobs').description(
    'durable jobs and the schedule: list, run one now, retry a failed one',
  );

  cmd
    .command('list')
    .description('the schedule (last and next runs per entry) and recent jobs, failures with their error')
    .option('--state <state>', 'queued | running | succeeded | failed | cancelled')
    .option('--kind <kind>', 'only this job kind')
    .option('--project <id>', 'only this project')
    .option('--limit <n>', 'how many recent jobs (default 30)', '30')
    .action(async (opts: { state?: string; kind?: string; project?: string; limit: string }) => {
      const [{ listJobs, JOB_STATES }, { scheduleStatus }, { SCHEDULES }, { systemClock }] =
        await Promise.all([
          import('../jobs/queue'),
          import('../jobs/status'),
          import('../jobs/registry'),
          import('../lib/clock'),
        ]);
      const io = cliIo();
      if (opts.state && !(JOB_STATES as readonly string[]).includes(opts.state)) {
        io.err.write(`herald: --state must be one of ${JOB_STATES.join(', ')}\n`);
        throw new CliExit(1);
      }
      await withDatabase(async (d) => {
        io.out.write('schedule (UTC):\n');
        for (const s of await scheduleStatus(d.db, { entries: SCHEDULES, clock: systemClock })) {
          if (opts.project && s.scope !== opts.project) continue;
          if (opts.kind && s.name !== opts.kind) continue;
          const last = s.lastJobId === null ? '-' : `#${s.lastJobId} ${s.lastJobState ?? '?'}`;
          io.out.write(
            `  ${s.name}${s.scope ? ` [${s.scope}]` : ''}  ${s.cron}  last due ${when(s.lastDueAt)}  next due ${when(s.nextDueAt)}  last job ${last}\n`,
          );
          if (s.lastError) io.out.write(`    error: ${oneLine(s.lastError)}\n`);
        }
        const rows = await listJobs(d.db, {
          state: opts.state as (typeof JOB_STATES)[number] | undefined,
          kind: opts.kind,
          projectId: opts.project,
          limit: Number(opts.limit) || 30,
        });
        io.out.write(`jobs (${rows.length}, newest first):\n`);
        for (const j of rows) {
          const progress =
            j.state === 'running' && j.progressTotal ? `  ${j.progressDone ?? 0}/${j.progressTotal}` : '';
          io.out.write(
            `  #${j.id}  ${j.kind}${j.projectId ? ` [${j.projectId}]` : ''}  ${j.state}  attempts ${j.attempts}/${j.maxAttempts}  created ${when(j.createdAt)}  finished ${when(j.finishedAt)}${progress}\n`,
          );
          if (j.state === 'failed' && j.lastError) io.out.write(`    error: ${oneLine(j.lastError)}\n`);
        }
      });
    });

  cmd
    .command('run')
    .description('enqueue a schedule entry or job kind now and run it to the end in this process')
    .argument('<name>', 'a schedule entry or job kind (see `herald jobs list`)')
    .option('--project <id>', 'the project, for per-project entries')
    .action(async (name: string, opts: { project?: string }) => {
      const [{ SCHEDULES, JOBS }, { enqueue, getJob }, { createRunner }, { systemClock }, { createLogger }] =
        await Promise.all([
          import('../jobs/registry'),
          import('../jobs/queue'),
          import('../jobs/runner'),
          import('../lib/clock'),
          import('../log'),
        ]);
      const io = cliIo();
      const entry = SCHEDULES.find((s) => s.name === name);
      const job = entry?.job ?? JOBS.find((j) => j.kind === name);
      if (!job) {
        io.err.write(
          `herald: no schedule entry or job kind "${name}"; known: ${[...new Set([...SCHEDULES.map((s) => s.name), ...JOBS.map((j) => j.kind)])].join(', ')}\n`,
        );
        throw new CliExit(1);
      }
      if (entry?.scope === 'project' && !opts.project) {
        io.err.write(`herald: ${name} runs per project: add --project ID\n`);
        throw new CliExit(1);
      }
      const payload = entry ? entry.payload({ projectId: opts.project }) : {};
      const config = loadConfig();
      const log = createLogger(config.LOG_LEVEL);
      const row = await withDatabase(async (d) => {
        const { id } = await enqueue(d.db, {
          job,
          payload,
          projectId: opts.project ?? null,
          createdBy: cliActor(),
          clock: systemClock,
        });
        io.out.write(`job #${id} ${job.kind} enqueued\n`);
        let shown = -1;
        const runner = createRunner({
          db: d.db,
          clock: systemClock,
          log,
          deps: await jobDepsOf(config),
          jobs: [job],
          schedules: [],
          onProgress: (j, done, total) => {
            if (j.id !== id || total <= 0) return;
            const pct = Math.floor((done / total) * 10) * 10;
            if (pct === shown) return;
            shown = pct;
            io.err.write(`${job.kind}: ${done}/${total} (${pct} %)\n`);
          },
        });
        await runner.runUntilIdle();
        return getJob(d.db, id);
      });
      if (!row) throw new CliExit(2);
      io.out.write(`job #${row.id} ${row.state} after ${row.attempts} attempt(s)\n`);
      if (row.state === 'succeeded') {
        io.out.write(`${JSON.stringify(row.result)}\n`);
        return;
      }
      if (row.lastError) io.err.write(`herald: ${oneLine(row.lastError)}\n`);
      if (row.state === 'queued')
        io.err.write(`herald: it failed and waits for a retry at ${when(row.runAt)}\n`);
      throw new CliExit(1);
    });

  cmd
    .command('retry')
    .description(
      'run a failed job again (one more attempt), now, in this process; recorded in the audit trail',
    )
    .argument('<id>', 'the job id', wholeNumber)
    .action(async (id: number) => {
      const [
        { retryJob },
        { getJob },
        { createRunner },
        { systemClock },
        { createLogger },
        { JOBS },
        { systemActor },
      ] = await Promise.all([
        import('../jobs/service'),
        import('../jobs/queue'),
        import('../jobs/runner'),
        import('../lib/clock'),
        import('../log'),
        import('../jobs/registry'),
        import('../auth/permissions'),
      ]);
      const io = cliIo();
      const config = loadConfig();
      const row = await withDatabase(async (d) => {
        const queued = await retryJob(d.db, { actor: systemActor(cliActor()), id, clock: systemClock });
        io.out.write(`job #${id} ${queued.kind} queued again\n`);
        const job = JOBS.find((j) => j.kind === queued.kind);
        if (job) {
          const runner = createRunner({
            db: d.db,
            clock: systemClock,
            log: createLogger(config.LOG_LEVEL),
            deps: await jobDepsOf(config),
            jobs: [job],
            schedules: [],
          });
          await runner.runUntilIdle();
        }
        return getJob(d.db, id);
      });
      io.out.write(`job #${id} ${row?.state ?? 'gone'}\n`);
      if (row?.state !== 'succeeded') {
        if (row?.lastError) io.err.write(`herald: ${oneLine(row.lastError)}\n`);
        throw new CliExit(1);
      }
    });

  for (const c of cmd.commands) c.exitOverride();
  return cmd;
}

export function workerCommand(): Command {
  return new Command('worker')
    .description('run only jobs and the schedule (PostgreSQL deployments with several app instances)')
    .action(async () => {
      const config = loadConfig();
      const io = cliIo();
      if (!config.DATABASE_URL) {
        io.err.write(
          'herald: with the embedded database (PGlite) `herald serve` runs the jobs itself; `herald worker` is for PostgreSQL (DATABASE_URL)\n',
        );
        throw new CliExit(1);
      }
      const [{ openDatabase }, { createLogger }, { createRunner }, { systemClock }] = await Promise.all([
        import('../db/client'),
        import('../log'),
        import('../jobs/runner'),
        import('../lib/clock'),
      ]);
      const log = createLogger(config.LOG_LEVEL);
      const database = await openDatabase({
        databaseUrl: config.DATABASE_URL,
        dataDir: config.HERALD_DATA_DIR,
        command: 'herald worker',
        onError: (err, what) => log.warn({ err }, `database: ${what}`),
      });
      await database.migrate();
      const runner = createRunner({
        db: database.db,
        clock: systemClock,
        log,
        deps: await jobDepsOf(config),
      });
      runner.start();
      io.out.write(`Herald worker ${runner.workerId} is running jobs (${database.driver})\n`);
      const stop = () => {
        void runner
          .stop()
          .then(() => database.close())
          .finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise<never>(() => {});
    });
}
