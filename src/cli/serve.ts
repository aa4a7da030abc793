/** `herald serve`: migrates, imports the default plan on first start, and serves the web app. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { baseUrlOf, keyFileOf, loadConfig } from '../config';

export const defaultPlanPath = fileURLToPath(new URL('../../plans/m-sec.yaml', import.meta.url));

export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'serve the web app (PORT, default 3000; PGlite in HERALD_DATA_DIR unless DATABASE_URL is set)',
    )
    .option('--port <port>', 'port to listen on (overrides PORT)')
    .option('--host <host>', 'address to listen on (overrides HOST)')
    .action(async (opts: { port?: string; host?: string }) => {
      // Loaded here so that quick commands (plan check, --help) do not pay for the web stack.
      const [
        { serve },
        { openDatabase },
        { createLogger },
        { listProjects },
        { importPlanFile },
        { createApp },
      ] = await Promise.all([
        import('@hono/node-server'),
        import('../db/client'),
        import('../log'),
        import('../projects/repository'),
        import('../projects/service'),
        import('../web/app'),
      ]);
      const config = loadConfig();
      const log = createLogger(config.LOG_LEVEL);
      const database = await openDatabase({
        databaseUrl: config.DATABASE_URL,
        dataDir: config.HERALD_DATA_DIR,
        command: 'herald serve',
        // A lost PostgreSQL connection is logged and survived (src/db/client.ts), never the end of the process.
        onError: (err, what) => log.warn({ err }, `database: ${what}`),
      });
      await database.migrate();
      const { recoverOnStart, recoverPeriodically } = await import('../importers/pending');
      const aborted = await recoverOnStart(database);
      if (aborted.length > 0)
        log.warn({ batches: aborted }, 'aborted imports a stopped process left unfinished');
      const stopRecovery = recoverPeriodically(database.db, {
        onError: (err) => log.error({ err }, 'clean-up of abandoned imports failed'),
      });
      const planFile = config.HERALD_DEFAULT_PLAN ?? defaultPlanPath;
      if ((await listProjects(database.db)).length === 0 && existsSync(planFile)) {
        const r = await importPlanFile(database.db, { file: planFile, actor: 'system:first-start' });
        log.info({ project: r.projectId, file: planFile }, 'imported the default plan on first start');
      }
      const port = opts.port !== undefined ? Number(opts.port) : config.PORT;
      const hostname = opts.host ?? config.HOST;
      const [{ issueFirstStartLink }, { createMailer }] = await Promise.all([
        import('../auth/links'),
        import('../mail/mailer'),
      ]);
      const baseUrl = baseUrlOf({ ...config, PORT: port, HOST: hostname });
      const setupLink = await issueFirstStartLink({ db: database.db, baseUrl });
      if (setupLink) {
        process.stdout.write(
          `No administrator yet. Create the first one with this one-time link:\n  ${setupLink}\n`,
        );
      }
      const mailer = createMailer({ db: database.db, smtpUrl: config.SMTP_URL, from: config.SMTP_FROM });
      const app = createApp({ database, log, mailer, baseUrl, trustProxy: config.HERALD_TRUST_PROXY });
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
      // Signs the audit chains' heads that moved, hourly (and once now), with the instance key beside the data.
      const { startHeadSigner } = await import('../audit/head-signer');
      const signer = startHeadSigner({ db: database.db, keyFile: keyFileOf(config), log });
      signer.tick().catch((e: unknown) => log.error({ err: e }, 'signing the audit chain heads failed'));
      const stop = () => {
        signer.stop();
        void commands?.close();
        stopRecovery();
        server.close();
        void database.close().finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise<never>(() => {});
    });
}
