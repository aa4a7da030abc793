/**
 * `herald sources set` (the credential from standard input only), `herald sources list` (never the credential) and
 * `herald fetch SOURCE --project ID [--dry-run]` against a loopback fake, through the real CLI in-process.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { importDir, importPlanYaml } from '../../test/factories/imports';
import { adapterOverride } from '../sources/registry';
import { startFakeService, type FakeService } from '../sources/testing/fake-service';
import { testAdapter } from '../sources/testing/test-adapter';
import { stdinReader } from './sources';

const SECRET = 'CLI-sEcReT-987654321';
const dir = importDir();
let env: Record<string, string>;
let cleanup: () => Promise<void>;
let fake: FakeService;
const realRead = stdinReader.read;

const herald = (...args: string[]) => runCli(args, env);
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

beforeAll(async () => {
  adapterOverride.current = { matomo: testAdapter };
  [{ env, cleanup }, fake] = await Promise.all([createTestDatabaseEnv(), startFakeService()]);
  env.HERALD_KEY_FILE = join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem');
  fake.on('GET', '/stats', (req) =>
    req.query.get('site') === 'ok'
      ? {
          body: {
            rows: [
              { date: '2024-09-14', channel: 'https://tide-x.example.org', metric: 'visits', value: 12 },
            ],
          },
        }
      : { status: 401, body: { message: 'token refused' } },
  );
  const plan = await herald('plan', 'import', dir.write('tide-x.yaml', importPlanYaml()));
  expect(plan.code).toBe(0);
});
afterAll(async () => {
  adapterOverride.current = null;
  stdinReader.read = realRead;
  await Promise.all([cleanup(), fake.close()]);
  dir.cleanup();
});

describe('herald sources and herald fetch', () => {
  it('sets a source with the credential from standard input, never from the arguments', async () => {
    const inArgs = await herald('sources', 'set', 'matomo', '--project', 'tide-x', '--secret', SECRET);
    expect(inArgs.code).toBe(1);
    expect(inArgs.stderr).toContain("unknown option '--secret'");

    const bad = await herald('sources', 'set', 'matomo', '--project', 'tide-x', '--setting', 'base_url=nope');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('matomo: base_url:');

    stdinReader.read = async () => `${SECRET}\n`;
    const set = await herald(
      'sources',
      'set',
      'matomo',
      '--project',
      'tide-x',
      '--setting',
      `base_url=${fake.url}`,
      '--setting',
      'site=ok',
      '--secret-stdin',
    );
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toMatch(/^matomo: saved \(on, credential set \d{4}-/);
    expect(set.stdout).not.toContain(SECRET);

    const list = await herald('sources', 'list', '--project', 'tide-x');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('matomo: on, credential set');
    expect(list.stdout).toContain('  site = ok');
    expect(list.stdout).toContain('openaire: not configured');
    expect(list.stdout).not.toContain(SECRET);
  });

  it('fetches: a dry run writes nothing, a run imports, a refused credential exits 1 without showing it', async () => {
    const dry = await herald('fetch', 'matomo', '--project', 'tide-x', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('matomo: https://tide-x.example.org visits: found');
    expect(dry.stdout).toContain('dry run: nothing written; an import would add 1 record');

    const run = await herald('fetch', 'matomo', '--project', 'tide-x');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/run \d+: ok/);
    expect(lastLine(run.stdout)).toBe('imported 1, duplicates 0, invalid 0');
    const again = await herald('fetch', 'matomo', '--project', 'tide-x');
    expect(lastLine(again.stdout)).toBe('imported 0, duplicates 1, invalid 0');

    stdinReader.read = async () => '';
    const noSecret = await herald('sources', 'set', 'matomo', '--project', 'tide-x', '--secret-stdin');
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('no credential on standard input');

    await herald('sources', 'set', 'matomo', '--project', 'tide-x', '--setting', 'site=elsewhere');
    const refused = await herald('fetch', 'matomo', '--project', 'tide-x');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/run \d+: failed \(unauthorized\)/);
    expect(refused.stdout + refused.stderr).not.toContain(SECRET);
    const history = await herald('sources', 'list', '--project', 'tide-x');
    expect(history.stdout).toMatch(/last run \d+ .* \(cli\): failed \(unauthorized\)/);
    expect(history.stdout).not.toContain(SECRET);

    const unknown = await herald('fetch', 'nothing', '--project', 'tide-x');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('nothing: unknown source');
  });
});
