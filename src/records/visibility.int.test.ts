/**
 * Guard of the visibility rule (src/records/visibility.ts): rows of a pending import batch count nowhere. Every GET
 * route the app registers (pages, lists, record pages, exports, API, drill-downs, late and outside lists, history,
 * import history…) answers exactly the same before and while a pending batch holds rows that would change every
 * figure and list; once the batch commits, they change. A new reader that forgets the rule fails here.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { createTestDatabase } from '../../test/db';
import { csvOf, importDir } from '../../test/factories/imports';
import { makePlan } from '../../test/factories/plan';
import { recordInput } from '../../test/factories/records';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { importBatches, kpiManualValues } from '../db/schema';
import { previewImport } from '../importers/commit';
import { closeYear } from '../kpi/year-closures';
import { createLogger } from '../log';
import type { RecordType } from '../plan/schema';
import { importPlan } from '../projects/service';
import { createApp } from '../web/app';
import { fixedClock } from '../lib/clock';
import { insertRecordRows } from './batch';
import { RECORD_KINDS } from './kinds';
import { createRecord } from './service';

const PROJECT = 'tide-x';
const system = systemActor('test');
const dir = importDir();
let database: Database;
let app: ReturnType<typeof createApp>;
let admin: TestClient;
const BATCH = randomUUID();
const committedIds = new Map<string, string>();
const pendingIds = new Map<string, string>();

const plan = makePlan({
  kpis: [
    {
      id: 'papers',
      label: 'Papers',
      target: 4,
      target_text: '4',
      measure: { kind: 'count', record: 'publication' },
    },
    {
      id: 'posts',
      label: 'Posts',
      target: 9,
      target_text: '9',
      measure: { kind: 'count', record: 'activity' },
    },
    {
      id: 'attendees',
      label: 'Attendees',
      target: 900,
      target_text: '900',
      measure: { kind: 'sum', record: 'event', field: 'participants' },
    },
    {
      id: 'allies',
      label: 'Allies',
      target: 5,
      target_text: '5',
      measure: { kind: 'count_distinct', record: 'synergy', field: 'initiative' },
    },
    {
      id: 'views',
      label: 'Views',
      target: 5000,
      target_text: '5000',
      measure: { kind: 'latest_sum', record: 'metric', where: { metric: 'views' } },
    },
    {
      id: 'press',
      label: 'Press',
      target: 10,
      target_text: '10',
      measure: { kind: 'manual', evidence_required: false },
    },
  ],
} as never);

/** Rows of every type a pending batch holds: inside the period (after year 1's closure: late) and outside it. */
const pendingRows: { [T in RecordType]: Record<string, unknown>[] } = {
  activity: [
    recordInput('activity', { title: 'Pending post in 2024', start_date: '2024-05-01' }),
    recordInput('activity', { title: 'Pending post in 2025', start_date: '2025-05-01' }),
  ],
  event: [recordInput('event', { name: 'Pending expo', start_date: '2024-09-01', end_date: '2024-09-02' })],
  publication: [
    recordInput('publication', { title: 'Pending paper', doi: '10.1000/pending', date: '2024-08-01' }),
    recordInput('publication', {
      title: 'Pending old paper',
      doi: '10.1000/old',
      date: '2023-05-01',
      year: 2023,
    }),
  ],
  synergy: [recordInput('synergy', { initiative: 'Pending alliance', date: '2024-10-01' })],
  metric: [
    recordInput('metric', { value: 99999, date: '2024-11-30' }),
    recordInput('metric', { value: 77777, date: '2026-06-01', metric: 'downloads' }),
  ],
};

