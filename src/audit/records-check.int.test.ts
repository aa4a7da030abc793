import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, PROJECT, type AuthTestApp } from '../../test/auth-helpers';
import { inRollback } from '../../test/audit-tamper';
import { recordInput } from '../../test/factories/records';
import { systemActor } from '../auth/permissions';
import { runAuditVerify } from '../cli/audit';
import type { Tx } from '../db/client';
import { activities, auditEntries, importBatches, metricSnapshots, publications } from '../db/schema';
import { RECORD_TYPES } from '../plan/schema';
import { loadRecordContext } from '../records/context';
import { dataToValues } from '../records/kinds';
import { insertRows } from '../records/repository';
import { createRecord, deleteRecord, insertRecords, updateRecord } from '../records/service';
import { validateRecord } from '../records/validate';
import { appendAudit } from './chain';
import { checkRecords } from './records-check';
import { recordState, stateDigest } from './record-state';

let t: AuthTestApp;
const system = systemActor('test');
const ids: Record<string, string> = {};
const seqOf = async (entityId: string, action: string) =>
  (
    await t.db
      .select({ seq: auditEntries.seq })
      .from(auditEntries)
      .where(and(eq(auditEntries.entityId, entityId), eq(auditEntries.action, action)))
  )[0]!.seq;

beforeAll(async () => {
  t = await createAuthTestApp();
  // Every kind through the use cases: created, one updated, one deleted.
  for (const kind of RECORD_TYPES) {
    const r = await createRecord(t.db, { actor: system, projectId: PROJECT, kind, input: recordInput(kind) });
    ids[kind] = r.id;
  }
  const pub = await createRecord(t.db, {
    actor: system,
    projectId: PROJECT,
    kind: 'publication',
    input: recordInput('publication', { title: 'A second paper on tides', doi: '10.1234/second' }),
  });
  ids.updated = (
    await updateRecord(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'publication',
      id: pub.id,
      version: pub.version,
      input: { title: 'A second paper on tides, revised' },
      mode: 'merge',
    })
  ).id;
  ids.deleted = (
    await deleteRecord(t.db, { actor: system, projectId: PROJECT, kind: 'activity', id: ids.activity! })
  ).id;
  // An import (digests in its entry), and an old-style import entry with ids only.
  const ctx = await loadRecordContext(t.db, PROJECT);
  const rows = [1, 2, 3].map((i) =>
    validateRecord('metric', recordInput('metric', { date: `2024-0${i}-01`, value: i * 10 }), ctx),
  );
  const imported = await t.db.transaction((tx) =>
    insertRecords(tx, { actor: system, projectId: PROJECT, type: 'metric', rows }),
  );
  ids.imported = imported[1]!;
  await t.db.transaction(async (tx) => {
    const data = validateRecord('metric', recordInput('metric', { date: '2024-05-01', value: 5 }), ctx);
    const [old] = await insertRows(tx, 'metric', [
      {
        ...dataToValues('metric', data),
        projectId: PROJECT,
        source: 'import:old',
        createdBy: 'x',
        updatedBy: 'x',
      },
    ]);
    ids.old = old!;
    await appendAudit(tx, {
      projectId: PROJECT,
      actor: system,
      action: 'record.import',
      entityType: 'metric',
      entityId: 'old',
      after: { batchId: 'old', count: 1, ids: [old] },
    });
  });
});
afterAll(async () => {
  await t?.close();
});

