/**
 * PGlite test databases reused within a vitest worker: loading the migrated template costs ~1.5 s of CPU per
 * database, emptying one ~0.05 s. A database its test file closed is emptied and handed to the next file only when
 * nothing but rows changed (same tables, columns, indexes, functions, types, roles, settings, migrations); otherwise
 * it is closed, as before. Until it is taken again nothing reaches it: the closed handle throws like a closed PGlite.
 */
import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { fromPglite, type Database } from '../src/db/client';

/** Everything but rows that a test could change and a fresh template would not have. */
const FINGERPRINT_SQL = `
  select md5(string_agg(x, E'\\n' order by x)) as fp from (
    select format('class %s.%s %s %s', n.nspname, c.relname, c.relkind, c.relpersistence)
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
    union all
    select format('column %s.%s %s %s %s', a.attrelid::regclass, a.attname, a.atttypid::regtype, a.attnotnull,
                  pg_get_expr(d.adbin, d.adrelid))
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
       and a.attnum > 0 and not a.attisdropped
    union all
    select format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      from pg_constraint where connamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    union all select format('trigger %s %s %s', tgrelid::regclass, tgname, tgenabled) from pg_trigger
    union all
    select format('function %s %s', p.oid::regprocedure, md5(p.prosrc))
      from pg_proc p where p.pronamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    union all
    select format('type %s', t.oid::regtype) from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
    union all select format('namespace %s', nspname) from pg_namespace
    union all select format('role %s %s', rolname, rolsuper) from pg_authid
    union all select format('extension %s %s', extname, extversion) from pg_extension
    union all select format('setting %s %s %s', setdatabase, setrole, setconfig) from pg_db_role_setting
    union all select format('policy %s %s', polrelid::regclass, polname) from pg_policy
    union all select format('large objects %s', count(*)) from pg_largeobject_metadata
    union all select format('migration %s %s %s', id, hash, created_at) from drizzle.__drizzle_migrations
  ) fingerprint(x)`;

const TABLES_SQL = `select string_agg(format('%I.%I', schemaname, tablename), ', ' order by tablename) as list
  from pg_tables where schemaname = 'public'`;

/** How many databases this worker loaded from the template and how many it reused (the pool's own test reads them). */
export const pglitePoolStats = { loaded: 0, reused: 0 };

interface Pool {
  /** The fingerprint of a freshly loaded template, and its tables (what a reset empties). */
  fingerprint?: string;
  tables?: string;
  spare: PGlite[];
}

/** Per worker process and template (module state does not survive every re-import; globalThis does). */
const pools = ((
  globalThis as typeof globalThis & { heraldPglitePools?: Map<string, Pool> }
).heraldPglitePools ??= new Map());

/** At most this many emptied databases wait per worker (each holds ~200 MB). */
const MAX_SPARE = 1;

async function fingerprintOf(client: PGlite): Promise<string> {
  const r = await client.query<{ fp: string }>(FINGERPRINT_SQL);
  return r.rows[0]?.fp ?? '';
}

/** Empties `client` back to the template when only rows changed; false when it cannot be reused. */
async function reset(client: PGlite, pool: Pool): Promise<boolean> {
  if (client.closed || !pool.fingerprint || !pool.tables) return false;
  try {
    // Session state (settings, advisory locks, temporary tables, prepared statements, LISTEN); fails inside an
    // open transaction, which a reused database must not inherit either.
    await client.exec('DISCARD ALL');
    if ((await fingerprintOf(client)) !== pool.fingerprint) return false;
    await client.exec(`TRUNCATE ${pool.tables} RESTART IDENTITY CASCADE`);
    // Planner statistics from an ANALYZE: a fresh template has none (TRUNCATE already reset the page counts).
    await client.exec(
      `DELETE FROM pg_statistic WHERE starelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)`,
    );
    return true;
  } catch {
    return false;
  }
}

/** A PGlite database holding the migrated template `templateFile` (a data folder's tar): a reused one or a new one. */
export async function pooledPglite(templateFile: string): Promise<Database> {
  let pool = pools.get(templateFile);
  if (!pool) {
    pool = { spare: [] };
    pools.set(templateFile, pool);
  }
  let client: PGlite | undefined = pool.spare.pop();
  if (client) pglitePoolStats.reused += 1;
  else {
    pglitePoolStats.loaded += 1;
    client = await PGlite.create({ loadDataDir: new Blob([readFileSync(templateFile)]) });
    if (!pool.fingerprint) {
      pool.fingerprint = await fingerprintOf(client);
      pool.tables = (await client.query<{ list: string }>(TABLES_SQL)).rows[0]?.list;
    }
  }
  const target = client;
  let released = false;
  // The test's handle: once closed, every use throws as a closed PGlite does, so nothing of a finished file reaches
  // the database the next file takes.
  const handle = new Proxy(target, {
    get(t, prop) {
      if (prop === 'closed') return released || t.closed;
      if (released && prop !== 'close' && prop !== 'then') throw new Error('PGlite is closed');
      const value = Reflect.get(t, prop, t) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
  const database = fromPglite(handle);
  return {
    ...database,
    close: async () => {
      if (released) return;
      released = true;
      const p = pool as Pool;
      if (p.spare.length < MAX_SPARE && (await reset(target, p))) p.spare.push(target);
      else await target.close();
    },
  };
}
