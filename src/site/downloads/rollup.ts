/**
 * The daily rollup of a project's downloads (the `site.downloads-rollup` job): every day before the clock's today
 * that still has raw events is counted by the COUNTER rules (counter.ts), the counts are added to
 * `site_download_counts`, the days' events and salts are deleted (after that no visitor hash can be tied to anyone),
 * and the metric snapshot `downloads` of the Herald site's channel is set to the cumulative unique downloads as of
 * the last counted day, so the "deliverables downloaded" KPI moves by itself. All in ONE transaction: an interrupted
 * run leaves everything or nothing; a second run for the same day finds no events and a snapshot already right, so
 * it changes nothing.
 */
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { appendAudit, rowsOf } from '../../audit/chain';
import type { Actor } from '../../auth/permissions';
import type { Db } from '../../db/client';
import { metricSnapshots, siteDownloadCounts, siteDownloadEvents, siteDownloadSalts } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import type { Plan } from '../../plan/schema';
import { getCurrentPlan } from '../../projects/repository';
import { createRecord, updateRecord } from '../../records/service';
import { countDownloads, type FileDayCount } from './counter';

/** The metric snapshot's channel: stable whatever host or address serves the site (a channel id, not a URL). */
export const siteChannel = (projectId: string): string => `herald-site:${projectId}`;
/** The snapshot's `source` (data_source): where the figure comes from. */
export const SITE_METRIC_SOURCE = 'herald-site';

/** Who reports the site's figure: the website channel's responsible partner, else the coordinator, else a lead. */
export function sitePartner(plan: Plan): string {
  const website = plan.channels.find((c) => c.kind === 'website');
  const responsible = (website as { responsible?: string[] } | undefined)?.responsible?.[0];
  return (
    responsible ??
    plan.project.coordinator ??
    plan.project.dissemination_leads[0] ??
    (plan.partners[0]?.code as string)
  );
}

export interface RollupResult {
  days: string[];
  counted: FileDayCount[];
  /** Cumulative unique downloads as of `asOf` (the snapshot's value), null before any download was counted. */
  cumulative: number | null;
  asOf: string | null;
  /** created | updated | unchanged | none */
  snapshot: 'created' | 'updated' | 'unchanged' | 'none';
}

/** Counts every finished day of the project (see the file's comment). */
export async function rollupDownloads(
  db: Db,
  opts: { actor: Actor; projectId: string; clock: Clock },
): Promise<RollupResult> {
  const { actor, projectId, clock } = opts;
  const today = clock.today();
  const current = await getCurrentPlan(db, projectId);
  if (!current) throw new Error(`no plan for project ${projectId}`);
  const partner = sitePartner(current.plan);
  return db.transaction(async (tx) => {
    const finished = and(eq(siteDownloadEvents.projectId, projectId), lt(siteDownloadEvents.day, today));
    const events = await tx
      .select()
      .from(siteDownloadEvents)
      .where(finished)
      .orderBy(asc(siteDownloadEvents.at), asc(siteDownloadEvents.id));
    const counted = countDownloads(
      events.map((e) => ({
        fileId: e.fileId,
        visitor: e.visitor,
        at: e.at.getTime(),
        day: e.day,
        robot: e.robot,
      })),
    );
    if (counted.length > 0) {
      const t = siteDownloadCounts;
      await tx
        .insert(t)
        .values(counted.map((c) => ({ projectId, ...c })))
        .onConflictDoUpdate({
          target: [t.projectId, t.fileId, t.day],
          set: {
            total: sql`${t.total} + excluded.total`,
            unique: sql`${t.unique} + excluded."unique"`,
            robots: sql`${t.robots} + excluded.robots`,
            doubleClicks: sql`${t.doubleClicks} + excluded.double_clicks`,
          },
        });
      await tx.delete(siteDownloadEvents).where(finished);
    }
    await tx
      .delete(siteDownloadSalts)
      .where(and(eq(siteDownloadSalts.projectId, projectId), lt(siteDownloadSalts.day, today)));
    const [sum] = rowsOf<{ n: number | null; last: string | null }>(
      await tx.execute(sql`SELECT sum("unique")::int AS n, max(day)::text AS last
                             FROM site_download_counts WHERE project_id = ${projectId}`),
    );
    const cumulative = sum?.n == null ? null : Number(sum.n);
    const asOf = sum?.last ?? null;
    let snapshot: RollupResult['snapshot'] = 'none';
    if (cumulative !== null && asOf !== null) {
      const [existing] = await tx
        .select({ id: metricSnapshots.id, value: metricSnapshots.value, version: metricSnapshots.version })
        .from(metricSnapshots)
        .where(
          and(
            eq(metricSnapshots.projectId, projectId),
            eq(metricSnapshots.channel, siteChannel(projectId)),
            eq(metricSnapshots.metric, 'downloads'),
            eq(metricSnapshots.date, asOf),
            isNull(metricSnapshots.deletedAt),
          ),
        );
      const input = {
        lead_partner: partner,
        channel: siteChannel(projectId),
        channel_kind: 'website',
        channel_scope: 'project',
        metric: 'downloads',
        value: cumulative,
        date: asOf,
        source: SITE_METRIC_SOURCE,
      };
      if (!existing) {
        await createRecord(tx, { actor, projectId, kind: 'metric', input, source: 'job', clock });
        snapshot = 'created';
      } else if (existing.value !== cumulative) {
        await updateRecord(tx, {
          actor,
          projectId,
          kind: 'metric',
          id: existing.id,
          version: existing.version,
          input,
          clock,
        });
        snapshot = 'updated';
      } else snapshot = 'unchanged';
    }
    const days = [...new Set(events.map((e) => e.day))].sort();
    if (events.length > 0) {
      const sumOf = (k: 'total' | 'unique' | 'robots' | 'doubleClicks') =>
        counted.reduce((n, c) => n + c[k], 0);
      await appendAudit(tx, {
        projectId,
        actor,
        action: 'site.downloads.rollup',
        entityType: 'site',
        entityId: projectId,
        after: {
          days,
          events: events.length,
          total: sumOf('total'),
          unique: sumOf('unique'),
          robots: sumOf('robots'),
          double_clicks: sumOf('doubleClicks'),
          cumulative,
          as_of: asOf,
        },
      });
    }
    return { days, counted, cumulative, asOf, snapshot };
  });
}
