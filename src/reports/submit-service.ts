/**
 * What the web shows around submission (reads only): the submit page's preview (scope, language, the KPI figures,
 * the pre-flight's counts and findings, or the report already submitted for that scope + language), the submitted
 * reports with their root, fingerprint, time and submitter, and a submitted report's signed manifest as bytes.
 */
import { and, desc, eq } from 'drizzle-orm';
import { actorNames } from '../auth/account';
import { authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { reportFiles, reports } from '../db/schema';
import { notFound } from '../errors';
import type { Lang } from '../i18n';
import type { KpiValue } from '../kpi/engine';
import { loadPlanOrThrow } from '../kpi/service';
import type { Clock } from '../lib/clock';
import { sha256Hex, type SignedManifest } from './manifest';
import type { ReportFormat, ReportPeriod } from './model';
import { periodKpis } from './assemble-kpis';
import { resolvePeriod } from './period';
import { countFindings, currentYear, runPreflight, type PreflightFinding } from './preflight';
import type { Plan } from '../plan/schema';

export interface SubmittedReport {
  id: string;
  scope: string;
  year: number | null;
  from: string;
  to: string;
  lang: Lang;
  merkleRoot: string;
  keyFingerprint: string;
  submittedAt: Date;
  /** The submitter's name (or actor id when not a person). */
  submittedBy: string;
  files: Array<{ format: ReportFormat; fileName: string; size: number; sha256: string }>;
}

/** The project's submitted reports, newest first (report.read). */
export async function listSubmitted(
  db: Db,
  opts: { actor: Actor; projectId: string; scope?: string; lang?: string },
): Promise<SubmittedReport[]> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const rows = await db
    .select({
      id: reports.id,
      scope: reports.scope,
      year: reports.year,
      from: reports.fromDate,
      to: reports.toDate,
      lang: reports.lang,
      merkleRoot: reports.merkleRoot,
      keyFingerprint: reports.keyFingerprint,
      submittedAt: reports.submittedAt,
      submittedBy: reports.submittedBy,
      createdAt: reports.createdAt,
      format: reportFiles.format,
      fileName: reportFiles.fileName,
      size: reportFiles.size,
      sha256: reportFiles.sha256,
    })
    .from(reports)
    .leftJoin(reportFiles, eq(reportFiles.reportId, reports.id))
    .where(
      and(
        eq(reports.projectId, opts.projectId),
        eq(reports.state, 'submitted'),
        opts.scope !== undefined ? eq(reports.scope, opts.scope) : undefined,
        opts.lang !== undefined ? eq(reports.lang, opts.lang) : undefined,
      ),
    )
    .orderBy(desc(reports.submittedAt), reports.id, reportFiles.format);
  const names = await actorNames(
    db,
    rows.map((r) => r.submittedBy ?? ''),
  );
  const out = new Map<string, SubmittedReport>();
  for (const r of rows) {
    const who = r.submittedBy ?? '';
    const item = out.get(r.id) ?? {
      id: r.id,
      scope: r.scope,
      year: r.year,
      from: String(r.from),
      to: String(r.to),
      lang: r.lang as Lang,
      merkleRoot: r.merkleRoot ?? '',
      keyFingerprint: r.keyFingerprint ?? '',
      submittedAt: r.submittedAt ?? r.createdAt,
      submittedBy: names.get(who) ?? who,
      files: [],
    };
    if (r.format && r.fileName && r.size !== null && r.sha256)
      item.files.push({
        format: r.format as ReportFormat,
        fileName: r.fileName,
        size: r.size,
        sha256: r.sha256,
      });
    out.set(r.id, item);
  }
  return [...out.values()];
}

export interface SubmitPreview {
  plan: Plan;
  period: ReportPeriod;
  lang: Lang;
  /** The KPI figures the report will print (the yearly figures, frozen when the year is closed). */
  kpis: KpiValue[];
  findings: PreflightFinding[];
  counts: { error: number; warning: number };
  /** The report already submitted for this scope + language (then nothing more may be submitted). */
  submitted: SubmittedReport | null;
}

/** The submit page's use case (report.submit): the period (default: the current project year) and its preview. */
export async function submitPreview(
  db: Db,
  opts: {
    actor: Actor;
    projectId: string;
    year?: number;
    from?: string;
    to?: string;
    lang: Lang;
    clock: Clock;
  },
): Promise<SubmitPreview> {
  const { actor, projectId } = opts;
  authorize(actor, 'report.submit', { projectId });
  const { plan } = await loadPlanOrThrow(db, projectId);
  const none = opts.year === undefined && opts.from === undefined && opts.to === undefined;
  const period = resolvePeriod(
    plan,
    none
      ? { year: currentYear(plan, opts.clock.today()) }
      : { year: opts.year, from: opts.from, to: opts.to },
  );
  const [submitted] = await listSubmitted(db, { actor, projectId, scope: period.scope, lang: opts.lang });
  const findings = submitted ? [] : await runPreflight(db, { actor, projectId, period });
  const kpis = await periodKpis(db, { projectId, plan, period, today: opts.clock.today() });
  return {
    plan,
    period,
    lang: opts.lang,
    kpis,
    findings,
    counts: countFindings(findings),
    submitted: submitted ?? null,
  };
}

/** A submitted report's signed manifest as the JSON file `herald verify --manifest` reads (report.read). */
export async function manifestFile(
  db: Db,
  opts: { actor: Actor; projectId: string; reportId: string },
): Promise<{ bytes: Uint8Array<ArrayBuffer>; fileName: string; sha256: string }> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const [row] = await db
    .select({ manifest: reports.manifest, scope: reports.scope, lang: reports.lang })
    .from(reports)
    .where(
      and(
        eq(reports.projectId, opts.projectId),
        eq(reports.id, opts.reportId),
        eq(reports.state, 'submitted'),
      ),
    );
  if (!row?.manifest) throw notFound('report manifest');
  const manifest = row.manifest as SignedManifest;
  const bytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  const name = `${manifest.project.acronym}-${row.scope}-${row.lang}-manifest.json`;
  return { bytes, fileName: name.replace(/[^\w.-]/g, '_'), sha256: sha256Hex(bytes) };
}
