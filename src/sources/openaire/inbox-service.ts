/**
 * The suggested outputs inbox's use cases (`sources.manage`: coordinators):
 * - acceptSuggestion: the suggestion's CSL-JSON item goes through the one import path (importFetched → the CSL
 *   importer's commit: validation, container-DOI guard, duplicates, import batch and its audit), with the lead
 *   partner the coordinator chose (default: the plan's coordinator partner). A new publication → accepted pointing
 *   at it; a duplicate → accepted pointing at the publication already there (no second record); an invalid item
 *   (no year, an unknown partner…) or a DOI known under another title → 422 with the importer's located errors,
 *   nothing changed. Then, in one transaction, the suggestion is marked and `suggestion.accept` audited.
 * - rejectSuggestion: an optional reason (≤ 500 characters), remembered; the product is never suggested again.
 * A decision on a suggestion that is no longer waiting (decided meanwhile) is a 409.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { actorId, authorize, type Actor } from '../../auth/permissions';
import { appendAudit } from '../../audit/chain';
import type { Db, Tx } from '../../db/client';
import { publications, suggestedOutputs, type SuggestedOutputRow } from '../../db/schema';
import { AppError, notFound, type ErrorDetail } from '../../errors';
import type { Clock } from '../../lib/clock';
import type { Plan } from '../../plan/schema';
import { loadRecordContext } from '../../records/context';
import { validationError } from '../../records/validate';
import { isVisible } from '../../records/visibility';
import { importFetched } from '../import-path';
import { livePublicationsByDoi, SOURCE } from './store';

export type SuggestionStatus = 'suggested' | 'accepted' | 'rejected';
export const SUGGESTION_STATUSES: readonly SuggestionStatus[] = ['suggested', 'accepted', 'rejected'];
export const REASON_MAX = 500;

interface Decide {
  actor: Actor;
  projectId: string;
  suggestionId: number;
  clock: Clock;
}

/** The project's suggestions (newest first), of one status or all. */
export async function listSuggestions(
  db: Db,
  o: { actor: Actor; projectId: string; status?: SuggestionStatus },
): Promise<SuggestedOutputRow[]> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  return db
    .select()
    .from(suggestedOutputs)
    .where(
      and(
        eq(suggestedOutputs.projectId, o.projectId),
        eq(suggestedOutputs.source, SOURCE),
        o.status ? eq(suggestedOutputs.status, o.status) : sql`true`,
      ),
    )
    .orderBy(desc(suggestedOutputs.publishedOn), desc(suggestedOutputs.id))
    .limit(1000);
}

/** The lead partner an accept proposes: the plan's coordinator partner, else its first partner. */
export function defaultLeadPartner(plan: Plan): string | undefined {
  return plan.project.coordinator ?? plan.partners[0]?.code;
}

async function waiting(db: Db | Tx, o: Decide): Promise<SuggestedOutputRow> {
  const [row] = await db
    .select()
    .from(suggestedOutputs)
    .where(and(eq(suggestedOutputs.id, o.suggestionId), eq(suggestedOutputs.projectId, o.projectId)));
  if (!row) throw notFound('suggestion');
  if (row.status !== 'suggested') throw decidedAlready(row.status);
  return row;
}

const decidedAlready = (status: string) =>
  new AppError({
    code: 'conflict',
    status: 409,
    message: `This suggestion was ${status} already`,
    messageKey: 'suggestions.decidedAlready',
  });

const snapshot = (r: Pick<SuggestedOutputRow, 'status' | 'recordId' | 'externalId' | 'doi'>) => ({
  status: r.status,
  externalId: r.externalId,
  doi: r.doi,
  recordId: r.recordId,
});

/** Marks a waiting suggestion decided, with its audit entry, in one transaction (409 when decided meanwhile). */
async function decide(
  db: Db,
  o: Decide & { status: 'accepted' | 'rejected'; recordId?: string; reason?: string; batchId?: string },
): Promise<SuggestedOutputRow> {
  return db.transaction(async (tx) => {
    const before = await waiting(tx, o);
    const [after] = await tx
      .update(suggestedOutputs)
      .set({
        status: o.status,
        decidedAt: o.clock.now(),
        decidedBy: actorId(o.actor),
        recordId: o.recordId ?? null,
        reason: o.reason ?? null,
      })
      .where(and(eq(suggestedOutputs.id, before.id), eq(suggestedOutputs.status, 'suggested')))
      .returning();
    if (!after) throw decidedAlready('decided');
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: o.status === 'accepted' ? 'suggestion.accept' : 'suggestion.reject',
      entityType: 'suggested_output',
      entityId: after.id,
      before: snapshot(before),
      after: { ...snapshot(after), ...(o.batchId ? { batchId: o.batchId } : {}) },
      at: o.clock.now(),
    });
    return after;
  });
}

const importDetails = (report: {
  fileErrors: { row: number; column?: string; message: string; key?: string; entry?: string }[];
  errors: { row: number; column?: string; message: string; key?: string; entry?: string }[];
}): ErrorDetail[] =>
  [...report.fileErrors, ...report.errors].map((e) => ({
    path: e.column ?? 'item',
    message: e.message,
    ...(e.key ? { key: e.key } : {}),
    row: e.row,
    ...(e.entry ? { entry: e.entry } : {}),
  }));

