/**
 * The digest's two sections that other domains feed: partners who have not signed off an ended reporting period
 * (src/signoff; only when the plan asks for sign-offs, like the pre-flight rule), and open inconsistency alerts
 * (src/records/consistency.ts).
 */
import type { Db } from '../db/client';
import type { LocalizedText } from '../plan/schema';
import { alertMessage, openAlerts as openConsistencyAlerts } from '../records/consistency';
import { failingSourceItems } from '../sources/alerts';
import { missingSignoffs as signoffGaps, planOf } from '../signoff/service';

/** A partner that has not signed off a period. */
export interface MissingSignoffItem {
  partner: string;
  /** The period as the sign-off domain names it (e.g. `2019-07-01..2020-06-30` or `year:1`). */
  period: string;
  /** Where the coordinator sees the sign-offs (an app path, `/p/…`). */
  href: string;
}

/** An open inconsistency alert. */
export interface OpenAlertItem {
  /** What contradicts what, in a sentence (the alert's own text, in English and Japanese). */
  label: LocalizedText;
  /** The record or alert page (an app path, `/p/…`). */
  href: string;
}

export interface DigestSourceQuery {
  projectId: string;
  /** The digest's "as of" day (YYYY-MM-DD). */
  today: string;
}

/** Partners with a sign-off missing as of `today`. */
export async function missingSignoffs(db: Db, q: DigestSourceQuery): Promise<MissingSignoffItem[]> {
  const plan = await planOf(db, q.projectId);
  const r = plan.reminders;
  if (!r?.enabled || !r.signoff.enabled) return [];
  const base = `/p/${encodeURIComponent(q.projectId)}/signoff`;
  return (await signoffGaps(db, { projectId: q.projectId, today: q.today, plan })).flatMap(
    ({ period, partners }) =>
      partners.map((partner) => ({
        partner,
        period: `${period.from}..${period.to}`,
        href: `${base}?partner=${encodeURIComponent(partner)}`,
      })),
  );
}

/**
 * Inconsistency alerts still open as of `today` (a live run of the rules, dismissed ones left out), then the failing
 * live sources.
 */
export async function openAlerts(db: Db, q: DigestSourceQuery): Promise<OpenAlertItem[]> {
  const href = `/p/${encodeURIComponent(q.projectId)}/alerts`;
  const inconsistencies = (await openConsistencyAlerts(db, q)).map((f) => ({
    label: { en: alertMessage('en', f), ja: alertMessage('ja', f) },
    href,
  }));
  // Beside them: live sources whose last run failed (src/sources/alerts.ts), linked to the sources page.
  return [...inconsistencies, ...(await failingSourceItems(db, q.projectId))];
}
