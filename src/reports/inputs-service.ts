/**
 * What the coordinator keeps for a report: its texts per scope and language (summary, deviations text, each KPI's
 * comment `kpi:<code>`) and the deviations with their corrective actions. Read: report.read; write: report.write,
 * audited in the same transaction, optimistic versions (a stale form is a conflict).
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { deviations, reportTexts } from '../db/schema';
import { notFound } from '../errors';
import { multilineText } from '../schema-pieces';
import { isoDateSchema } from '../plan/schema';
import { checkCode, inputConflict, kpiCodes, parseInput, planOf, wpCodes } from './inputs-shared';
import { validationError } from '../records/validate';
import { parseScope, resolvePeriod } from './period';

export const REPORT_LANGS = ['en', 'ja'] as const;
export type ReportTextRow = typeof reportTexts.$inferSelect;
export type DeviationRow = typeof deviations.$inferSelect;

const textSchema = z.strictObject({
  key: z
    .string()
    .regex(/^(summary|deviations|kpi:[A-Za-z0-9][\w.-]*)$/, 'must be summary, deviations or kpi:<code>'),
  lang: z.enum(REPORT_LANGS),
  body: multilineText(20000),
  /** The version the form showed; 0 for a text not written yet. */
  version: z.coerce.number().int().min(0),
});

/** The texts of a scope, every language. */
export async function listReportTexts(
  db: Db,
  opts: { actor: Actor; projectId: string; scope: string },
): Promise<ReportTextRow[]> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  return db
    .select()
    .from(reportTexts)
    .where(and(eq(reportTexts.projectId, opts.projectId), eq(reportTexts.scope, opts.scope)));
}

/** Writes one text (an empty body keeps an empty text: the report then prints nothing for it). */
export async function saveReportText(
  db: Db,
  opts: { actor: Actor; projectId: string; scope: string; input: unknown },
): Promise<ReportTextRow> {
  const { actor, projectId, scope } = opts;
  authorize(actor, 'report.write', { projectId });
  const v = parseInput(textSchema, opts.input);
  const plan = await planOf(db, projectId);
  const period = parseScope(scope);
  if (!period) throw validationError([{ path: 'scope', message: `"${scope}" is not a report scope` }]);
  resolvePeriod(plan, period);
  if (v.key.startsWith('kpi:')) {
    const details: Parameters<typeof checkCode>[0] = [];
    checkCode(details, 'key', v.key.slice(4), kpiCodes(plan));
    if (details.length > 0) throw validationError(details);
  }
  const who = actorId(actor);
  return db.transaction(async (tx) => {
    const where = and(
      eq(reportTexts.projectId, projectId),
      eq(reportTexts.scope, scope),
      eq(reportTexts.key, v.key),
      eq(reportTexts.lang, v.lang),
    );
    const [before] = await tx.select().from(reportTexts).where(where).for('update');
    if ((before?.version ?? 0) !== v.version) throw inputConflict(before?.version ?? 0, v.version);
    const values = { body: v.body, version: v.version + 1, updatedAt: new Date(), updatedBy: who };
    const [row] = before
      ? await tx.update(reportTexts).set(values).where(where).returning()
      : await tx
          .insert(reportTexts)
          .values({ projectId, scope, key: v.key, lang: v.lang, ...values })
          .returning();
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'report.text',
      entityType: 'report_text',
      entityId: `${scope}/${v.key}/${v.lang}`,
      before: before ? { body: before.body, version: before.version } : null,
      after: { body: v.body, version: values.version },
    });
    return row as ReportTextRow;
  });
}

const deviationSchema = z.strictObject({
  noted_on: isoDateSchema,
  kpi: z.string().trim().max(80).optional(),
  wp: z.string().trim().max(40).optional(),
  description: multilineText(4000).pipe(z.string().min(1, 'is required')),
  corrective_action: multilineText(4000).default(''),
});
export type DeviationInput = z.input<typeof deviationSchema>;

