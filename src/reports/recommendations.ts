/**
 * Reviewers' recommendations (the issue's "recommendation record") and how the project answers them: response,
 * actions, the KPIs (plan codes) and the records (validated to exist in the project) that show it, and a status.
 * Read: report.read; write: report.write, audited in the same transaction, optimistic versions.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { recommendations } from '../db/schema';
import { notFound } from '../errors';
import { isoDateSchema } from '../plan/schema';
import { KIND_TABLES, RECORD_KINDS, type RecordKind } from '../records/kinds';
import { validationError } from '../records/validate';
import { multilineText } from '../schema-pieces';
import { checkCode, inputConflict, kpiCodes, parseInput, planOf } from './inputs-shared';

export const RECOMMENDATION_STATUSES = ['open', 'in_progress', 'addressed'] as const;
export type RecommendationRow = typeof recommendations.$inferSelect;
export interface RecordRef {
  kind: RecordKind;
  id: string;
}

const recommendationSchema = z.strictObject({
  review: multilineText(300).pipe(z.string().min(1, 'is required')),
  received_on: isoDateSchema.optional(),
  text: multilineText(8000).pipe(z.string().min(1, 'is required')),
  response: multilineText(8000).default(''),
  actions: multilineText(8000).default(''),
  kpis: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
  records: z
    .array(z.strictObject({ kind: z.enum(RECORD_KINDS), id: z.uuid() }))
    .max(200)
    .default([]),
  status: z.enum(RECOMMENDATION_STATUSES).default('open'),
});
export type RecommendationInput = z.input<typeof recommendationSchema>;

async function checked(db: Db, projectId: string, input: unknown) {
  const v = parseInput(recommendationSchema, input);
  const codes = kpiCodes(await planOf(db, projectId));
  const details: Parameters<typeof checkCode>[0] = [];
  v.kpis.forEach((k, i) => checkCode(details, `kpis.${i}`, k, codes));
  for (const kind of RECORD_KINDS) {
    const ids = [...new Set(v.records.filter((r) => r.kind === kind).map((r) => r.id))];
    if (ids.length === 0) continue;
    const table = KIND_TABLES[kind];
    const found = await db
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.projectId, projectId), inArray(table.id, ids), isNull(table.deletedAt)));
    const known = new Set(found.map((r) => r.id));
    v.records.forEach((r, i) => {
      if (r.kind === kind && !known.has(r.id))
        details.push({
          path: `records.${i}`,
          message: `no ${kind} ${r.id} in this project`,
          key: 'reportInputs.error.record',
          params: { kind, id: r.id },
        });
    });
  }
  if (details.length > 0) throw validationError(details);
  const records = v.records.filter(
    (r, i) => v.records.findIndex((o) => o.kind === r.kind && o.id === r.id) === i,
  );
  return {
    review: v.review,
    receivedOn: v.received_on ?? null,
    text: v.text,
    response: v.response,
    actions: v.actions,
    kpis: [...new Set(v.kpis)],
    records,
    status: v.status,
  };
}

type Values = Awaited<ReturnType<typeof checked>>;
const view = (r: Omit<Values, 'records' | 'status'> & { records: unknown; status: string }) => ({
  review: r.review,
  received_on: r.receivedOn,
  text: r.text,
  response: r.response,
  actions: r.actions,
  kpis: r.kpis,
  records: r.records,
  status: r.status,
});

/** Live recommendations, oldest first. */
export async function listRecommendations(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<RecommendationRow[]> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  return db
    .select()
    .from(recommendations)
    .where(and(eq(recommendations.projectId, opts.projectId), isNull(recommendations.deletedAt)))
    .orderBy(asc(recommendations.createdAt), asc(recommendations.id));
}

export async function getRecommendation(
  db: Db,
  opts: { actor: Actor; projectId: string; id: string },
): Promise<RecommendationRow> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const [row] = await db
    .select()
    .from(recommendations)
    .where(
      and(
        eq(recommendations.projectId, opts.projectId),
        eq(recommendations.id, opts.id),
        isNull(recommendations.deletedAt),
      ),
    );
  if (!row) throw notFound('recommendation');
  return row;
}

export async function createRecommendation(
  db: Db,
  opts: { actor: Actor; projectId: string; input: unknown },
): Promise<RecommendationRow> {
  const { actor, projectId } = opts;
  authorize(actor, 'report.write', { projectId });
  const values = await checked(db, projectId, opts.input);
  const who = actorId(actor);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(recommendations)
      .values({ projectId, ...values, createdBy: who, updatedBy: who })
      .returning();
    const created = row as RecommendationRow;
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'recommendation.create',
      entityType: 'recommendation',
      entityId: created.id,
      after: view(values),
    });
    return created;
  });
}

/** Edits (input given) or soft-deletes (`delete`) a recommendation at the version the form showed. */
export async function changeRecommendation(
  db: Db,
  opts: { actor: Actor; projectId: string; id: string; version: number; input?: unknown; delete?: boolean },
): Promise<RecommendationRow> {
  const { actor, projectId, id } = opts;
  authorize(actor, 'report.write', { projectId });
  const values = opts.delete ? null : await checked(db, projectId, opts.input);
  const who = actorId(actor);
  return db.transaction(async (tx) => {
    const where = and(
      eq(recommendations.projectId, projectId),
      eq(recommendations.id, id),
      isNull(recommendations.deletedAt),
    );
    const [before] = await tx.select().from(recommendations).where(where).for('update');
    if (!before) throw notFound('recommendation');
    if (before.version !== opts.version) throw inputConflict(before.version, opts.version);
    const now = new Date();
    const set = values
      ? { ...values, updatedAt: now, updatedBy: who, version: before.version + 1 }
      : { deletedAt: now, deletedBy: who, version: before.version + 1 };
    const [row] = await tx.update(recommendations).set(set).where(where).returning();
    await appendAudit(tx, {
      projectId,
      actor,
      action: values ? 'recommendation.update' : 'recommendation.delete',
      entityType: 'recommendation',
      entityId: id,
      before: view(before),
      after: values ? view(values) : null,
    });
    return row as RecommendationRow;
  });
}
