/**
 * `herald sources list --project ID`: the project's sources (configured or not, on or off, whether a credential is
 * set and when: never the credential itself) and their last runs.
 * `herald sources set SOURCE --project ID [--setting k=v …] [--secret-stdin | --clear-secret] [--enable|--disable]`:
 * changes a source's configuration through the same use case as the page (settings checked, audited). The credential
 * is read from standard input only (`--secret-stdin`), never from the arguments that `ps` and the shell history see.
 */
import { Command } from 'commander';
import type { Db } from '../db/client';
import { isAppError } from '../errors';
import { CliExit, cliActor, isForwarded, withDatabase } from './context';
import type { Output } from './import';
import { cliIo } from './io';

/** Reads standard input to its end (tests replace `read`). */
export const stdinReader = {
  async read(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
    return Buffer.concat(chunks).toString('utf8');
  },
};

const io = (): Output => ({
  out: (l) => cliIo().out.write(`${l}\n`),
  err: (l) => cliIo().err.write(`${l}\n`),
});

export async function listSources(db: Db, projectId: string, out: Output): Promise<number> {
  const [{ readSourceConfigs }, { sourceDescriptors }, { lastRuns }, { systemActor }] = await Promise.all([
    import('../sources/config-service'),
    import('../sources/registry'),
    import('../sources/runs'),
    import('../auth/permissions'),
  ]);
  const configs = await readSourceConfigs(db, { actor: systemActor(cliActor()), projectId });
  const runs = await lastRuns(db, projectId);
  for (const d of sourceDescriptors()) {
    const c = configs.get(d.id);
    const state = c ? (c.enabled ? 'on' : 'off') : 'not configured';
    const secret =
      d.secret === 'none'
        ? ''
        : c?.secretSetAt
          ? `, credential set ${c.secretSetAt.toISOString()}`
          : ', no credential';
    out.out(`${d.id}: ${state}${secret}`);
    for (const [k, v] of Object.entries(c?.settings ?? {}))
      out.out(`  ${k} = ${Array.isArray(v) ? v.join(', ') : String(v)}`);
    const r = runs.get(d.id);
    if (r)
      out.out(
        `  last run ${r.id} ${r.startedAt.toISOString()} (${r.trigger}): ${r.status}${r.errorCode ? ` (${r.errorCode})` : ''}, imported ${r.imported}, duplicates ${r.duplicates}, invalid ${r.invalid}${r.message ? `: ${r.message}` : ''}`,
      );
  }
  return 0;
}

export interface SetSourceOptions {
  project: string;
  source: string;
  setting?: string[];
  /** The credential read from standard input. */
  secret?: string;
  clearSecret?: boolean;
  enable?: boolean;
  keyFile: string;
}

/** `k=v` pairs: repeated keys collect their values (a `lines` setting); `k=` empties a setting. */
export function settingPairs(pairs: readonly string[]): Map<string, string[]> | string {
  const out = new Map<string, string[]>();
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) return `--setting ${p}: expected NAME=VALUE`;
    const k = p.slice(0, i).trim();
    out.set(k, [...(out.get(k) ?? []), p.slice(i + 1)]);
  }
  return out;
}

export async function setSource(db: Db, o: SetSourceOptions, out: Output): Promise<number> {
  const [{ readSourceConfig, saveSourceConfig }, { systemActor }, { systemClock }] = await Promise.all([
    import('../sources/config-service'),
    import('../auth/permissions'),
    import('../lib/clock'),
  ]);
  const actor = systemActor(cliActor());
  const pairs = settingPairs(o.setting ?? []);
  if (typeof pairs === 'string') {
    out.err(pairs);
    return 1;
  }
  const current = await readSourceConfig(db, { actor, projectId: o.project, source: o.source });
  const settings: Record<string, unknown> = { ...current?.settings };
  for (const [k, values] of pairs) {
    const v = values.filter((x) => x !== '');
    if (v.length === 0) delete settings[k];
    else settings[k] = v.length === 1 ? v[0] : v.join('\n');
  }
  try {
    const saved = await saveSourceConfig(db, {
      actor,
      projectId: o.project,
      source: o.source,
      input: {
        settings,
        ...(o.secret !== undefined ? { secret: o.secret } : {}),
        ...(o.clearSecret ? { clearSecret: true } : {}),
        ...(o.enable !== undefined ? { enabled: o.enable } : {}),
        ...(current ? { version: current.version } : {}),
      },
      clock: systemClock,
      keyFile: o.keyFile,
    });
    out.out(
      `${o.source}: saved (${saved.enabled ? 'on' : 'off'}${saved.secretSetAt ? `, credential set ${saved.secretSetAt.toISOString()}` : ''})`,
    );
    return 0;
  } catch (e) {
    if (!isAppError(e) || e.code !== 'validation') throw e;
    for (const d of e.details) out.err(`${o.source}: ${d.path ? `${d.path}: ` : ''}${d.message}`);
    return 1;
  }
}

export function sourcesCommands(): Command {
  const cmd = new Command('sources').description(
    'live sources of a project: list them, or set one’s settings and credential',
  );
  cmd
    .command('list')
    .description('the sources, their settings and last runs (never a credential)')
    .requiredOption('--project <id>', 'project id (e.g. m-sec)')
    .action(async (o: { project: string }) => {
      await withDatabase((d) => listSources(d.db, o.project, io()));
    });
  cmd
    .command('set')
    .description('set a source’s settings, credential (from standard input) and switch')
    .argument('<source>', 'the source (zenodo, matomo, plausible, umami, youtube, openaire)')
    .requiredOption('--project <id>', 'project id (e.g. m-sec)')
    .option(
      '--setting <name=value>',
      'a setting (repeat it; a repeated name gives a list; name= removes it)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--secret-stdin', 'read the credential from standard input (never pass it as an argument)')
    .option('--clear-secret', 'remove the stored credential')
    .option('--enable', 'fetch it every day')
    .option('--disable', 'stop fetching it')
    .action(
      async (
        source: string,
        o: {
          project: string;
          setting?: string[];
          secretStdin?: boolean;
          clearSecret?: boolean;
          enable?: boolean;
          disable?: boolean;
        },
      ) => {
        if (o.enable && o.disable) {
          cliIo().err.write('--enable and --disable: choose one\n');
          throw new CliExit(1);
        }
        if (o.secretStdin && isForwarded()) {
          // A command forwarded to a running server runs there, where this terminal's input is not.
          cliIo().err.write(
            '--secret-stdin cannot pass through the running server: set the credential on the sources page, or stop the server\n',
          );
          throw new CliExit(1);
        }
        const secret = o.secretStdin ? (await stdinReader.read()).replace(/\r?\n$/, '') : undefined;
        if (secret !== undefined && secret.trim() === '') {
          cliIo().err.write('--secret-stdin: no credential on standard input\n');
          throw new CliExit(1);
        }
        const { keyFileOf, loadConfig } = await import('../config');
        const code = await withDatabase((d) =>
          setSource(
            d.db,
            {
              project: o.project,
              source,
              ...(o.setting ? { setting: o.setting } : {}),
              ...(secret !== undefined ? { secret } : {}),
              ...(o.clearSecret ? { clearSecret: true } : {}),
              ...(o.enable ? { enable: true } : o.disable ? { enable: false } : {}),
              keyFile: keyFileOf(loadConfig()),
            },
            io(),
          ),
        );
        if (code !== 0) throw new CliExit(code);
      },
    );
  return cmd;
}
