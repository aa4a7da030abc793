/**
 * Assembles the report model from the database for one project, period and language: every section in the seed's
 * order, figures from SQL (src/kpi), labels translated with the existing catalogs. Reads only.
 */
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { authorize, type Actor } from '../auth/permissions';
import { loadConfig } from '../config';
import type { Db } from '../db/client';
import type { Lang } from '../i18n';
import { queryRows } from '../kpi/engine';
import { loadPlanOrThrow } from '../kpi/service';
import type { Clock } from '../lib/clock';
import { projectEnd } from '../plan/time';
import { kpiRows, periodKpis, reportCharts } from './assemble-kpis';
import {
  pendingCorrections,
  periodDeviations,
  periodRecommendations,
  reportTextsOf,
} from './assemble-inputs';
import { identityOf, partnerContributions, timelineOf } from './assemble-plan';
import {
  periodActivities,
  periodEvents,
  periodMetrics,
  periodPublications,
  periodSynergies,
} from './assemble-records';
import type { ReportModel } from './model';
import { resolvePeriod } from './period';

export interface AssembleOptions {
  actor: Actor;
  projectId: string;
  /** A project year, or `from` + `to` (YYYY-MM-DD, inclusive). */
  year?: number;
  from?: string;
  to?: string;
  lang: Lang;
  clock: Clock;
  /** Set when submitting: printed on the cover. */
  proof?: ReportModel['proof'];
  /** Called as sections are assembled (0..1), for the job's progress. */
  onProgress?: (fraction: number) => void;
}

/** Where identity assets named by a relative `file` are looked for first: `<HERALD_DATA_DIR>/assets`. */
function assetsDir(): string | undefined {
  try {
    return join(loadConfig().HERALD_DATA_DIR, 'assets');
  } catch {
    return undefined;
  }
}

/** The number of steps `onProgress` reports (one per section group). */
const STEPS = 8;

export async function assembleReport(db: Db, opts: AssembleOptions): Promise<ReportModel> {
  const { projectId, lang } = opts;
  authorize(opts.actor, 'report.read', { projectId });
  const { plan, version } = await loadPlanOrThrow(db, projectId);
  const period = resolvePeriod(plan, {
    ...(opts.year !== undefined ? { year: opts.year } : {}),
    ...(opts.from !== undefined ? { from: opts.from } : {}),
    ...(opts.to !== undefined ? { to: opts.to } : {}),
  });
  let step = 0;
  const progress = () => opts.onProgress?.(Math.min(1, ++step / STEPS));
  const start = plan.project.start_date;
  const q = { projectId, projectStart: start, from: period.from, to: period.to, lang };

  const [head] = await queryRows(db, sql`SELECT seq, hash FROM audit_heads WHERE chain = ${projectId}`);
  const texts = await reportTextsOf(db, { projectId, scope: period.scope, lang });
  const identity = await identityOf(plan, lang, assetsDir());
  progress();

  const kpis = kpiRows(
    await periodKpis(db, { projectId, plan, period, today: opts.clock.today() }),
    texts,
    lang,
  );
  progress();
  const activities = await periodActivities(db, q);
  progress();
  const events = await periodEvents(db, q);
  const synergies = await periodSynergies(db, q);
  progress();
  const publications = await periodPublications(db, q);
  progress();
  const metrics = await periodMetrics(db, q);
  const charts = await reportCharts({ plan, kpis, metrics, lang });
  progress();
  const partners = await partnerContributions(db, {
    projectId,
    plan,
    from: period.from,
    to: period.to,
    lang,
  });
  const timeline = await timelineOf(db, { projectId, plan, to: period.to, lang });
  progress();
  const deviations = await periodDeviations(db, q);
  const recommendations = await periodRecommendations(db, q);
  const corrections = await pendingCorrections(db, q);
  progress();

  const grant = plan.project.grants[0];
  return {
    lang,
    generatedAt: opts.clock.now().toISOString(),
    period,
    project: {
      id: projectId,
      acronym: plan.project.acronym,
      title: plan.project.title,
      programme: plan.project.programme,
      grantNumber: grant?.number ?? null,
      start,
      end: projectEnd(start, plan.project.duration_months),
      website: plan.project.website ?? null,
    },
    identity,
    planVersion: version,
    audit: { seq: head ? Number(head.seq) : 0, head: head ? String(head.hash) : null },
    proof: opts.proof ?? null,
    summary: {
      text: texts.get('summary') ?? '',
      counts: {
        activities: activities.byType.reduce((n, g) => n + g.count, 0),
        events: events.length,
        publications: publications.length,
        synergies: synergies.length,
      },
    },
    kpis,
    activities,
    events,
    publications,
    synergies,
    metrics,
    charts,
    partners,
    timeline,
    deviations: { text: texts.get('deviations') ?? '', items: deviations },
    recommendations,
    corrections,
  };
}
