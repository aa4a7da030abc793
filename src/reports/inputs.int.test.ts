/** The report-input use cases: permission, audit entry in the same transaction, plan codes and records checked, conflicts. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db';
import { recordInput } from '../../test/factories/records';
import { actors, PROJECT, recordsPlan } from '../../test/records';
import type { Database } from '../db/client';
import { AppError } from '../errors';
import { queryRows } from '../kpi/engine';
import { importPlan } from '../projects/service';
import { createRecord } from '../records/service';
import {
  changeDeviation,
  createDeviation,
  listDeviations,
  listReportTexts,
  saveReportText,
} from './inputs-service';
import { changeRecommendation, createRecommendation, listRecommendations } from './recommendations';

let database: Database;
const db = () => database.db;
const { coordinator, editorA, viewer } = actors;
const projectId = PROJECT;
const scope = 'year:1';

beforeAll(async () => {
  database = await createTestDatabase();
  const plan = recordsPlan();
  await importPlan(db(), { plan, sourceText: JSON.stringify(plan), sourceName: 'p.yaml', actor: 'cli:test' });
});
afterAll(async () => database.close());

const lastAudit = async () =>
  (
    await queryRows(
      db(),
      sql`SELECT action, entity_type, entity_id FROM audit_entries ORDER BY seq DESC LIMIT 1`,
    )
  )[0];
const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'ok';
};

describe('report texts', () => {
  it('a coordinator writes a KPI comment, audited; a stale version is a conflict', async () => {
    const row = await saveReportText(db(), {
      actor: coordinator,
      projectId,
      scope,
      input: { key: 'kpi:papers', lang: 'ja', body: '目標を達成しました。', version: 0 },
    });
    expect(row.version).toBe(1);
    expect(await lastAudit()).toMatchObject({ action: 'report.text', entity_id: 'year:1/kpi:papers/ja' });
    expect(
      await code(
        saveReportText(db(), {
          actor: coordinator,
          projectId,
          scope,
          input: { key: 'kpi:papers', lang: 'ja', body: 'x', version: 0 },
        }),
      ),
    ).toBe('conflict');
    const texts = await listReportTexts(db(), { actor: viewer, projectId, scope });
    expect(texts.map((t) => t.body)).toEqual(['目標を達成しました。']);
  });

  it('refuses editors and viewers, and a KPI the plan lacks', async () => {
    const input = { key: 'summary', lang: 'en', body: 'S', version: 0 };
    expect(await code(saveReportText(db(), { actor: editorA, projectId, scope, input }))).toBe('forbidden');
    expect(await code(saveReportText(db(), { actor: viewer, projectId, scope, input }))).toBe('forbidden');
    expect(
      await code(
        saveReportText(db(), { actor: coordinator, projectId, scope, input: { ...input, key: 'kpi:nope' } }),
      ),
    ).toBe('validation');
  });
});

describe('deviations', () => {
  it('create, edit, delete (soft), each audited; plan codes checked; conflicts', async () => {
    const input = {
      noted_on: '2024-05-01',
      kpi: 'papers',
      wp: 'WP1',
      description: 'Late paper',
      corrective_action: 'Push',
    };
    expect(
      await code(createDeviation(db(), { actor: coordinator, projectId, input: { ...input, wp: 'WP9' } })),
    ).toBe('validation');
    expect(await code(createDeviation(db(), { actor: editorA, projectId, input }))).toBe('forbidden');
    const d = await createDeviation(db(), { actor: coordinator, projectId, input });
    expect(await lastAudit()).toMatchObject({ action: 'deviation.create', entity_id: d.id });
    const edited = await changeDeviation(db(), {
      actor: coordinator,
      projectId,
      id: d.id,
      version: 1,
      input: { ...input, description: 'Later paper' },
    });
    expect(edited).toMatchObject({ version: 2, description: 'Later paper' });
    expect(
      await code(changeDeviation(db(), { actor: coordinator, projectId, id: d.id, version: 1, input })),
    ).toBe('conflict');
    expect(
      await listDeviations(db(), { actor: viewer, projectId, from: '2024-01-01', to: '2024-12-31' }),
    ).toHaveLength(1);
    await changeDeviation(db(), { actor: coordinator, projectId, id: d.id, version: 2, delete: true });
    expect(await lastAudit()).toMatchObject({ action: 'deviation.delete', entity_id: d.id });
    expect(await listDeviations(db(), { actor: viewer, projectId })).toEqual([]);
  });
});

describe('recommendations', () => {
  it('records that answer it must exist in the project; KPIs must be plan codes; audited; conflicts', async () => {
    const activity = await createRecord(db(), {
      actor: coordinator,
      projectId,
      kind: 'activity',
      input: recordInput('activity'),
    });
    const base = { review: 'First periodic review (M18)', text: 'Reach more SMEs', status: 'in_progress' };
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(
      await code(
        createRecommendation(db(), {
          actor: coordinator,
          projectId,
          input: { ...base, records: [{ kind: 'activity', id: missing }] },
        }),
      ),
    ).toBe('validation');
    expect(
      await code(
        createRecommendation(db(), { actor: coordinator, projectId, input: { ...base, kpis: ['nope'] } }),
      ),
    ).toBe('validation');
    expect(await code(createRecommendation(db(), { actor: viewer, projectId, input: base }))).toBe(
      'forbidden',
    );
    const r = await createRecommendation(db(), {
      actor: coordinator,
      projectId,
      input: { ...base, kpis: ['papers'], records: [{ kind: 'activity', id: activity.id }] },
    });
    expect(r).toMatchObject({
      kpis: ['papers'],
      records: [{ kind: 'activity', id: activity.id }],
      status: 'in_progress',
    });
    expect(await lastAudit()).toMatchObject({ action: 'recommendation.create', entity_id: r.id });
    await changeRecommendation(db(), {
      actor: coordinator,
      projectId,
      id: r.id,
      version: 1,
      input: { ...base, status: 'addressed' },
    });
    expect(
      await code(
        changeRecommendation(db(), { actor: coordinator, projectId, id: r.id, version: 1, delete: true }),
      ),
    ).toBe('conflict');
    await changeRecommendation(db(), { actor: coordinator, projectId, id: r.id, version: 2, delete: true });
    expect(await lastAudit()).toMatchObject({ action: 'recommendation.delete' });
    expect(await listRecommendations(db(), { actor: viewer, projectId })).toEqual([]);
  });
});
