/**
 * Period sign-off: a partner confirms in one step that its records for an ended period are complete, or says what
 * is still missing. `period.signoff`: partner editors for their own partner, coordinators for any (on the partner's
 * behalf: the audit entry says so). Every change is audited (before/after) in the same transaction; a change names
 * the version it saw (0: none yet) and a stale one is a conflict (409). Reading: `report.read`.
 *
 * `signoffStatus` and `missingSignoffs` read without an actor: they are for other use cases (the digest, the report
 * pre-flight, the requests) that checked their own permission.
 *
 * @example
 * await signOffPeriod(db, { actor, projectId, input: { period: 1, partner: 'WLI', state: 'confirmed', version: 0 }, clock });
 * await missingSignoffs(db, { projectId, today: clock.today() }); // [{ period, partners: ['KDDI', …] }]
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { periodSignoffs, users, type PeriodSignoffRow } from '../db/schema';
import { AppError, notFound } from '../errors';
import { issueKey } from '../i18n/zod';
import type { Clock } from '../lib/clock';
import type { Plan } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { issueMessage } from '../records/issue-message';
import { validationError } from '../records/validate';
import { multilineText } from '../schema-pieces';
import { endedPeriods, signoffPeriods, type SignoffPeriod } from './periods';

export const SIGNOFF_STATES = ['confirmed', 'incomplete'] as const;
export type SignoffState = (typeof SIGNOFF_STATES)[number];

const inputSchema = z
  .strictObject({
    period: z.coerce.number().int().min(1).max(1000),
    partner: z.string().trim().min(1, 'is required').max(40),
    state: z.enum(SIGNOFF_STATES),
    missing: multilineText(4000).optional(),
    /** The version the form showed; 0 when the partner had not signed yet. */
    version: z.coerce.number().int().min(0),
  })
  .superRefine((v, ctx) => {
    if (v.state === 'incomplete' && !v.missing)
      ctx.addIssue({ code: 'custom', path: ['missing'], message: 'say what is still missing' });
  });
export type SignoffInput = z.input<typeof inputSchema>;

function parse(input: unknown) {
  const parsed = inputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw validationError(
    parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.code === 'custom' ? i.message : issueMessage(i),
      ...(i.code === 'custom' ? { key: 'signoff.error.missingRequired' } : issueKey(i)),
    })),
  );
}

export async function planOf(db: Db, projectId: string): Promise<Plan> {
  const current = await getCurrentPlan(db, projectId);
  if (!current) throw notFound('project');
  return current.plan;
}

const periodError = (message: string, n: number, code: 'validation' | 'period_not_ended' = 'validation') =>
  new AppError({
    code,
    status: code === 'validation' ? 422 : 409,
    message,
    params: { period: n },
    details: [{ path: 'period', message }],
  });

/** Someone signed in between: the version the page was loaded with is not the stored one. */
export const signoffConflict = (current: number, given: number): AppError =>
  new AppError({
    code: 'conflict',
    status: 409,
    message: `Someone changed this sign-off since you loaded it (version ${given}; now ${current}): reload the page`,
    messageKey: 'signoff.error.conflict',
    params: { current, given },
  });

/** Whether the actor answers for the partner itself (its editor) rather than on its behalf (coordinator, admin). */
const ownPartner = (actor: Actor, projectId: string, partner: string): boolean =>
  (actor.kind === 'user' &&
    actor.memberships.some(
      (m) => m.projectId === projectId && m.role === 'editor' && m.partnerCode === partner,
    )) ||
  (actor.kind === 'token' && actor.partnerCode === partner);

const view = (r: Pick<PeriodSignoffRow, 'state' | 'missing' | 'version' | 'periodFrom' | 'periodTo'>) => ({
  state: r.state,
  missing: r.missing,
  version: r.version,
  from: r.periodFrom,
  to: r.periodTo,
});

