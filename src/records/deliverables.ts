/**
 * Where each deliverable of the plan stands: Pending → Draft → Submitted → Approved, with the submission and
 * approval dates, and a justification when it was submitted after its due month. Coordinators set it (the
 * funder's Portal takes deliverables from the coordinator); every member reads it.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { deliverableStatus } from '../db/schema';
import { notFound } from '../errors';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, can, type Actor } from '../auth/permissions';
import { issueKey } from '../i18n/zod';
import { issueMessage } from './issue-message';
import { monthEnd } from '../plan/time';
import { isoDateSchema } from '../plan/schema';
import { multilineText } from '../schema-pieces';
import { loadRecordContext } from './context';
import { validationError } from './validate';

export const DELIVERABLE_STATUSES = ['Pending', 'Draft', 'Submitted', 'Approved'] as const;
export type DeliverableStatusValue = (typeof DELIVERABLE_STATUSES)[number];

export const deliverableStatusSchema = z.strictObject({
  status: z.enum(DELIVERABLE_STATUSES),
  submitted_on: isoDateSchema.optional(),
  approved_on: isoDateSchema.optional(),
  justification: multilineText(2000).optional(),
});
export type DeliverableStatusInput = z.input<typeof deliverableStatusSchema>;

export interface DeliverableState {
  code: string;
  title: string;
  wp: string;
  due_month: number;
  /** Last day of the due month. */
  due_date: string;
  status: DeliverableStatusValue;
  submitted_on: string | null;
  approved_on: string | null;
  justification: string | null;
  late: boolean;
}

/** Only coordinators (record.update for every partner) set deliverable status. */
export const canSetDeliverableStatus = (actor: Actor, projectId: string): boolean =>
  can(actor, 'record.update', { projectId });

/** Every deliverable of the current plan with its status (Pending when nothing was set). */
export async function listDeliverableStatus(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<DeliverableState[]> {
  authorize(opts.actor, 'record.read', { projectId: opts.projectId });
  const ctx = await loadRecordContext(db, opts.projectId);
  const rows = await db
    .select()
    .from(deliverableStatus)
    .where(eq(deliverableStatus.projectId, opts.projectId));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const start = ctx.plan.project.start_date;
  return ctx.plan.work_packages.flatMap((wp) =>
    wp.deliverables.map((d) => {
      const r = byCode.get(d.code);
      const due = monthEnd(start, d.due_month);
      return {
        code: d.code,
        title: d.title,
        wp: wp.code,
        due_month: d.due_month,
        due_date: due,
        status: (r?.status ?? 'Pending') as DeliverableStatusValue,
        submitted_on: r?.submittedOn ?? null,
        approved_on: r?.approvedOn ?? null,
        justification: r?.justification ?? null,
        late: r?.submittedOn ? r.submittedOn > due : false,
      };
    }),
  );
}

/** Sets a deliverable's status; dates must fit the status, and a late submission needs a justification. */
export async function setDeliverableStatus(
  db: Db,
  opts: { actor: Actor; projectId: string; code: string; input: unknown },
): Promise<DeliverableState> {
  const { actor, projectId, code } = opts;
  authorize(actor, 'record.update', { projectId });
  const ctx = await loadRecordContext(db, projectId);
  const deliverable = ctx.plan.work_packages.flatMap((wp) => wp.deliverables).find((d) => d.code === code);
  if (!deliverable) throw notFound('deliverable');
  const parsed = deliverableStatusSchema.safeParse(opts.input, { reportInput: true });
  if (!parsed.success)
    throw validationError(
      parsed.error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        message: issueMessage(i),
        ...issueKey(i),
      })),
    );
  const v = parsed.data;
  const due = monthEnd(ctx.plan.project.start_date, deliverable.due_month);
  const details: { path: string; message: string }[] = [];
  const submitted = v.status === 'Submitted' || v.status === 'Approved';
  if (submitted && !v.submitted_on)
    details.push({ path: 'submitted_on', message: 'a submitted deliverable needs its submission date' });
  if (v.status === 'Approved' && !v.approved_on)
    details.push({ path: 'approved_on', message: 'an approved deliverable needs its approval date' });
  if (v.approved_on && v.submitted_on && v.approved_on < v.submitted_on)
    details.push({
      path: 'approved_on',
      message: `approved on ${v.approved_on}, before its submission (${v.submitted_on})`,
    });
  if (submitted && v.submitted_on && v.submitted_on > due && !v.justification)
    details.push({ path: 'justification', message: `submitted after its due date (${due}): say why` });
  if (details.length > 0) throw validationError(details);
  const values = {
    status: v.status,
    submittedOn: submitted ? (v.submitted_on ?? null) : null,
    approvedOn: v.status === 'Approved' ? (v.approved_on ?? null) : null,
    justification: v.justification || null,
    updatedBy: actorId(actor),
    updatedAt: new Date(),
  };
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(deliverableStatus)
      .where(and(eq(deliverableStatus.projectId, projectId), eq(deliverableStatus.code, code)));
    await tx
      .insert(deliverableStatus)
      .values({ projectId, code, ...values })
      .onConflictDoUpdate({ target: [deliverableStatus.projectId, deliverableStatus.code], set: values });
    const view = (r: {
      status: string;
      submittedOn: string | null;
      approvedOn: string | null;
      justification: string | null;
    }) => ({
      status: r.status,
      submitted_on: r.submittedOn,
      approved_on: r.approvedOn,
      justification: r.justification,
    });
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'deliverable.status',
      entityType: 'deliverable',
      entityId: code,
      before: before ? view(before) : null,
      after: view(values),
    });
  });
  const all = await listDeliverableStatus(db, { actor, projectId });
  return all.find((d) => d.code === code) as DeliverableState;
}
