/**
 * Closing a project year: the one act that freezes its KPI figures (never a read). Close (a coordinator, or a
 * submitted report with via 'report'), re-open and re-baseline (both need a reason) are permission-checked and
 * audited in the same transaction as the change.
 */
import { systemClock, type Clock } from '../lib/clock';
import { and, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import { yearClosures } from '../db/schema';
import { AppError, type ErrorCode } from '../errors';
import { evaluateKpis, type KpiValue } from './engine';
import { loadPlanOrThrow, resolveWindow } from './service';
import { deleteYearFigures, storeYearFigures, yearClosure, yearWindow, type YearClosure } from './snapshots';

export type ClosureVia = 'manual' | 'report';

interface YearOptions {
  actor: Actor;
  projectId: string;
  year: number;
  /** The clock (tests); default now. The closure time itself is the database's clock unless this is given. */
  now?: Date;
  /** Whose "today" says whether the year has ended (default: the system clock); `now` wins when given. */
  clock?: Clock;
}

export interface CloseYearOptions extends YearOptions {
  /** `report`: closed by submitting that year's report (checked against `report.submit`). Default `manual`. */
  via?: ClosureVia;
  reason?: string;
}

export interface ChangeYearOptions extends YearOptions {
  /** Why the frozen figures are re-opened or re-taken: required. */
  reason: string;
}

export interface YearClosureResult {
  year: number;
  /** The date the figures are as of (the year's last day). */
  at: string;
  closure: YearClosure | null;
  values: Record<string, number>;
}

const valuesOf = (kpis: Array<Pick<KpiValue, 'id' | 'value'>>) =>
  Object.fromEntries(kpis.map((k) => [k.id, k.value]));

function yearError(code: ErrorCode, status: 409 | 400, message: string, year: number): AppError {
  return new AppError({ code, status, message, params: { year }, details: [{ path: 'year', message }] });
}

function requireReason(reason: string | undefined): string {
  const r = reason?.trim() ?? '';
  if (r.length === 0) {
    throw new AppError({
      code: 'validation',
      status: 422,
      message: 'a reason is required',
      messageKey: 'error.reason_required',
      details: [{ path: 'reason', message: 'a reason is required', key: 'error.reason_required' }],
    });
  }
  return r;
}

/** Loads the plan and checks the year: a year of the project that has ended (`now` is after its last day). */
async function yearContext(db: Db, opts: YearOptions) {
  const current = await loadPlanOrThrow(db, opts.projectId);
  resolveWindow(current.plan, { year: opts.year });
  const { to } = yearWindow(current.plan, opts.year);
  const today = opts.now ? opts.now.toISOString().slice(0, 10) : (opts.clock ?? systemClock).today();
  return { ...current, at: to, today };
}

const closedAtValue = (now: Date | undefined) => now ?? sql`clock_timestamp()`;

async function evaluateInto(
  tx: Tx,
  ctx: { plan: Parameters<typeof evaluateKpis>[1]['plan']; version: number; at: string },
  opts: YearOptions,
) {
  const values = await evaluateKpis(tx, { projectId: opts.projectId, plan: ctx.plan, at: ctx.at });
  await storeYearFigures(tx, {
    projectId: opts.projectId,
    year: opts.year,
    at: ctx.at,
    planVersion: ctx.version,
    values,
  });
  return valuesOf(values);
}

const closureWhere = (projectId: string, year: number) =>
  and(eq(yearClosures.projectId, projectId), eq(yearClosures.year, year));

/** Closes an ended project year: stores its figures as of its last day, frozen from now on. */
export async function closeYear(db: Db, opts: CloseYearOptions): Promise<YearClosureResult> {
  const via = opts.via ?? 'manual';
  authorize(opts.actor, via === 'report' ? 'report.submit' : 'year.close', { projectId: opts.projectId });
  const ctx = await yearContext(db, opts);
  if (ctx.at >= ctx.today) {
    throw yearError(
      'year_not_ended',
      409,
      `year ${opts.year} ends on ${ctx.at}: it cannot be closed before it has ended`,
      opts.year,
    );
  }
  const reason = opts.reason?.trim() || null;
  return db.transaction(async (tx) => {
    const [closure] = await tx
      .insert(yearClosures)
      .values({
        projectId: opts.projectId,
        year: opts.year,
        closedAt: closedAtValue(opts.now),
        closedBy: actorId(opts.actor),
        via,
        reason,
      })
      .onConflictDoNothing()
      .returning();
    if (!closure) throw yearError('year_closed', 409, `year ${opts.year} is already closed`, opts.year);
    const values = await evaluateInto(tx, ctx, opts);
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'year.close',
      entityType: 'project_year',
      entityId: opts.year,
      after: { year: opts.year, at: ctx.at, via, reason, planVersion: ctx.version, values },
    });
    return { year: opts.year, at: ctx.at, closure, values };
  });
}

