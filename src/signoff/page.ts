/**
 * The sign-off page's use case (report.read; reads only): a partner's view (each ended period with what the partner
 * reported in it and its answer; the forms when the actor may sign for it) or the partners × periods table. A
 * partner editor opens their own partner's view; others the table, and any partner's view with `partner`.
 */
import { authorize, can, membershipIn, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import type { Clock } from '../lib/clock';
import type { Plan } from '../plan/schema';
import { endedPeriods, signoffPeriods, type SignoffPeriod } from './periods';
import { planOf, signoffGrid, type PartnerSignoff } from './service';
import { partnerPeriodCounts, type KindCount } from './summary';

export interface PartnerPeriod {
  period: SignoffPeriod;
  signoff: PartnerSignoff;
  counts: KindCount[];
}

export type SignoffPage =
  | {
      mode: 'partner';
      plan: Plan;
      partner: string;
      /** Whether the actor may answer for this partner. */
      canSign: boolean;
      periods: PartnerPeriod[];
      /** The last day of the first period not ended yet (null when every period has ended). */
      nextEnd: string | null;
    }
  | {
      mode: 'table';
      plan: Plan;
      periods: SignoffPeriod[];
      ended: number[];
      grid: Map<number, PartnerSignoff[]>;
      nextEnd: string | null;
    };

export async function signoffPage(
  db: Db,
  opts: { actor: Actor; projectId: string; partner?: string; table?: boolean; clock: Clock },
): Promise<SignoffPage> {
  const { actor, projectId } = opts;
  authorize(actor, 'report.read', { projectId });
  const plan = await planOf(db, projectId);
  const today = opts.clock.today();
  const all = signoffPeriods(plan);
  const ended = endedPeriods(plan, today);
  const nextEnd = all.find((p) => !(p.to < today))?.to ?? null;
  const grid = await signoffGrid(db, { projectId, plan });
  const m = membershipIn(actor, projectId);
  const own = m?.role === 'editor' && m.partnerCode && !opts.table ? m.partnerCode : undefined;
  const partner = opts.partner ?? own;
  if (partner === undefined)
    return { mode: 'table', plan, periods: all, ended: ended.map((p) => p.n), grid, nextEnd };
  if (!plan.partners.some((p) => p.code === partner)) throw notFound('partner');
  const periods: PartnerPeriod[] = [];
  for (const period of [...ended].reverse()) {
    const signoff = (grid.get(period.n) ?? []).find((s) => s.partner === partner) ?? {
      partner,
      state: 'missing' as const,
      version: 0 as const,
    };
    periods.push({ period, signoff, counts: await partnerPeriodCounts(db, { projectId, partner, period }) });
  }
  return {
    mode: 'partner',
    plan,
    partner,
    canSign: can(actor, 'period.signoff', { projectId, partnerCode: partner }),
    periods,
    nextEnd,
  };
}