export interface AcceptResult {
  suggestion: SuggestedOutputRow;
  /** `imported`: a new publication; `duplicate`: the one already there. */
  outcome: 'imported' | 'duplicate';
  recordId: string;
  batchId?: string;
}

/** Accepts a suggestion: a publication through the one import path (see the file's comment). */
export async function acceptSuggestion(db: Db, o: Decide & { leadPartner?: string }): Promise<AcceptResult> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  const row = await waiting(db, o);
  const { plan } = await loadRecordContext(db, o.projectId);
  const lead = o.leadPartner?.trim() || defaultLeadPartner(plan);
  if (!lead)
    throw validationError([
      { path: 'lead_partner', message: 'choose the lead partner', key: 'suggestions.leadRequired' },
    ]);
  const result = await importFetched(db, {
    actor: o.actor,
    projectId: o.projectId,
    file: {
      type: 'publication',
      format: 'csl-json',
      name: `openaire-${row.id}.json`,
      content: JSON.stringify([row.item]),
      options: { defaults: { lead_partner: lead } },
    },
    dryRun: false,
    clock: o.clock,
  });
  if (result.dryRun) throw new Error('unreachable: a commit answered as a preview');
  const report = result.report;
  let recordId: string | undefined;
  let outcome: AcceptResult['outcome'] = 'imported';
  if (report.status === 'imported' && report.imported > 0 && report.batchId) {
    const [rec] = await db
      .select({ id: publications.id })
      .from(publications)
      .where(
        and(eq(publications.projectId, o.projectId), eq(publications.source, `import:${report.batchId}`)),
      )
      .limit(1);
    recordId = rec?.id;
  } else if (report.status === 'imported' && report.duplicates > 0) {
    outcome = 'duplicate';
    recordId = row.doi
      ? (await livePublicationsByDoi(db, o.projectId, [row.doi])).get(row.doi)
      : await byTitle(db, o.projectId, row.title);
  }
  if (!recordId) {
    const conflict = report.conflictRows[0];
    throw validationError(
      conflict
        ? [
            {
              path: 'doi',
              message: `DOI ${conflict.doi} is already the publication "${conflict.otherTitle}"`,
              key: 'suggestions.doiConflict',
              params: { doi: conflict.doi, title: conflict.otherTitle },
            },
          ]
        : importDetails(report).length > 0
          ? importDetails(report)
          : [{ path: 'item', message: 'the item could not be imported', key: 'suggestions.notImported' }],
    );
  }
  const suggestion = await decide(db, {
    ...o,
    status: 'accepted',
    recordId,
    ...(outcome === 'imported' && report.batchId ? { batchId: report.batchId } : {}),
  });
  return {
    suggestion,
    outcome,
    recordId,
    ...(outcome === 'imported' && report.batchId ? { batchId: report.batchId } : {}),
  };
}

async function byTitle(db: Db, projectId: string, title: string): Promise<string | undefined> {
  const [rec] = await db
    .select({ id: publications.id })
    .from(publications)
    .where(
      and(
        eq(publications.projectId, projectId),
        isNull(publications.deletedAt),
        isVisible(publications.pendingBatch),
        sql`lower(${publications.title}) = lower(${title})`,
      ),
    )
    .limit(1);
  return rec?.id;
}

const reasonSchema = z.string().trim().max(REASON_MAX, `at most ${REASON_MAX} characters`);

/** Rejects a suggestion, with its reason when given (remembered: never suggested again). */
export async function rejectSuggestion(
  db: Db,
  o: Decide & { reason?: unknown },
): Promise<SuggestedOutputRow> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  const parsed = reasonSchema.safeParse(o.reason ?? '');
  if (!parsed.success)
    throw validationError([
      {
        path: 'reason',
        message: parsed.error.issues[0]?.message ?? 'invalid',
        key: 'suggestions.reasonTooLong',
        params: { max: REASON_MAX },
      },
    ]);
  const { actor, projectId, suggestionId, clock } = o;
  return decide(db, {
    actor,
    projectId,
    suggestionId,
    clock,
    status: 'rejected',
    ...(parsed.data ? { reason: parsed.data } : {}),
  });
}

/** Undoes a rejection: the suggestion waits again (409 unless it is rejected), audited `suggestion.reopen`. */
export async function reopenSuggestion(db: Db, o: Decide): Promise<SuggestedOutputRow> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(suggestedOutputs)
      .where(and(eq(suggestedOutputs.id, o.suggestionId), eq(suggestedOutputs.projectId, o.projectId)));
    if (!before) throw notFound('suggestion');
    const [after] = await tx
      .update(suggestedOutputs)
      .set({ status: 'suggested', decidedAt: null, decidedBy: null, reason: null, recordId: null })
      .where(and(eq(suggestedOutputs.id, before.id), eq(suggestedOutputs.status, 'rejected')))
      .returning();
    if (!after)
      throw new AppError({
        code: 'conflict',
        status: 409,
        message: 'Only a rejected suggestion can be reopened',
        messageKey: 'suggestions.notRejected',
      });
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: 'suggestion.reopen',
      entityType: 'suggested_output',
      entityId: after.id,
      before: snapshot(before),
      after: snapshot(after),
      at: o.clock.now(),
    });
    return after;
  });
}
