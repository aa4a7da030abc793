/** PGlite's memory is sized by our settings (HERALD_PGLITE_SHARED_BUFFERS / _WORK_MEM), not left at its 128MB. */
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig, pgliteMemoryOf } from '../config';
import { pgliteStartParams } from './client';
import { PGLITE_MEMORY } from './pglite-memory';

const settings = async (startParams: string[]) => {
  const client = await PGlite.create({
    loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]),
    startParams,
  });
  try {
    const r = await client.query<{ name: string; setting: string; unit: string | null }>(
      "select name, current_setting(name) as setting from pg_settings where name in ('shared_buffers', 'work_mem') order by name",
    );
    return Object.fromEntries(r.rows.map((x) => [x.name, x.setting]));
  } finally {
    await client.close();
  }
};

describe('PGlite memory', () => {
  it('opens with the documented defaults', async () => {
    expect(PGLITE_MEMORY).toEqual({ sharedBuffers: '32MB', workMem: '4MB' });
    const config = loadConfig({});
    expect(pgliteMemoryOf(config)).toEqual(PGLITE_MEMORY);
    expect(await settings(pgliteStartParams(pgliteMemoryOf(config)))).toEqual({
      shared_buffers: '32MB',
      work_mem: '4MB',
    });
  });

  it('follows the settings, and keeps PGlite own start parameters', async () => {
    const config = loadConfig({ HERALD_PGLITE_SHARED_BUFFERS: '16MB', HERALD_PGLITE_WORK_MEM: '8MB' });
    const params = pgliteStartParams(pgliteMemoryOf(config));
    expect(params.slice(0, PGlite.defaultStartParams.length)).toEqual(PGlite.defaultStartParams);
    expect(await settings(params)).toEqual({ shared_buffers: '16MB', work_mem: '8MB' });
  });

  it('refuses a size PostgreSQL would not read', () => {
    expect(() => loadConfig({ HERALD_PGLITE_SHARED_BUFFERS: '32' })).toThrow(/HERALD_PGLITE_SHARED_BUFFERS/);
    expect(() => loadConfig({ HERALD_PGLITE_WORK_MEM: '4 MB' })).toThrow(/HERALD_PGLITE_WORK_MEM/);
  });
});
