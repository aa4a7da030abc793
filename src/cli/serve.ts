/** `herald serve`: migrates, imports the default plan on first start, and serves the web app. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { Logger } from 'pino';
import { baseUrlOf, keyFileOf, loadConfig, pgliteMemoryOf } from '../config';
import { parseSiteHosts } from '../site/hosts';
import type { Database } from '../db/client';
import type { JobDeps } from '../jobs/define';

export const defaultPlanPath = fileURLToPath(new URL('../../plans/m-sec.yaml', import.meta.url));

export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'serve the web app (PORT, default 3000; PGlite in HERALD_DATA_DIR unless DATABASE_URL is set)',
    )
    .option('--port <port>', 'port to listen on (overrides PORT)')
    .option('--host <host>', 'address to listen on (overrides HOST)')
    .option('--no-jobs', 'do not run jobs and the schedule in this process (a `herald worker` runs them)')
    .action(async (opts: { port?: string; host?: string; jobs: boolean }) => {
      const config = loadConfig();
      const [{ openDatabase }, { createLogger }] = await Promise.all([
        import('../db/client'),
        import('../log'),
      ]);
      const log = createLogger(config.LOG_LEVEL);
      // PGlite compiles its WASM and opens the folder while the web stack loads (loaded here so that quick commands,
      // plan check or --help, do not pay for it): the two overlap instead of adding up.
      const opening = openDatabase({
        databaseUrl: config.DATABASE_URL,
        dataDir: config.HERALD_DATA_DIR,
        command: 'herald serve',
        pglite: pgliteMemoryOf(config),
        // PostgreSQL: every Herald process's writes are heard, so sessions and dashboard keys are reused in memory.
        listen: true,
        // A lost PostgreSQL connection is logged and survived (src/db/client.ts), never the end of the process.
        onError: (err, what) => log.warn({ err }, `database: ${what}`),
      });
      // A failed open (the folder's lock) is reported by `await opening` below, not as an unhandled rejection.
      opening.catch(() => {});
      const [
        { serve },
        { listProjects },
        { importPlanFile },
        { createApp },
        { recoverOnStart },
        { isMigrated },
        { issueFirstStartLink },
        { jobDepsOf },
        { releaseOrphanedMail },
      ] = await Promise.all([
        import('@hono/node-server'),
        import('../projects/repository'),
        import('../projects/service'),
        import('../web/app'),
        import('../importers/pending'),
        import('./context'),
        import('../auth/links'),
        import('./jobs'),
        import('../mail/queue'),
      ]);
      const database = await opening;
      // The migrator reads and hashes every migration in a transaction: only when one is missing.
      if (!(await isMigrated(database))) await database.migrate();
      const aborted = await recoverOnStart(database);
      if (aborted.length > 0)
        log.warn({ batches: aborted }, 'aborted imports a stopped process left unfinished');
      if (database.driver === 'pglite' && (await releaseOrphanedMail(database.db)) > 0)
        log.warn('mail a stopped process was sending goes out again (at least once)');
      const planFile = config.HERALD_DEFAULT_PLAN ?? defaultPlanPath;
      if ((await listProjects(database.db)).length === 0 && existsSync(planFile)) {
        const r = await importPlanFile(database.db, { file: planFile, actor: 'system:first-start' });
        log.info({ project: r.projectId, file: planFile }, 'imported the default plan on first start');
      }
      const port = opts.port !== undefined ? Number(opts.port) : config.PORT;
      const hostname = opts.host ?? config.HOST;
      const baseUrl = baseUrlOf({ ...config, PORT: port, HOST: hostname });
      const setupLink = await issueFirstStartLink({ db: database.db, baseUrl });
      if (setupLink) {
        process.stdout.write(
          `No administrator yet. Create the first one with this one-time link:\n  ${setupLink}\n`,
        );
      }
      const jobDeps = { ...(await jobDepsOf(config)), baseUrl };
      const { mailer } = jobDeps;
      // Requests that enqueue work wake the in-process runner (started below) instead of waiting for its next beat.
      const jobs = { wake: () => {} };
      const app = createApp({
        database,
        log,
        mailer,
        baseUrl,
        trustProxy: config.HERALD_TRUST_PROXY,
        jobs,
        keyFile: keyFileOf(config),
        bench: config.HERALD_BENCH,
        siteHosts: parseSiteHosts(config.HERALD_SITE_HOSTS),
        siteCacheBytes: config.HERALD_SITE_CACHE_MB * 1024 * 1024,
        sources: jobDeps.sources,
      });
      // PGlite: this process holds the data folder; CLI commands on it are forwarded here (src/cli/forward.ts).
      const commands =
        database.driver === 'pglite'
          ? await (
              await import('./command-socket')
            )
              .listenForCommands({
                dataDir: config.HERALD_DATA_DIR,
                database,
                onError: (err) => log.error({ err }, 'a forwarded CLI command failed'),
              })
              .catch((err: unknown) => {
                log.warn({ err }, 'CLI commands cannot reach this server (no socket in the data folder)');
                return undefined;
              })
          : undefined;
      const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
        process.stdout.write(
          `Herald is serving http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${info.port}/ (${database.driver})\n`,
        );
      });
      // Jobs and the schedule (src/jobs/registry.ts: hourly audit head signing, recovery of abandoned imports, …)
      // run in this process unless --no-jobs; heads are also signed once now.
      const runner = opts.jobs ? await startJobs({ database, log, deps: jobDeps }) : undefined;
      if (runner) jobs.wake = () => runner.wake();
      const stop = () => {
        void commands?.close();
        server.close();
        void (runner?.stop() ?? Promise.resolve())
          .then(() => database.close())
          .finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise<never>(() => {});
    });
}

/** Starts the in-process runner and enqueues one signing of the moved audit heads now. */
async function startJobs(opts: {
  database: Database;
  log: Logger;
  deps: JobDeps;
}): Promise<{ stop(): Promise<void>; wake(): void }> {
  const [{ createRunner }, { enqueue }, { signHeadsJob }, { systemClock }] = await Promise.all([
    import('../jobs/runner'),
    import('../jobs/queue'),
    import('../audit/jobs'),
    import('../lib/clock'),
  ]);
  await enqueue(opts.database.db, {
    job: signHeadsJob,
    payload: {},
    createdBy: 'system',
    clock: systemClock,
  });
  const runner = createRunner({ db: opts.database.db, clock: systemClock, log: opts.log, deps: opts.deps });
  runner.start();
  return runner;
}
