/** The machine a bench ran on, for the results JSON: CPU model, cores, RAM, load, Node and database versions. */
import { cpus, loadavg, totalmem, release, platform } from 'node:os';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client';

export async function machineInfo(database: Database): Promise<Record<string, unknown>> {
  const cpu = cpus();
  const { rows } = (await database.db.execute(sql`select version() as v`)) as unknown as {
    rows: Array<{ v: string }>;
  };
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    os: `${platform()} ${release()}`,
    node: process.version,
    database: `${database.driver === 'pg' ? 'PostgreSQL' : 'PGlite'}: ${rows[0]?.v ?? 'unknown'}`,
  };
}