describe('herald audit verify --records', () => {
  it('finds every record as its last audit entry says; rows of old import entries are counted as not verifiable', async () => {
    const [entry] = await t.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'record.import'), eq(auditEntries.entityType, 'metric')));
    const after = entry?.after as { ids: string[]; digests: string[] };
    expect(after.digests).toHaveLength(3);
    expect(after.digests.every((d) => /^[0-9a-f]{64}$/.test(d))).toBe(true);
    const r = await checkRecords(t.db, PROJECT);
    expect(r).toEqual({ projectId: PROJECT, checked: 5 + 1 + 3, unverifiable: 1, pending: 0, problems: [] });
  });

  it('checks the rows of a committed import whose markers are not tidied yet; a pending batch’s rows are not', async () => {
    const batch = randomUUID();
    const report = (state: 'committed' | 'pending') =>
      inRollback(t.database, async (tx) => {
        await tx.insert(importBatches).values({
          id: batch,
          projectId: PROJECT,
          recordType: 'metric',
          format: 'csv',
          fileName: 'm.csv',
          sha256: '',
          rows: 1,
          imported: 1,
          duplicates: 0,
          invalid: 0,
          actorId: 'test',
          state,
        });
        await tx
          .update(metricSnapshots)
          .set({ pendingBatch: batch })
          .where(eq(metricSnapshots.id, ids.imported!));
        return checkRecords(tx, PROJECT);
      });
    expect(await report('committed')).toMatchObject({ checked: 9, pending: 0, problems: [] });
    expect(await report('pending')).toMatchObject({ checked: 8, pending: 1, problems: [] });
  });

  it('names a direct edit by field (full state) or by digest (imports), once per row', async () => {
    const problems = await inRollback(t.database, async (tx) => {
      await tx
        .update(publications)
        .set({ title: 'Quietly changed', year: 1999 })
        .where(eq(publications.id, ids.publication!));
      await tx.update(metricSnapshots).set({ value: 999 }).where(eq(metricSnapshots.id, ids.imported!));
      // An edit of a row the audit cannot vouch for stays silent (counted as not verifiable).
      await tx.update(metricSnapshots).set({ value: 6 }).where(eq(metricSnapshots.id, ids.old!));
      return (await checkRecords(tx, PROJECT)).problems;
    });
    const created = await seqOf(ids.publication!, 'record.create');
    const imported = (
      await t.db
        .select({ seq: auditEntries.seq })
        .from(auditEntries)
        .where(and(eq(auditEntries.action, 'record.import'), eq(auditEntries.entityType, 'metric')))
    )[0]!.seq;
    expect(problems).toEqual([
      `publications ${ids.publication}: title, year differ from audit entry ${created}`,
      `metric_snapshots ${ids.imported}: state differs from the digest in audit entry ${imported}`,
    ]);
  });

  it('names rows inserted, revived, deleted or removed outside Herald, and the CLI exits 1', async () => {
    const out = await inRollback(t.database, async (tx) => {
      const ctx = await loadRecordContext(tx, PROJECT);
      const data = validateRecord(
        'publication',
        recordInput('publication', { title: 'Slipped in', doi: '10.1234/in' }),
        ctx,
      );
      const [direct] = await insertRows(tx, 'publication', [
        {
          ...dataToValues('publication', data),
          projectId: PROJECT,
          source: 'form',
          createdBy: 'x',
          updatedBy: 'x',
        },
      ]);
      await tx.update(activities).set({ deletedAt: null }).where(eq(activities.id, ids.deleted!));
      await tx.update(publications).set({ deletedAt: new Date() }).where(eq(publications.id, ids.updated!));
      await tx.delete(metricSnapshots).where(eq(metricSnapshots.id, ids.imported!));
      const lines: string[] = [];
      const code = await runAuditVerify(
        tx,
        { project: PROJECT, records: true },
        { out: (l) => lines.push(`out ${l}`), err: (l) => lines.push(`err ${l}`) },
      );
      return { code, lines, direct };
    });
    const deletedAt = await seqOf(ids.deleted!, 'record.delete');
    const updatedAt = await seqOf(ids.updated!, 'record.update');
    expect(out.code).toBe(1);
    expect(out.lines.filter((l) => l.startsWith('err'))).toEqual(
      expect.arrayContaining([
        `err records ${PROJECT}: activities ${ids.deleted}: is live, but audit entry ${deletedAt} deleted it`,
        `err records ${PROJECT}: publications ${out.direct}: has no audit entry (written outside Herald)`,
        `err records ${PROJECT}: publications ${ids.updated}: is deleted, but audit entry ${updatedAt} says it is live`,
        expect.stringMatching(
          new RegExp(
            `^err records ${PROJECT}: metric_snapshots ${ids.imported}: is missing, but audit entry \\d+ says it exists$`,
          ),
        ),
      ]),
    );
    expect(out.lines.filter((l) => l.startsWith('err'))).toHaveLength(4);
    expect(out.lines).toContainEqual(
      expect.stringMatching(/^out records tide-x: \d+ rows checked, 4 problems; 1 not verifiable/),
    );
  });

  it('verifies rows written before publications had a licence; names a licence set behind Herald’s back', async () => {
    // The create entry of a publication without a licence carries no `licence` key (nulls are left out), as the
    // entries written before the column existed: their states and digests still match the rows.
    const [created] = await t.db
      .select({ after: auditEntries.after })
      .from(auditEntries)
      .where(and(eq(auditEntries.entityId, ids.publication!), eq(auditEntries.action, 'record.create')));
    expect(created?.after).not.toHaveProperty('licence');
    const out = await inRollback(t.database, async (tx) => {
      // An import entry whose digest was made from a state without the licence key (the digest before 0006).
      const ctx = await loadRecordContext(tx, PROJECT);
      const data = validateRecord('publication', recordInput('publication', { doi: '10.1234/old' }), ctx);
      const [old] = await insertRows(tx, 'publication', [
        {
          ...dataToValues('publication', data),
          projectId: PROJECT,
          source: 'import:pre',
          createdBy: 'x',
          updatedBy: 'x',
        },
      ]);
      const [row] = await tx.select().from(publications).where(eq(publications.id, old!));
      const { licence: _none, ...before0006 } = recordState('publication', row!);
      expect(_none).toBeUndefined();
      await appendAudit(tx as unknown as Tx, {
        projectId: PROJECT,
        actor: system,
        action: 'record.import',
        entityType: 'publication',
        entityId: 'pre',
        after: { batchId: 'pre', count: 1, ids: [old], digests: [stateDigest(before0006)] },
      });
      const untouched = (await checkRecords(tx, PROJECT)).problems;
      await tx
        .update(publications)
        .set({ licence: 'CC-BY-4.0' })
        .where(eq(publications.id, ids.publication!));
      await tx.update(publications).set({ licence: 'CC-BY-4.0' }).where(eq(publications.id, old!));
      return { untouched, tampered: (await checkRecords(tx, PROJECT)).problems, old: old! };
    });
    expect(out.untouched).toEqual([]);
    const createdSeq = await seqOf(ids.publication!, 'record.create');
    // In any order: rows of an untidied committed import batch are checked too (src/importers/tidy-job.ts).
    expect(out.tampered).toHaveLength(2);
    expect(out.tampered).toEqual(
      expect.arrayContaining([
        `publications ${ids.publication}: licence differs from audit entry ${createdSeq}`,
        expect.stringMatching(
          new RegExp(`^publications ${out.old}: state differs from the digest in audit entry \\d+$`),
        ),
      ]),
    );
  });
});