/** Every registered GET route with its parameters filled in (routes needing what this test lacks are left out). */
function getPaths(): string[] {
  const fill: Record<string, string[]> = {
    id: [PROJECT],
    kpiId: plan.kpis.map((k) => k.id),
    year: ['1', '2'],
    type: ['activity', 'event', 'publication', 'synergy', 'metric'],
  };
  const paths = new Set<string>();
  for (const route of app.routes) {
    if (route.method !== 'GET') continue;
    let variants = [''];
    let ok = true;
    for (const part of route.path.split('/').slice(1)) {
      const m = /^:(\w+)(?:\{(.*)\})?$/.exec(part);
      if (!m) {
        variants = variants.map((v) => `${v}/${part}`);
        continue;
      }
      const [, name, pattern] = m;
      let values = fill[name as string] ?? [];
      if (pattern) values = pattern.replace(/^\(\?:|\)$/g, '').split('|');
      if (name === 'recordId') {
        // The record pages of a committed and of a pending record, per kind (the kind is the previous segment).
        values = ['committed', 'pending'];
      }
      if (values.length === 0) {
        ok = false;
        break;
      }
      variants = variants.flatMap((v) => values.map((x) => `${v}/${x}`));
    }
    if (!ok) continue;
    for (const v of variants) {
      const resolved = v.replace(
        /\/([a-z-]+)\/(committed|pending)(?=\/|$)/,
        (_, slug: string, which: string) => {
          const id = (which === 'committed' ? committedIds : pendingIds).get(slug);
          return `/${slug}/${id ?? 'none'}`;
        },
      );
      if (!resolved.includes('/none')) paths.add(resolved);
    }
  }
  for (const q of ['?year=1', '?year=2', '?to=2024-12-31', '?from=2024-06-01&to=2025-12-31'])
    paths.add(`/p/${PROJECT}/dashboard${q}`);
  paths.add(`/p/${PROJECT}/records/publications?q=pending`);
  return [...paths].sort();
}

async function snapshot(paths: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const path of paths) {
    const res = await admin.get(path);
    // Volatile parts are masked: when a download was made, charts' random id prefixes and class counters. An XLSX
    // (a zip with its own timestamps) is compared by status only: it holds the rows of the CSV export beside it.
    const body = path.endsWith('.xlsx')
      ? ''
      : (await res.text())
          .replace(/"exportedAt": "[^"]*"/, '"exportedAt": ""')
          .replace(/\bc[0-9a-f]{8}-/g, 'c-')
          .replace(/cls-\d+/g, 'cls');
    out.set(path, `${res.status}\n${body}`);
  }
  return out;
}

const SLUG: Record<string, string> = {
  activity: 'activities',
  event: 'events',
  publication: 'publications',
  synergy: 'synergies',
  metric: 'metrics',
  kpi_value: 'kpi-values',
};

beforeAll(async () => {
  database = await createTestDatabase();
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  // A clock that stands still: pages that show times (the jobs page's next runs) read the same in both snapshots.
  app = createApp({ database, log: createLogger('silent'), clock: fixedClock('2026-11-30T12:00:00Z') });
  admin = await TestClient.signedIn(
    { app, db: database.db },
    (await makeUser(database.db, { isAdmin: true })).id,
  );
  // Committed records of every kind, and year 1 closed (so rows written afterwards are "reported late").
  for (const kind of RECORD_KINDS) {
    const input =
      kind === 'kpi_value'
        ? { lead_partner: 'UNIA', kpi_code: 'press', value: 3, date: '2024-04-01' }
        : recordInput(kind);
    const r = await createRecord(database.db, { actor: system, projectId: PROJECT, kind, input });
    committedIds.set(SLUG[kind] as string, r.id);
  }
  await closeYear(database.db, { actor: system, projectId: PROJECT, year: 1 });
  expect(SLUG).toSatisfy((s: Record<string, string>) => RECORD_KINDS.every((k) => s[k]));
});
afterAll(async () => {
  await database.close();
  dir.cleanup();
});

