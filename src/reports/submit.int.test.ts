/**
 * Submitting a report: all or nothing, once per scope + language; files and figures stay byte-identical after the
 * records change; the signed manifest verifies offline and, against the database, names records changed behind the
 * app's back; a reported Delivered activity refuses edits (en + ja message) and is corrected instead.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/db';
import {
  activityInput as anyActivity,
  publicationInput as anyPublication,
} from '../../test/factories/records';
import { makePlan, planInput } from '../../test/factories/plan';
import { readDocx } from '../../test/docx';
import { tinyPng } from '../../test/records';
import type { Actor } from '../auth/permissions';
import type { Database } from '../db/client';
import {
  auditEntries,
  auditHeads,
  recordCorrections,
  reportFiles,
  reportLocks,
  reports,
  yearClosures,
} from '../db/schema';
import { isAppError, type AppError } from '../errors';
import { translate } from '../i18n';
import { fixedClock } from '../lib/clock';
import { importPlan } from '../projects/service';
import { deleteEvidence, listEvidence, uploadEvidence } from '../records/files';
import { createRecord, deleteRecord, getRecord, updateRecord } from '../records/service';
import { correctRecord } from './corrections';
import type { renderReport } from './render';
import { chromiumFound, submitReport, type SubmitOptions } from './submit';
import { changedRecords, verifyOffline } from './verify';
import { sha256Hex, type SignedManifest } from './manifest';

// The real assembly and renderers (echarts, resvg, docx; Chromium for the PDF) on a shared, loaded machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const PROJECT = 'tide-x';
const coordinator: Actor = {
  kind: 'user',
  userId: 'test-coordinator',
  isAdmin: false,
  memberships: [{ projectId: PROJECT, role: 'coordinator', partnerCode: null }],
};
const editor: Actor = {
  kind: 'user',
  userId: 'test-editor',
  isAdmin: false,
  memberships: [{ projectId: PROJECT, role: 'editor', partnerCode: 'UNIA' }],
};

// The real assembly and renderers; the PDF too where Chromium is found (the int tier may not have it).
const formats: SubmitOptions['formats'] = chromiumFound() ? ['html', 'docx', 'pdf'] : ['html', 'docx'];

/** Records that pass the pre-flight's errors (its gate): an outcome, a repository copy, a CC BY licence. */
const activityInput = (o: Parameters<typeof anyActivity>[0] = {}) =>
  anyActivity({ outcome: 'Covered by two regional newspapers', ...o });
const publicationInput = (o: Parameters<typeof anyPublication>[0] = {}) =>
  anyPublication({ repository_url: 'https://zenodo.org/records/1000001', licence: 'CC-BY-4.0', ...o });

let database: Database;
let keyFile: string;
const clock = fixedClock('2025-02-03T10:00:00Z');
const ids: Record<string, string> = {};

const opts = (o: Partial<SubmitOptions> = {}): SubmitOptions => ({
  actor: coordinator,
  projectId: PROJECT,
  year: 1,
  lang: 'en',
  clock,
  keyFile,
  formats,
  acceptWarnings: true,
  ...o,
});

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

beforeAll(async () => {
  database = await createTestDatabase();
  keyFile = join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'instance.pem');
  const plan = makePlan({
    kpis: [
      ...(planInput().kpis ?? []),
      {
        id: 'delivered',
        label: 'Delivered activities',
        target: 3,
        target_text: '3',
        measure: { kind: 'count', record: 'activity', where: { status: 'Delivered' } },
      },
    ],
  });
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 't.yaml',
    actor: 'cli:test',
  });
  const make = async (name: string, kind: 'activity' | 'publication', input: unknown) => {
    ids[name] = (
      await createRecord(database.db, { actor: coordinator, projectId: PROJECT, kind, input, clock })
    ).id;
  };
  await make(
    'delivered',
    'activity',
    activityInput({ title: 'Pilot press release', start_date: '2024-03-15' }),
  );
  await make(
    'ongoing',
    'activity',
    activityInput({ title: 'Running blog', status: 'Ongoing', start_date: '2024-04-01' }),
  );
  await make('later', 'activity', activityInput({ title: 'Year two release', start_date: '2025-01-20' }));
  await make(
    'paper',
    'publication',
    publicationInput({ title: 'Tidal grids', year: 2024, date: '2024-05-01' }),
  );
});
afterAll(async () => {
  await database?.close();
});

