/**
 * The dashboard route in-process (app.request), served from fresh cached figures (A) beside the same page computed
 * live with no cached row (B), on one project of N records (PGlite in memory). Issue 17, item 1.
 * Usage: npx tsx bench/dashboard-cache.ts [--records 10000] [--pairs 7]
 */
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { createSession } from '../src/auth/sessions';
import { fromPglite } from '../src/db/client';
import { figureCache, users } from '../src/db/schema';
import { refreshFigures } from '../src/kpi/figure-refresh';
import { systemClock } from '../src/lib/clock';
import { createLogger } from '../src/log';
import { importPlanFile } from '../src/projects/service';
import { createApp } from '../src/web/app';
import { interleave, table } from './harness';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const N = arg('records', 10_000);
const PAIRS = arg('pairs', 7);
const P = 'm-sec';

const database = fromPglite(await PGlite.create());
await database.migrate();
const db = database.db;
await importPlanFile(db, { file: 'plans/m-sec.yaml', actor: 'bench' });
const per = Math.floor(N / 3);
const date = sql.raw(`(date '2018-07-01' + ((i * 7919) % 1095))`);
const partner = sql.raw(
  `(array['WLI','ICCS','CEA','F6S','TST','NTTE','KEIO','YNU','NII','WU'])[1 + (i % 10)]`,
);
await db.execute(sql`INSERT INTO activities (project_id, lead_partner, created_by, updated_by, title, start_date, kind, type, status)
  SELECT ${P}, ${partner}, 'bench', 'bench', 'Activity ' || i, ${date},
    (array['article','press_release','newsletter','blog_post'])[1 + (i % 4)], 'Other', (array['Delivered','Ongoing'])[1 + (i % 2)]
  FROM generate_series(1, ${per}) i`);
await db.execute(sql`INSERT INTO publications (project_id, lead_partner, created_by, updated_by, type, title, year, date, open_access, joint_eu_jp)
  SELECT ${P}, ${partner}, 'bench', 'bench', (array['conference_paper','journal_article'])[1 + (i % 2)], 'Paper ' || i,
    2019 + (i % 3), ${date}, 'green', i % 4 = 0
  FROM generate_series(1, ${per}) i`);
await db.execute(sql`INSERT INTO events (project_id, lead_partner, created_by, updated_by, name, kind, city, country, start_date, roles, participants, status, international, joint_with_other_projects)
  SELECT ${P}, ${partner}, 'bench', 'bench', 'Event ' || i, 'workshop', 'Tokyo', 'JP', ${date}, array['organiser'], 20,
    'attended', i % 2 = 0, false
  FROM generate_series(1, ${N - 2 * per}) i`);
await db.execute(sql`ANALYZE`);

await db
  .insert(users)
  .values({ id: 'bench-admin', email: 'bench@example.org', name: 'Bench', isAdmin: true });
const session = await createSession(db, { userId: 'bench-admin' });
const app = createApp({ database, log: createLogger('silent'), clock: systemClock });
const headers = { cookie: `herald_session=${session.id}` };

async function timed(): Promise<number> {
  const t0 = performance.now();
  const res = await app.request(`/p/${P}/dashboard`, { headers });
  await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`dashboard: ${res.status}`);
  return ms;
}

const figure = await interleave({
  scenario: `dashboard, ${N.toLocaleString('en')} records (in-process)`,
  a: {
    label: 'fresh cached figures',
    run: async () => {
      await refreshFigures(db, { projectId: P, clock: systemClock });
      return timed();
    },
  },
  b: {
    label: 'computed live (no cached row)',
    run: async () => {
      await db.delete(figureCache);
      return timed();
    },
  },
  unit: 'ms',
  pairs: PAIRS,
  warmup: true,
});
process.stdout.write(`${table([figure])}\n`);
process.stdout.write(`${JSON.stringify({ a: figure.aRuns, b: figure.bRuns, ratios: figure.ratios })}\n`);
await database.close();