/** Writes the pending batch (a complete export of `manual` metrics too: it would hide older snapshots). */
async function writePendingBatch(): Promise<void> {
  await database.db.insert(importBatches).values({
    id: BATCH,
    projectId: PROJECT,
    recordType: 'metric',
    format: 'metrics-csv',
    fileName: 'pending.csv',
    sha256: '0'.repeat(64),
    rows: 9,
    imported: 9,
    duplicates: 0,
    invalid: 0,
    actorId: 'test',
    completeSource: 'manual',
    completeAsOf: '2025-06-01',
    state: 'pending',
    heartbeatAt: sql`now()`,
  });
  await database.db.transaction(async (tx) => {
    for (const [type, rows] of Object.entries(pendingRows) as [RecordType, Record<string, unknown>[]][]) {
      const stored = await insertRecordRows(tx, {
        actor: system,
        projectId: PROJECT,
        type,
        rows: rows.map((r) => ({ partners: [], ...r })) as never[],
        source: `import:${BATCH}`,
        pendingBatch: BATCH,
      });
      pendingIds.set(SLUG[type] as string, String(stored[0]?.id));
    }
    const [v] = await tx
      .insert(kpiManualValues)
      .values({
        projectId: PROJECT,
        leadPartner: 'UNIA',
        kpiCode: 'press',
        value: 50,
        date: '2024-06-01',
        evidence: 'pending',
        source: `import:${BATCH}`,
        createdBy: 'test',
        updatedBy: 'test',
        pendingBatch: BATCH,
      })
      .returning({ id: kpiManualValues.id });
    pendingIds.set('kpi-values', String(v?.id));
  });
}

describe('rows of a pending import batch', () => {
  it('change no page, list, figure, export, API answer or duplicate check until the batch commits', async () => {
    const before = await snapshot(getPaths());
    expect(before.size).toBeGreaterThan(60);
    const dupFile = dir.write(
      'dup.csv',
      csvOf([
        {
          title: 'Pending post in 2025',
          lead_partner: 'UNIA',
          date: '2025-05-01',
          kind: 'press_release',
          type: 'Other',
          audiences: 'Citizens',
          channels: 'Press release',
          status: 'Delivered',
        },
      ]),
    );
    const preview = () =>
      previewImport(database.db, {
        actor: system,
        projectId: PROJECT,
        type: 'activity',
        file: { path: dupFile },
      });
    expect(await preview()).toMatchObject({ valid: 1, duplicates: 0 });

    await writePendingBatch();
    // Now with the pending records' own pages (they must not be found).
    const paths = getPaths();
    const during = await snapshot(paths);
    const differ: string[] = [];
    for (const [path, body] of during) {
      const pendingPage = [...pendingIds.values()].some((id) => path.includes(id));
      if (pendingPage ? !body.startsWith('404') : body !== before.get(path)) differ.push(path);
    }
    expect(differ).toEqual([]);
    expect(await preview()).toMatchObject({ valid: 1, duplicates: 0 });

    await database.db.update(importBatches).set({ state: 'committed' }).where(eq(importBatches.id, BATCH));
    const after = await snapshot(paths);
    const changed = paths.filter((p) => after.get(p) !== during.get(p));
    const mustChange = [
      `/p/${PROJECT}/dashboard`,
      `/p/${PROJECT}/dashboard?year=1`,
      `/p/${PROJECT}/dashboard/outside/publication`,
      `/p/${PROJECT}/import`,
      ...plan.kpis.map((k) => `/p/${PROJECT}/dashboard/kpis/${k.id}`),
      ...['papers', 'posts', 'attendees', 'allies'].map(
        (k) => `/p/${PROJECT}/dashboard/years/1/kpis/${k}/late`,
      ),
      ...Object.values(SLUG).flatMap((s) => [
        `/p/${PROJECT}/records/${s}`,
        `/api/v1/projects/${PROJECT}/${s}`,
        `/p/${PROJECT}/records/${s}/${pendingIds.get(s)}`,
      ]),
      ...Object.values(SLUG)
        .filter((s) => s !== 'kpi-values')
        .map((s) => `/p/${PROJECT}/records/${s}/export.csv`),
    ];
    for (const p of mustChange) expect(changed, p).toContain(p);
    expect(await preview()).toMatchObject({ valid: 0, duplicates: 1 });
  }, 300_000);
});