async function checkedDeviation(db: Db, projectId: string, input: unknown) {
  const v = parseInput(deviationSchema, input);
  const plan = await planOf(db, projectId);
  const details: Parameters<typeof checkCode>[0] = [];
  checkCode(details, 'kpi', v.kpi, kpiCodes(plan));
  checkCode(details, 'wp', v.wp, wpCodes(plan));
  if (details.length > 0) throw validationError(details);
  return {
    notedOn: v.noted_on,
    kpi: v.kpi || null,
    wp: v.wp || null,
    description: v.description,
    correctiveAction: v.corrective_action,
  };
}

const deviationView = (
  r: Pick<DeviationRow, 'notedOn' | 'kpi' | 'wp' | 'description' | 'correctiveAction'>,
) => ({
  noted_on: r.notedOn,
  kpi: r.kpi,
  wp: r.wp,
  description: r.description,
  corrective_action: r.correctiveAction,
});

/** Live deviations, by date; only those noted within [from, to] when given. */
export async function listDeviations(
  db: Db,
  opts: { actor: Actor; projectId: string; from?: string; to?: string },
): Promise<DeviationRow[]> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const rows = await db
    .select()
    .from(deviations)
    .where(and(eq(deviations.projectId, opts.projectId), isNull(deviations.deletedAt)))
    .orderBy(asc(deviations.notedOn), asc(deviations.createdAt));
  return rows.filter((r) => (!opts.from || r.notedOn >= opts.from) && (!opts.to || r.notedOn <= opts.to));
}

export async function getDeviation(
  db: Db,
  opts: { actor: Actor; projectId: string; id: string },
): Promise<DeviationRow> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const [row] = await db
    .select()
    .from(deviations)
    .where(
      and(eq(deviations.projectId, opts.projectId), eq(deviations.id, opts.id), isNull(deviations.deletedAt)),
    );
  if (!row) throw notFound('deviation');
  return row;
}

export async function createDeviation(
  db: Db,
  opts: { actor: Actor; projectId: string; input: unknown },
): Promise<DeviationRow> {
  const { actor, projectId } = opts;
  authorize(actor, 'report.write', { projectId });
  const values = await checkedDeviation(db, projectId, opts.input);
  const who = actorId(actor);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(deviations)
      .values({ projectId, ...values, createdBy: who, updatedBy: who })
      .returning();
    const created = row as DeviationRow;
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'deviation.create',
      entityType: 'deviation',
      entityId: created.id,
      after: deviationView(created),
    });
    return created;
  });
}

/** Edits (input given) or soft-deletes (`delete`) a deviation at the version the form showed. */
export async function changeDeviation(
  db: Db,
  opts: { actor: Actor; projectId: string; id: string; version: number; input?: unknown; delete?: boolean },
): Promise<DeviationRow> {
  const { actor, projectId, id } = opts;
  authorize(actor, 'report.write', { projectId });
  const values = opts.delete ? null : await checkedDeviation(db, projectId, opts.input);
  const who = actorId(actor);
  return db.transaction(async (tx) => {
    const where = and(
      eq(deviations.projectId, projectId),
      eq(deviations.id, id),
      isNull(deviations.deletedAt),
    );
    const [before] = await tx.select().from(deviations).where(where).for('update');
    if (!before) throw notFound('deviation');
    if (before.version !== opts.version) throw inputConflict(before.version, opts.version);
    const now = new Date();
    const set = values
      ? { ...values, updatedAt: now, updatedBy: who, version: before.version + 1 }
      : { deletedAt: now, deletedBy: who, version: before.version + 1 };
    const [row] = await tx.update(deviations).set(set).where(where).returning();
    await appendAudit(tx, {
      projectId,
      actor,
      action: values ? 'deviation.update' : 'deviation.delete',
      entityType: 'deviation',
      entityId: id,
      before: deviationView(before),
      after: values ? deviationView(values) : null,
    });
    return row as DeviationRow;
  });
}
