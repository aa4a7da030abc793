/**
 * Row count and content digest of every table, to show a request wrote nothing. Left out by default: `sessions`
 * (last-seen time is sign-in bookkeeping) and `api_tokens` (a token's last use is recorded at most hourly).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { queryRows } from '../src/kpi/engine';

export async function tableDigest(
  db: Db,
  except: readonly string[] = ['sessions', 'api_tokens'],
): Promise<Record<string, string>> {
  const tables = await queryRows(
    db,
    sql`SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name: name } of tables) {
    if (except.includes(String(name))) continue;
    const [row] = await queryRows(
      db,
      sql`SELECT count(*)::int AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS h
          FROM ${sql.identifier(String(name))} x`,
    );
    out[String(name)] = `${String(row?.n)} ${String(row?.h)}`;
  }
  return out;
}