/** The closure and frozen figures of a closed year, or a 409 when the year is open. */
async function closedOrThrow(tx: Tx, projectId: string, year: number) {
  const closure = await yearClosure(tx, projectId, year);
  if (!closure) throw yearError('year_open', 409, `year ${year} is not closed`, year);
  const rows = (await tx.execute(
    sql`SELECT kpi_code, value FROM kpi_snapshots WHERE project_id = ${projectId} AND kind = 'yearly' AND period = ${year}`,
  )) as unknown as { rows: Array<{ kpi_code: string; value: number }> };
  const values = Object.fromEntries(rows.rows.map((r) => [r.kpi_code, Number(r.value)]));
  return { closure, values };
}

const closureJson = (c: YearClosure) => ({
  closedAt: c.closedAt.toISOString(),
  closedBy: c.closedBy,
  via: c.via,
  reason: c.reason,
});

/** Re-opens a closed year (with a reason): its figures are live and provisional again until it is closed anew. */
export async function reopenYear(db: Db, opts: ChangeYearOptions): Promise<YearClosureResult> {
  authorize(opts.actor, 'year.close', { projectId: opts.projectId });
  const reason = requireReason(opts.reason);
  const ctx = await yearContext(db, opts);
  return db.transaction(async (tx) => {
    const before = await closedOrThrow(tx, opts.projectId, opts.year);
    await tx.delete(yearClosures).where(closureWhere(opts.projectId, opts.year));
    await deleteYearFigures(tx, opts.projectId, opts.year);
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'year.reopen',
      entityType: 'project_year',
      entityId: opts.year,
      before: { year: opts.year, ...closureJson(before.closure), values: before.values },
      after: { year: opts.year, reason },
    });
    return { year: opts.year, at: ctx.at, closure: null, values: before.values };
  });
}

/** Re-takes a closed year's figures now (with a reason): late records are folded in, the closure time moves. */
export async function rebaselineYear(db: Db, opts: ChangeYearOptions): Promise<YearClosureResult> {
  authorize(opts.actor, 'year.close', { projectId: opts.projectId });
  const reason = requireReason(opts.reason);
  const ctx = await yearContext(db, opts);
  return db.transaction(async (tx) => {
    const before = await closedOrThrow(tx, opts.projectId, opts.year);
    const [closure] = await tx
      .update(yearClosures)
      .set({ closedAt: closedAtValue(opts.now), closedBy: actorId(opts.actor), reason })
      .where(closureWhere(opts.projectId, opts.year))
      .returning();
    const values = await evaluateInto(tx, ctx, opts);
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'year.rebaseline',
      entityType: 'project_year',
      entityId: opts.year,
      before: { year: opts.year, ...closureJson(before.closure), values: before.values },
      after: { year: opts.year, at: ctx.at, reason, planVersion: ctx.version, values },
    });
    return { year: opts.year, at: ctx.at, closure: closure ?? null, values };
  });
}
