/** The pre-flight page: findings grouped by rule with links to the records, counts, the empty state, en + ja; GET writes nothing. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityInput } from '../../test/factories/records';
import { clientsFor, createRecordsTestApp, PROJECT, type Who } from '../../test/records';
import type { AuthTestApp, TestClient } from '../../test/auth-helpers';
import { systemActor } from '../auth/permissions';
import { queryRows } from '../kpi/engine';
import { createRecord } from '../records/service';

let t: AuthTestApp;
let clients: Record<Who, TestClient>;
let bare = '';

beforeAll(async () => {
  t = await createRecordsTestApp();
  clients = await clientsFor(t);
  const actor = systemActor('preflight-page');
  bare = (
    await createRecord(t.db, {
      actor,
      projectId: PROJECT,
      kind: 'activity',
      input: activityInput({ title: 'Pilot press release', outcome: undefined }),
    })
  ).id;
});
afterAll(async () => t.close());

const auditCount = async () =>
  Number((await queryRows(t.db, sql`SELECT count(*) AS n FROM audit_entries`))[0]?.n);

describe('GET /p/:id/reports/preflight', () => {
  it('lists the findings by rule, each linking to the record to fix, with counts; writes nothing', async () => {
    const before = await auditCount();
    const res = await clients.viewer.get(`/p/${PROJECT}/reports/preflight?year=1`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="rule-mandatory"');
    expect(html).toContain('id="rule-evidence"');
    expect(html).toContain(`href="/p/${PROJECT}/records/activities/${bare}/edit"`);
    expect(html).toContain('Outcome is required by the funder’s Portal and is empty.');
    expect(html).toMatch(/1 errors, 1 warnings/);
    expect(await auditCount()).toBe(before);
  });

  it('speaks Japanese', async () => {
    const html = await (
      await clients.coordinator.get(`/p/${PROJECT}/reports/preflight?year=1&lang=ja`)
    ).text();
    expect(html).toContain('提出前チェック');
    expect(html).toContain('必須項目の未入力');
    expect(html).toContain('エラー 1 件、警告 1 件');
  });

  it('says so when the period has no findings', async () => {
    const html = await (
      await clients.viewer.get(`/p/${PROJECT}/reports/preflight?from=2025-06-01&to=2025-06-30`)
    ).text();
    expect(html).toContain('id="preflight-none"');
  });

  it('refuses a bad period with a clear message', async () => {
    const res = await clients.viewer.get(`/p/${PROJECT}/reports/preflight?year=9`);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('the project year must be between 1 and 2');
  });
});
