/**
 * Submitting a report: in ONE transaction the evidence manifest is computed, the model assembled with its proof
 * (Merkle root, key fingerprint, time), the files rendered, the `reports` row (state submitted, figures, signed
 * manifest) and its `report_files` stored, the year closed (a year report), the activities it lists as Delivered
 * locked, pending corrections marked as reported, and `report.submit` audited. Any failure leaves no row.
 * The pre-flight gates it first (submit-gate.ts: errors refuse, warnings need acknowledging).
 * Formats: html always; docx; pdf when Chromium is found (CHROMIUM_PATH or the usual paths, as pdf.ts), else left out.
 * Locked: activities with status Delivered whose dates touch the period (the Portal's rule is about reported
 * communication activities); events, publications and synergies stay editable, and the manifest's digests still
 * show any later change to them.
 */
import { existsSync } from 'node:fs';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { recordDigest } from '../audit/record-state';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import { activities, auditHeads, recordCorrections, reportFiles, reportLocks, reports } from '../db/schema';
import { AppError, isAppError } from '../errors';
import type { Lang } from '../i18n';
import { loadPlanOrThrow } from '../kpi/service';
import { closeYear } from '../kpi/year-closures';
import type { Clock } from '../lib/clock';
import { newId } from '../lib/ids';
import { liveSql } from '../records/visibility';
import { loadInstanceKey } from '../signing';
import { assembleReport } from './assemble';
import {
  collectFigures,
  figuresRoot,
  keyBlock,
  MANIFEST_FORMAT,
  MERKLE_RULE,
  sha256Hex,
  signManifest,
  type EvidenceManifest,
  type ManifestFile,
  type SignedManifest,
} from './manifest';
import type { RenderedReport, ReportFormat, ReportModel } from './model';
import { CHROMIUM_CANDIDATES } from './pdf';
import { resolvePeriod } from './period';
import { renderReport } from './render';
import { preflightGate } from './submit-gate';

export interface SubmitOptions {
  actor: Actor;
  projectId: string;
  year?: number;
  from?: string;
  to?: string;
  lang: Lang;
  clock: Clock;
  /** The instance's private key file (src/signing.ts; created on first use). */
  keyFile: string;
  /** Default: html, docx, and pdf when Chromium is found. */
  formats?: ReportFormat[];
  /** The submitter acknowledges the pre-flight's warnings (errors always refuse: src/reports/submit-gate.ts). */
  acceptWarnings?: boolean;
  /** The assembly and rendering to use (default: the real ones; a test passes a failing renderer). */
  assemble?: typeof assembleReport;
  render?: typeof renderReport;
}

export interface SubmitResult {
  reportId: string;
  scope: string;
  lang: Lang;
  merkleRoot: string;
  keyId: string;
  keyFingerprint: string;
  files: ManifestFile[];
  locked: number;
  /** For a year report: `closed` now, or `already` closed before. */
  year: 'closed' | 'already' | null;
}

/** Whether a Chromium for the PDF is at hand, by the PDF renderer's own rule (`CHROMIUM_PATH`, else its candidates). */
export function chromiumFound(env: NodeJS.ProcessEnv = process.env): boolean {
  const named = env.CHROMIUM_PATH;
  return named ? existsSync(named) : CHROMIUM_CANDIDATES.some((p) => existsSync(p));
}

export const defaultFormats = (): ReportFormat[] =>
  chromiumFound() ? ['html', 'docx', 'pdf'] : ['html', 'docx'];

/** The submitted report of a project scope + language, if any. */
export async function submittedReport(db: Db | Tx, q: { projectId: string; scope: string; lang: string }) {
  const [row] = await db
    .select()
    .from(reports)
    .where(
      and(
        eq(reports.projectId, q.projectId),
        eq(reports.scope, q.scope),
        eq(reports.lang, q.lang),
        eq(reports.state, 'submitted'),
      ),
    );
  return row;
}

export function alreadySubmitted(q: { scope: string; lang: string; at: Date | null }): AppError {
  const date = (q.at ?? new Date(0)).toISOString().slice(0, 10);
  return new AppError({
    code: 'report_submitted',
    status: 409,
    message: `a report for ${q.scope} in ${q.lang} has already been submitted (${date}): a submitted report is final`,
    params: { scope: q.scope, lang: q.lang, date },
    details: [{ path: 'scope', message: `already submitted on ${date}` }],
  });
}

/** Delivered activities whose dates touch the period, their rows locked for this transaction. */
async function deliveredActivities(tx: Tx, q: { projectId: string; from: string; to: string }) {
  return (await tx
    .select()
    .from(activities)
    .where(
      and(
        liveSql(q.projectId),
        isNull(activities.deletedAt),
        eq(activities.status, 'Delivered'),
        sql`${activities.startDate} <= ${q.to}::date`,
        sql`coalesce(${activities.endDate}, ${activities.startDate}) >= ${q.from}::date`,
      ),
    )
    .orderBy(activities.id)
    .for('update')) as Array<typeof activities.$inferSelect>;
}

/** Closes the report's year in this transaction; a year closed before stays as it was. */
async function closeReportYear(
  tx: Tx,
  opts: SubmitOptions & { year: number },
): Promise<'closed' | 'already'> {
  try {
    await closeYear(tx as unknown as Db, {
      actor: opts.actor,
      projectId: opts.projectId,
      year: opts.year,
      via: 'report',
      clock: opts.clock,
      now: opts.clock.now(),
    });
    return 'closed';
  } catch (e) {
    if (isAppError(e) && e.code === 'year_closed') return 'already';
    throw e;
  }
}

