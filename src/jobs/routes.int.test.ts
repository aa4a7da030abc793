/** /admin/jobs: admins only; shows the schedule and a failed job's error; its retry button (CSRF) requeues it, audited. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { createEffectsTable, failures, flakyJob } from '../../test/jobs';
import { rowsOf } from '../audit/chain';
import { systemClock } from '../lib/clock';
import { createLogger } from '../log';
import { enqueue, getJob } from './queue';
import { createRunner } from './runner';

let t: AuthTestApp;
let id: number;

beforeAll(async () => {
  t = await createAuthTestApp();
  await createEffectsTable(t.db);
  failures.left = 1;
  ({ id } = await enqueue(t.db, {
    job: { ...flakyJob, maxAttempts: 1 },
    payload: { n: 1 },
    createdBy: 'test',
    clock: systemClock,
  }));
  await createRunner({
    db: t.db,
    clock: systemClock,
    log: createLogger('silent'),
    deps: {},
    jobs: [flakyJob],
    schedules: [],
  }).runUntilIdle();
});
afterAll(() => t?.database.close());

it('admins see the schedule and the failed job with its error, and retry it', async () => {
  expect((await getJob(t.db, id))?.state).toBe('failed');
  const admin = await TestClient.signedIn(t, (await makeUser(t.db, { isAdmin: true })).id);
  const page = await admin.get('/admin/jobs');
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('audit.sign-heads');
  expect(html).toContain('the flaky job broke');
  expect(html).toContain(`action="/admin/jobs/${id}/retry"`);

  expect((await admin.post(`/admin/jobs/${id}/retry`, {}, { csrf: 'wrong' })).status).toBe(403);
  const res = await admin.post(`/admin/jobs/${id}/retry`);
  expect(res.status).toBe(303);
  expect(await getJob(t.db, id)).toMatchObject({ state: 'queued', maxAttempts: 2 });
  const audit = rowsOf<{ action: string }>(
    await t.db.execute(
      sql`SELECT action FROM audit_entries WHERE chain = 'instance' AND action = 'job.retry'`,
    ),
  );
  expect(audit).toHaveLength(1);

  admin.cookies.set('lang', 'ja');
  const ja = await admin.get('/admin/jobs');
  expect(await ja.text()).toContain('スケジュール');
});

it('others may not see it', async () => {
  const user = await TestClient.signedIn(t, (await makeUser(t.db, {})).id);
  expect((await user.get('/admin/jobs')).status).toBe(403);
  expect((await user.post(`/admin/jobs/${id}/retry`)).status).toBe(403);
  const anonymous = await new TestClient(t.app).get('/admin/jobs');
  expect(anonymous.status).toBe(302);
  expect(anonymous.headers.get('location')).toMatch(/^\/login/);
});