const db = () => database.db;
const submitted = () => db().select().from(reports);

describe('submitReport', () => {
  it('leaves no row when a step fails (all or nothing)', async () => {
    const [headBefore] = await db().select().from(auditHeads).where(eq(auditHeads.chain, PROJECT));
    const failing: typeof renderReport = () => Promise.reject(new Error('renderer broke'));
    await expect(submitReport(db(), opts({ render: failing }))).rejects.toThrow('renderer broke');
    expect(await submitted()).toEqual([]);
    expect(await db().select().from(reportFiles)).toEqual([]);
    expect(await db().select().from(reportLocks)).toEqual([]);
    expect(await db().select().from(yearClosures)).toEqual([]);
    const [headAfter] = await db().select().from(auditHeads).where(eq(auditHeads.chain, PROJECT));
    expect(headAfter).toEqual(headBefore);
  });

  it('refuses anyone but a coordinator', async () => {
    expect((await refusal(submitReport(db(), opts({ actor: editor })))).code).toBe('forbidden');
  });

  let manifest: SignedManifest;
  let fileBytes: Uint8Array;
  let storedFiles: Array<{ format: string; content: Uint8Array }>;
  let figures: unknown;

  it('stores the files, figures and signed manifest, closes the year and locks the Delivered activities', async () => {
    const r = await submitReport(db(), opts());
    expect(r).toMatchObject({ scope: 'year:1', lang: 'en', locked: 1, year: 'closed' });
    const [row] = await submitted();
    expect(row).toMatchObject({ id: r.reportId, state: 'submitted', merkleRoot: r.merkleRoot, year: 1 });
    manifest = row!.manifest as SignedManifest;
    figures = row!.figures;
    expect(manifest.merkle.root).toBe(r.merkleRoot);
    expect(manifest.key.fingerprint).toBe(r.keyFingerprint);
    // The delivered-activities figure as of the year's end: only the one Delivered in year 1.
    const delivered = manifest.figures.find((f) => f.kpi === 'delivered');
    expect(delivered).toMatchObject({ value: 1, records: [{ kind: 'activity', id: ids.delivered }] });
    expect(delivered?.queries[0]?.sql).toMatch(/FROM "?activities"?/i);
    expect(delivered?.recordsQuery[0]?.sql).toContain('activities');
    expect(manifest.figures.find((f) => f.kpi === 'papers')?.records.map((x) => x.id)).toEqual([ids.paper]);
    // Every format was rendered and stored; the manifest lists each file's sha256.
    storedFiles = await db()
      .select()
      .from(reportFiles)
      .where(eq(reportFiles.reportId, r.reportId))
      .orderBy(reportFiles.format);
    expect(storedFiles.map((f) => f.format)).toEqual([...formats!].sort());
    for (const f of storedFiles) {
      expect(manifest.files.find((m) => m.format === f.format)?.sha256).toBe(sha256Hex(f.content));
    }
    // The real HTML and DOCX print the proof: the Merkle root and the key's fingerprint, and the figures.
    const html = storedFiles.find((f) => f.format === 'html')!;
    fileBytes = html.content;
    const text = new TextDecoder().decode(fileBytes);
    expect(text).toContain(r.merkleRoot);
    expect(text).toContain(r.keyFingerprint);
    expect(text).toContain('Delivered activities');
    expect(text).toContain('Pilot press release');
    const docx = await readDocx(storedFiles.find((f) => f.format === 'docx')!.content);
    const paragraphs = docx.paragraphs.map((p) => p.text).join('\n');
    expect(paragraphs).toContain(r.merkleRoot);
    expect(paragraphs).toContain(r.keyFingerprint);
    const kpiRow = docx.tables.flatMap((t) => t.rows).find((row) => row[0]?.includes('Delivered activities'));
    expect(kpiRow).toBeDefined();
    expect(kpiRow).toContain('1');
    // Locks: the Delivered activity of year 1 only (not the Ongoing one, not year 2's).
    const locks = await db().select().from(reportLocks);
    expect(locks.map((l) => l.recordId)).toEqual([ids.delivered]);
    expect(await db().select().from(yearClosures)).toMatchObject([{ year: 1, via: 'report' }]);
    const actions = (
      await db()
        .select({ action: auditEntries.action })
        .from(auditEntries)
        .where(eq(auditEntries.chain, PROJECT))
        .orderBy(auditEntries.seq)
    ).map((a) => a.action);
    expect(actions.slice(-2)).toEqual(['year.close', 'report.submit']);
  });

  it('verifies offline and against the untouched database', async () => {
    const check = verifyOffline(fileBytes, manifest);
    expect(check).toMatchObject({ ok: true, signature: true, rootMatches: true, fingerprintMatches: true });
    expect(await changedRecords(db(), manifest)).toEqual([]);
    // A byte changed in the file, or in the manifest, fails.
    const tampered = Uint8Array.from(fileBytes);
    tampered[0] = 0x20;
    expect(verifyOffline(tampered, manifest).ok).toBe(false);
    const forged = { ...manifest, figures: manifest.figures.map((f) => ({ ...f, value: f.value + 1 })) };
    expect(verifyOffline(fileBytes, forged)).toMatchObject({
      ok: false,
      signature: false,
      rootMatches: false,
    });
  });

  it('refuses a second submission of the same scope and language', async () => {
    const e = await refusal(submitReport(db(), opts()));
    expect(e).toMatchObject({ code: 'report_submitted', status: 409 });
    expect(e.message).toContain('year:1 in en has already been submitted');
  });

  it('refuses an edit or delete of a reported Delivered activity, with a clear message in en and ja', async () => {
    const current = await getRecord(db(), {
      actor: coordinator,
      projectId: PROJECT,
      kind: 'activity',
      id: ids.delivered!,
    });
    const e = await refusal(
      updateRecord(db(), {
        actor: coordinator,
        projectId: PROJECT,
        kind: 'activity',
        id: ids.delivered!,
        version: current.version,
        input: activityInput({ title: 'Edited after submission', start_date: '2024-03-15' }),
      }),
    );
    expect(e).toMatchObject({ code: 'record_locked', status: 409 });
    const day = clock.today();
    expect(translate('en', e.messageKey, e.params)).toBe(
      `This record was reported as Delivered in the submitted report year:1 · en · ${day}: it can no longer be ` +
        'changed in place. Correct it instead: the correction becomes a new record, flagged for the next report.',
    );
    expect(translate('ja', e.messageKey, e.params)).toBe(
      `この記録は提出済みの報告書 year:1 · en · ${day} で「実施済み」として報告されたため、その場で変更できません。` +
        '代わりに訂正してください。訂正は新しい記録となり、次の報告書で報告されます。',
    );
    const d = await refusal(
      deleteRecord(db(), { actor: coordinator, projectId: PROJECT, kind: 'activity', id: ids.delivered! }),
    );
    expect(d.code).toBe('record_locked');
    // An unlocked record of the same year is still edited in place.
    const ongoing = await getRecord(db(), {
      actor: coordinator,
      projectId: PROJECT,
      kind: 'activity',
      id: ids.ongoing!,
    });
    await updateRecord(db(), {
      actor: coordinator,
      projectId: PROJECT,
      kind: 'activity',
      id: ids.ongoing!,
      version: ongoing.version,
      input: activityInput({ title: 'Running blog, renamed', status: 'Ongoing', start_date: '2024-04-01' }),
    });
  });

  it('keeps a reported record’s evidence: a file may be added (audited), none removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-files-'));
    const file = await uploadEvidence(db(), {
      actor: coordinator,
      projectId: PROJECT,
      kind: 'activity',
      recordId: ids.delivered!,
      fileName: 'clipping.png',
      bytes: tinyPng(),
      dir,
    });
    const e = await refusal(
      deleteEvidence(db(), { actor: coordinator, projectId: PROJECT, fileId: file.id, dir }),
    );
    expect(e).toMatchObject({ code: 'record_locked', status: 409 });
    const listed = await listEvidence(db(), {
      actor: coordinator,
      projectId: PROJECT,
      kind: 'activity',
      recordId: ids.delivered!,
    });
    expect(listed.map((f) => f.id)).toContain(file.id);
  });

  it('keeps the files and figures byte-identical after records change', async () => {
    const paper = await getRecord(db(), {
      actor: coordinator,
      projectId: PROJECT,
      kind: 'publication',
      id: ids.paper!,
    });
    await updateRecord(db(), {
      actor: coordinator,
      projectId: PROJECT,
      kind: 'publication',
      id: ids.paper!,
      version: paper.version,
      input: publicationInput({ title: 'Tidal grids, revised', year: 2024, date: '2024-05-01' }),
    });
    await createRecord(db(), {
      actor: coordinator,
      projectId: PROJECT,
      kind: 'activity',
      input: activityInput({ title: 'Late addition', start_date: '2024-06-01' }),
      clock,
    });
    const [row] = await submitted();
    const files = await db()
      .select()
      .from(reportFiles)
      .where(eq(reportFiles.reportId, row!.id))
      .orderBy(reportFiles.format);
    expect(files.map((f) => f.format)).toEqual(storedFiles.map((f) => f.format));
    files.forEach((f, i) => {
      expect(Buffer.from(f.content).equals(Buffer.from(storedFiles[i]!.content))).toBe(true);
    });
    expect(row!.figures).toEqual(figures);
    expect(row!.manifest).toEqual(manifest);
    // The changed publication is named (changed through the app, but after submission).
    expect(await changedRecords(db(), manifest)).toEqual([
      { kind: 'publication', id: ids.paper, state: 'changed', figures: ['papers'] },
    ]);
  });

  it('names a record changed by SQL behind the app’s back', async () => {
    await db().execute(sql`UPDATE activities SET title = 'Tampered' WHERE id = ${ids.delivered}`);
    const changes = await changedRecords(db(), manifest);
    expect(changes).toContainEqual({
      kind: 'activity',
      id: ids.delivered,
      state: 'changed',
      figures: ['delivered'],
    });
    expect(verifyOffline(fileBytes, manifest).ok).toBe(true); // the file and manifest themselves are intact
    await db().execute(sql`UPDATE activities SET title = 'Pilot press release' WHERE id = ${ids.delivered}`);
  });

  it('corrects a locked record: a new record, the original withdrawn, flagged for the next report', async () => {
    const reason = 'The release went out on the 16th';
    expect(
      (
        await refusal(
          correctRecord(db(), {
            actor: coordinator,
            projectId: PROJECT,
            kind: 'activity',
            id: ids.delivered!,
            input: activityInput({ title: 'Pilot press release', start_date: '2024-03-16' }),
            reason: ' ',
          }),
        )
      ).code,
    ).toBe('validation');
    const r = await correctRecord(db(), {
      actor: coordinator,
      projectId: PROJECT,
      kind: 'activity',
      id: ids.delivered!,
      input: activityInput({ title: 'Pilot press release', start_date: '2024-03-16' }),
      reason,
    });
    expect(r.correction).toMatchObject({
      title: 'Pilot press release',
      start_date: '2024-03-16',
      deleted_at: null,
    });
    expect(r.original.deleted_at).not.toBeNull();
    const [c] = await db().select().from(recordCorrections);
    expect(c).toMatchObject({
      originalId: ids.delivered,
      correctionId: r.correction.id,
      reason,
      reportedIn: null,
    });
    // The correction is editable; the original neither editable nor correctable twice.
    expect(
      (
        await refusal(
          correctRecord(db(), {
            actor: coordinator,
            projectId: PROJECT,
            kind: 'activity',
            id: ids.ongoing!,
            input: activityInput(),
            reason,
          }),
        )
      ).code,
    ).toBe('not_locked');
    // The verifier names the withdrawn original.
    expect(await changedRecords(db(), manifest)).toContainEqual({
      kind: 'activity',
      id: ids.delivered,
      state: 'deleted',
      figures: ['delivered'],
    });
    // The next submitted report lists the correction.
    const next = await submitReport(db(), opts({ year: undefined, from: '2024-01-01', to: '2024-06-30' }));
    const [after] = await db()
      .select()
      .from(recordCorrections)
      .where(and(eq(recordCorrections.originalId, ids.delivered!)));
    expect(after?.reportedIn).toBe(next.reportId);
  });
});