/** What the `figures` column keeps: the KPI rows the report prints. */
const figuresOf = (model: ReportModel) =>
  model.kpis.map((k) => ({
    kpi: k.id,
    label: k.label,
    value: k.value,
    hasValue: k.hasValue,
    target: k.target,
    comparator: k.comparator,
    status: k.status,
    forecast: k.forecast,
    comment: k.comment,
    parts: k.parts,
  }));

export async function submitReport(db: Db, opts: SubmitOptions): Promise<SubmitResult> {
  const { actor, projectId, lang, clock } = opts;
  authorize(actor, 'report.submit', { projectId });
  const { plan, version } = await loadPlanOrThrow(db, projectId);
  const period = resolvePeriod(plan, { year: opts.year, from: opts.from, to: opts.to });
  const before = await submittedReport(db, { projectId, scope: period.scope, lang });
  if (before) throw alreadySubmitted({ scope: period.scope, lang, at: before.submittedAt });
  // Before anything is written (the key is created on first use): a refused submission leaves no trace.
  await preflightGate(db, { actor, projectId, period, acceptWarnings: opts.acceptWarnings ?? false });
  const formats = opts.formats ?? defaultFormats();
  const key = await loadInstanceKey(db, { keyFile: opts.keyFile });
  const assemble = opts.assemble ?? assembleReport;
  const render = opts.render ?? renderReport;
  const reportId = newId();
  const now = clock.now();
  const who = actorId(actor);

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`report.submit:${projectId}`}))`);
    const again = await submittedReport(tx, { projectId, scope: period.scope, lang });
    if (again) throw alreadySubmitted({ scope: period.scope, lang, at: again.submittedAt });
    const delivered = await deliveredActivities(tx, { projectId, from: period.from, to: period.to });
    const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.chain, projectId));
    const { at, figures } = await collectFigures(tx, { projectId, plan, period });
    const root = figuresRoot(figures);
    const keyInfo = keyBlock(key);
    const model = await assemble(tx as unknown as Db, {
      actor,
      projectId,
      ...(period.year !== null ? { year: period.year } : { from: period.from, to: period.to }),
      lang,
      clock,
      proof: { merkleRoot: root, keyFingerprint: keyInfo.fingerprint, submittedAt: now.toISOString() },
    });
    const rendered: RenderedReport[] = [];
    for (const format of formats) rendered.push(await render(model, format));
    const files: ManifestFile[] = rendered.map((f) => ({
      format: f.format,
      fileName: f.fileName,
      contentType: f.contentType,
      sha256: sha256Hex(f.bytes),
      size: f.bytes.byteLength,
    }));
    const manifest: EvidenceManifest = {
      format: MANIFEST_FORMAT,
      project: { id: projectId, acronym: plan.project.acronym },
      report: {
        id: reportId,
        scope: period.scope,
        year: period.year,
        from: period.from,
        to: period.to,
        lang,
      },
      planVersion: version,
      at,
      audit: { chain: projectId, seq: head?.seq ?? 0, head: head?.hash ?? null },
      submittedAt: now.toISOString(),
      submittedBy: who,
      figures,
      merkle: { rule: MERKLE_RULE, leaves: figures.length, root },
      files,
      key: keyInfo,
    };
    const signed: SignedManifest = signManifest(manifest, key);
    await tx.insert(reports).values({
      id: reportId,
      projectId,
      scope: period.scope,
      year: period.year,
      fromDate: period.from,
      toDate: period.to,
      lang,
      state: 'submitted',
      planVersion: version,
      auditSeq: manifest.audit.seq,
      auditHead: manifest.audit.head,
      figures: figuresOf(model),
      manifest: signed,
      merkleRoot: root,
      signature: signed.signature,
      keyFingerprint: keyInfo.fingerprint,
      createdAt: now,
      createdBy: who,
      submittedAt: now,
      submittedBy: who,
    });
    for (const f of rendered) {
      await tx.insert(reportFiles).values({
        reportId,
        format: f.format,
        fileName: f.fileName,
        contentType: f.contentType,
        sha256: sha256Hex(f.bytes),
        size: f.bytes.byteLength,
        content: f.bytes,
        createdAt: now,
      });
    }
    const year = period.year !== null ? await closeReportYear(tx, { ...opts, year: period.year }) : null;
    if (delivered.length > 0) {
      await tx.insert(reportLocks).values(
        delivered.map((row) => ({
          reportId,
          projectId,
          kind: 'activity',
          recordId: row.id,
          version: row.version,
          digest: recordDigest('activity', row),
        })),
      );
    }
    await tx
      .update(recordCorrections)
      .set({ reportedIn: reportId })
      .where(and(eq(recordCorrections.projectId, projectId), isNull(recordCorrections.reportedIn)));
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'report.submit',
      entityType: 'report',
      entityId: reportId,
      at: now,
      after: {
        id: reportId,
        scope: period.scope,
        lang,
        merkleRoot: root,
        keyId: key.keyId,
        auditSeq: manifest.audit.seq,
        files: files.map((f) => ({ format: f.format, sha256: f.sha256 })),
        locked: delivered.length,
      },
    });
    return {
      reportId,
      scope: period.scope,
      lang,
      merkleRoot: root,
      keyId: key.keyId,
      keyFingerprint: keyInfo.fingerprint,
      files,
      locked: delivered.length,
      year,
    };
  });
}
