/**
 * The reports page end to end: a coordinator asks for a report (a job, shown with its progress), the runner makes it,
 * the page lists it and the download sends the stored bytes with their sha256 as ETag; GETs never write.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { rowsOf } from '../audit/chain';
import { createRunner } from '../jobs/runner';
import { systemClock } from '../lib/clock';
import { createLogger } from '../log';
import { reportGenerateJob } from './jobs';

vi.setConfig({ testTimeout: 180_000 });

const P = 'm-sec';
let t: TestApp;
let coordinator: TestClient;
let viewer: TestClient;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  const app = { ...t, db: t.database.db };
  coordinator = await TestClient.signedIn(
    app,
    (await makeUser(app.db, { role: 'coordinator', projectId: P })).id,
  );
  viewer = await TestClient.signedIn(app, (await makeUser(app.db, { role: 'viewer', projectId: P })).id);
});
afterAll(async () => {
  await t.close();
});

/** Rows of every table a GET must leave alone. */
async function counts(): Promise<Record<string, unknown>> {
  const [row] = rowsOf<Record<string, unknown>>(
    await t.database.db.execute(sql`SELECT
      (SELECT count(*) FROM reports)::int AS reports, (SELECT count(*) FROM report_files)::int AS files,
      (SELECT count(*) FROM jobs)::int AS jobs, (SELECT count(*) FROM audit_entries)::int AS audit`),
  );
  return row ?? {};
}

describe('/p/:id/reports', () => {
  it('refuses a bad period, naming it, and queues nothing', async () => {
    const before = await counts();
    const res = await coordinator.post(`/p/${P}/reports`, {
      period: 'year',
      year: '9',
      lang: 'en',
      format: 'html',
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('year');
    expect(await counts()).toEqual(before);
  });

  it('generates a report as a job with progress, lists it, and downloads its stored bytes', async () => {
    const page = await viewer.get(`/p/${P}/reports`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('href="/p/m-sec/reports"');
    expect(html).not.toContain('id="generate-report"'); // viewers may not generate
    // The report's other pages are one click away: pre-flight, texts, deviations, recommendations, the signing key.
    for (const path of ['preflight', 'inputs', 'deviations', 'recommendations', 'key'])
      expect(html).toContain(`href="/p/m-sec/reports/${path}"`);

    const res = await coordinator.post(`/p/${P}/reports`, {
      period: 'year',
      year: '1',
      lang: 'ja',
      format: 'html',
    });
    expect(res.status).toBe(303);
    const jobPath = res.headers.get('location') ?? '';
    expect(jobPath).toMatch(/^\/p\/m-sec\/reports\/jobs\/\d+\?format=html$/);
    const queued = await (await coordinator.get(jobPath)).text();
    expect(queued).toMatch(/<progress max="100" value="0">/);
    expect(queued).toContain('hx-trigger="every 500ms"');

    await createRunner({
      db: t.database.db,
      clock: systemClock,
      log: createLogger('silent'),
      deps: {},
      jobs: [reportGenerateJob],
      schedules: [],
    }).runUntilIdle();

    const before = await counts();
    const done = await (await coordinator.get(jobPath.replace('?', '/progress?'))).text();
    const link = /href="(\/p\/m-sec\/reports\/[0-9a-f-]{36}\/download\/html)"/.exec(done)?.[1];
    expect(link).toBeDefined();
    const list = await (await viewer.get(`/p/${P}/reports`)).text();
    expect(list).toContain(`href="${link}"`);
    expect(list).toContain('data-state="draft"');

    const file = await viewer.get(link ?? '');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(
      'attachment; filename="M-Sec-report-year-1-ja.html"',
    );
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(file.headers.get('etag')).toBe(`"${sha}"`);
    expect(new TextDecoder().decode(bytes)).toContain('<html lang="ja">');
    const again = await viewer.get(link ?? '', { 'if-none-match': `"${sha}"` });
    expect(again.status).toBe(304);
    expect(await counts()).toEqual(before);
  });
});
