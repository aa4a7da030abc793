/** Environment settings: an empty DATABASE_URL is a configuration message (exit 1), not a stack trace. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { isAppError } from './errors';
import { runHerald } from '../test/serve-process';

const refusal = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
    return 'accepted';
  } catch (e) {
    expect(isAppError(e)).toBe(true);
    return (e as Error).message;
  }
};

describe('loadConfig', () => {
  it('reads the web upload limit in MB (default 200, enough for a 100,000-row export) and refuses nonsense', () => {
    expect(loadConfig({}).HERALD_MAX_UPLOAD_MB).toBe(200);
    expect(loadConfig({ HERALD_MAX_UPLOAD_MB: '50' }).HERALD_MAX_UPLOAD_MB).toBe(50);
    for (const bad of ['0', '-1', '1.5', 'lots'])
      expect(refusal({ HERALD_MAX_UPLOAD_MB: bad })).toMatch(/HERALD_MAX_UPLOAD_MB/);
  });

  it('reads an unset DATABASE_URL as the embedded database', () => {
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://herald@db:5432/herald' }).DATABASE_URL).toBe(
      'postgres://herald@db:5432/herald',
    );
  });

  it('refuses a set but empty DATABASE_URL, and one that is not PostgreSQL, with a configuration message', () => {
    for (const empty of ['', '  ']) {
      expect(refusal({ DATABASE_URL: empty })).toBe(
        'Invalid environment:\n  DATABASE_URL: is set but empty: unset it to use the embedded database in HERALD_DATA_DIR, or set it to postgres://user:password@host:5432/database',
      );
    }
    expect(refusal({ DATABASE_URL: 'mysql://db/herald' })).toContain(
      'DATABASE_URL: must be a postgres:// (or postgresql://) URL',
    );
  });
});

describe('herald with DATABASE_URL=', () => {
  it('exits with 1 and the configuration message, no stack trace', async () => {
    const r = await runHerald(['db', 'migrate'], {
      DATABASE_URL: '',
      HERALD_DATA_DIR: '/nonexistent/herald',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'herald: Invalid environment:\n  DATABASE_URL: is set but empty: unset it to use the embedded database in HERALD_DATA_DIR, or set it to postgres://user:password@host:5432/database\n',
    );
    expect(r.stdout).toBe('');
  }, 60_000);
});