/** Confirms a partner's period, or records what is still missing, at the version the form showed. */
export async function signOffPeriod(
  db: Db,
  opts: { actor: Actor; projectId: string; input: unknown; clock: Clock },
): Promise<PeriodSignoffRow> {
  const { actor, projectId, clock } = opts;
  const v = parse(opts.input);
  authorize(actor, 'period.signoff', { projectId, partnerCode: v.partner });
  const plan = await planOf(db, projectId);
  if (!plan.partners.some((p) => p.code === v.partner)) {
    const message = `"${v.partner}" is not a partner of the plan (${plan.partners.map((p) => p.code).join(', ')})`;
    throw validationError([
      { path: 'partner', message, key: 'signoff.error.partner', params: { partner: v.partner } },
    ]);
  }
  const period = signoffPeriods(plan).find((p) => p.n === v.period);
  if (!period) throw periodError(`the project has no sign-off period ${v.period}`, v.period);
  if (!(period.to < clock.today()))
    throw periodError(
      `period ${v.period} ends on ${period.to}: it can be signed off from the day after`,
      v.period,
      'period_not_ended',
    );
  const onBehalf = !ownPartner(actor, projectId, v.partner);
  const missing = v.state === 'incomplete' ? (v.missing ?? '') : null;
  return db.transaction(async (tx) => {
    const where = and(
      eq(periodSignoffs.projectId, projectId),
      eq(periodSignoffs.period, v.period),
      eq(periodSignoffs.partnerCode, v.partner),
    );
    const [before] = await tx.select().from(periodSignoffs).where(where).for('update');
    if ((before?.version ?? 0) !== v.version) throw signoffConflict(before?.version ?? 0, v.version);
    const values = {
      periodFrom: period.from,
      periodTo: period.to,
      state: v.state,
      missing,
      version: v.version + 1,
      updatedBy: actorId(actor),
      onBehalf,
      updatedAt: clock.now(),
    };
    const [row] = before
      ? await tx.update(periodSignoffs).set(values).where(where).returning()
      : await tx
          .insert(periodSignoffs)
          .values({ projectId, period: v.period, partnerCode: v.partner, ...values })
          .returning();
    await appendAudit(tx, {
      projectId,
      actor,
      action: v.state === 'confirmed' ? 'period.signoff' : 'period.signoff-incomplete',
      entityType: 'period_signoff',
      entityId: `${v.period}/${v.partner}`,
      before: before ? view(before) : null,
      after: { ...view(values), partner: v.partner, on_behalf: onBehalf },
      at: clock.now(),
    });
    return row as PeriodSignoffRow;
  });
}

export type PartnerSignoff =
  | {
      partner: string;
      state: SignoffState;
      missing: string | null;
      version: number;
      by: string;
      /** The signer's name (null: a deleted account or not a person). */
      byName: string | null;
      onBehalf: boolean;
      at: Date;
    }
  | { partner: string; state: 'missing'; version: 0 };

/** The stored rows of a project that still match the plan's periods, by `<period>/<partner>`. */
async function currentRows(db: Db, projectId: string, periods: readonly SignoffPeriod[]) {
  const rows = await db
    .select({ row: periodSignoffs, name: users.name })
    .from(periodSignoffs)
    .leftJoin(users, sql`${periodSignoffs.updatedBy} = 'user:' || ${users.id}`)
    .where(eq(periodSignoffs.projectId, projectId));
  const out = new Map<string, PartnerSignoff>();
  for (const { row, name } of rows) {
    const p = periods.find((x) => x.n === row.period);
    if (!p || p.from !== row.periodFrom || p.to !== row.periodTo) continue;
    out.set(`${row.period}/${row.partnerCode}`, {
      partner: row.partnerCode,
      state: row.state as SignoffState,
      missing: row.missing,
      version: row.version,
      by: row.updatedBy,
      byName: name,
      onBehalf: row.onBehalf,
      at: row.updatedAt,
    });
  }
  return out;
}

/** Every plan partner with its state in one period (`missing` when it has not answered). */
export async function signoffStatus(
  db: Db,
  q: { projectId: string; period: number },
): Promise<PartnerSignoff[]> {
  return (await signoffGrid(db, { projectId: q.projectId })).get(q.period) ?? [];
}

/** Every period (by number) → every plan partner's state, from one query. */
export async function signoffGrid(
  db: Db,
  q: { projectId: string; plan?: Plan },
): Promise<Map<number, PartnerSignoff[]>> {
  const plan = q.plan ?? (await planOf(db, q.projectId));
  const periods = signoffPeriods(plan);
  const rows = await currentRows(db, q.projectId, periods);
  return new Map(
    periods.map((p) => [
      p.n,
      plan.partners.map(
        (x): PartnerSignoff =>
          rows.get(`${p.n}/${x.code}`) ?? { partner: x.code, state: 'missing', version: 0 },
      ),
    ]),
  );
}

/** The ended periods (as of `today`) with the partners that have not confirmed them (incomplete or silent). */
export async function missingSignoffs(
  db: Db,
  q: { projectId: string; today: string; plan?: Plan },
): Promise<Array<{ period: SignoffPeriod; partners: string[] }>> {
  const plan = q.plan ?? (await planOf(db, q.projectId));
  const grid = await signoffGrid(db, { projectId: q.projectId, plan });
  return endedPeriods(plan, q.today).flatMap((period) => {
    const partners = (grid.get(period.n) ?? []).filter((s) => s.state !== 'confirmed').map((s) => s.partner);
    return partners.length > 0 ? [{ period, partners }] : [];
  });
}
