/**
 * The public site's deliverable files (issue 20): the coordinator uploads a file for a plan deliverable with a
 * version label and date, publishes or unpublishes each version (the latest published one is on the site), and
 * reads the download counts per deliverable and month. Only deliverables the plan marks public (PU) may be uploaded
 * or published. Every change needs `site.manage` and is audited in the project's chain.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../../audit/chain';
import { actorId, authorize, type Actor } from '../../auth/permissions';
import type { Db } from '../../db/client';
import { siteDeliverableFiles } from '../../db/schema';
import { and, eq } from 'drizzle-orm';
import { AppError, notFound } from '../../errors';
import { issueKey } from '../../i18n/zod';
import type { Clock } from '../../lib/clock';
import type { Plan } from '../../plan/schema';
import { getCurrentPlan } from '../../projects/repository';
import { checkEvidence, cleanFileName, storeFileBytes } from '../../records/files';
import { issueMessage } from '../../records/issue-message';
import { validationError } from '../../records/validate';
import {
  countsByMonth,
  findFileById,
  listFiles,
  type DeliverableFileRow,
  type MonthlyCount,
} from './repository';

export type { DeliverableFileRow, MonthlyCount };

/** The types a deliverable file may be (sniffed from its bytes): documents, PDF first. */
export const DELIVERABLE_TYPES: readonly string[] = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A version label: part of the download address, so letters, digits, `.`, `_`, `-` (1.0, v2, final). */
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export const uploadFieldsSchema = z.strictObject({
  code: z.string().trim().min(1).max(40),
  version: z
    .string()
    .trim()
    .regex(VERSION_PATTERN, 'must be a version label such as 1.0 (letters, digits, . _ -)'),
  issued_on: z.iso.date(),
  publish: z.boolean().default(false),
});
export type UploadFields = z.input<typeof uploadFieldsSchema>;

export interface PlanDeliverable {
  code: string;
  title: string;
  wp: string;
  level: string;
  due_month: number;
}

/** The plan's deliverables in plan order (work package, then deliverable). */
export const planDeliverables = (plan: Plan): PlanDeliverable[] =>
  plan.work_packages.flatMap((wp) =>
    wp.deliverables.map((d) => ({
      code: d.code,
      title: d.title,
      wp: wp.code,
      level: d.dissemination_level,
      due_month: d.due_month,
    })),
  );

async function currentPlan(db: Db, projectId: string): Promise<Plan> {
  const current = await getCurrentPlan(db, projectId);
  if (!current) throw notFound('project');
  return current.plan;
}

/** The plan's deliverable, which must be public (PU); else a 422 naming its level. */
function publicDeliverable(plan: Plan, code: string): PlanDeliverable {
  const d = planDeliverables(plan).find((x) => x.code === code);
  if (!d) throw notFound('deliverable');
  if (d.level !== 'PU') {
    const message = `${code} is ${d.level} in the plan: only public (PU) deliverables go on the public site`;
    throw new AppError({
      code: 'deliverable_not_public',
      status: 422,
      message,
      messageKey: 'site.downloads.error.notPublic',
      params: { code, level: d.level },
      details: [
        { path: 'code', message, key: 'site.downloads.error.notPublic', params: { code, level: d.level } },
      ],
    });
  }
  return d;
}

const fileAudit = (f: DeliverableFileRow) => ({
  file: f.id,
  code: f.code,
  version: f.version,
  issued_on: f.issuedOn,
  name: f.fileName,
  contentType: f.contentType,
  size: f.size,
  sha256: f.sha256,
  published: f.published,
});

export interface UploadDeliverableOptions {
  actor: Actor;
  projectId: string;
  /** code, version, issued_on, publish (form or API fields). */
  fields: unknown;
  fileName: string;
  bytes: Uint8Array;
  declaredType?: string;
  /** The files folder (`HERALD_DATA_DIR/files`), shared with evidence files (content-addressed). */
  dir: string;
  clock: Clock;
}

/** Checks the fields, the deliverable's level and the file; stores the bytes and the row, audited (and published). */
export async function uploadDeliverableFile(
  db: Db,
  opts: UploadDeliverableOptions,
): Promise<DeliverableFileRow> {
  const { actor, projectId } = opts;
  authorize(actor, 'site.manage', { projectId });
  const parsed = uploadFieldsSchema.safeParse(opts.fields, { reportInput: true });
  if (!parsed.success)
    throw validationError(
      parsed.error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        message: issueMessage(i),
        ...issueKey(i),
      })),
    );
  const fields = parsed.data;
  publicDeliverable(await currentPlan(db, projectId), fields.code);
  const contentType = checkEvidence(opts);
  if (!DELIVERABLE_TYPES.includes(contentType)) {
    const message = `A deliverable file is a PDF or an Office document, not ${contentType}`;
    throw new AppError({
      code: 'file_type',
      status: 415,
      message,
      messageKey: 'site.downloads.error.type',
      details: [{ path: 'file', message, key: 'site.downloads.error.type' }],
    });
  }
  const sha256 = createHash('sha256').update(opts.bytes).digest('hex');
  await storeFileBytes(opts.dir, sha256, opts.bytes);
  const now = opts.clock.now();
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: siteDeliverableFiles.id })
      .from(siteDeliverableFiles)
      .where(
        and(
          eq(siteDeliverableFiles.projectId, projectId),
          eq(siteDeliverableFiles.code, fields.code),
          eq(siteDeliverableFiles.version, fields.version),
        ),
      );
    if (taken) {
      const message = `${fields.code} already has a version ${fields.version}: give the new file another label`;
      throw new AppError({
        code: 'deliverable_version_taken',
        status: 409,
        message,
        messageKey: 'site.downloads.error.versionTaken',
        params: { code: fields.code, version: fields.version },
        details: [
          {
            path: 'version',
            message,
            key: 'site.downloads.error.versionTaken',
            params: { code: fields.code, version: fields.version },
          },
        ],
      });
    }
    const [row] = await tx
      .insert(siteDeliverableFiles)
      .values({
        projectId,
        code: fields.code,
        version: fields.version,
        issuedOn: fields.issued_on,
        fileName: cleanFileName(opts.fileName),
        contentType,
        size: opts.bytes.length,
        sha256,
        published: fields.publish,
        publishedAt: fields.publish ? now : null,
        uploadedBy: actorId(actor),
        uploadedAt: now,
      })
      .returning();
    const file = row as DeliverableFileRow;
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'site.deliverable.upload',
      entityType: 'deliverable',
      entityId: file.code,
      after: fileAudit(file),
    });
    return file;
  });
}

/** Publishes or unpublishes one version (publishing checks the deliverable is still public in the current plan). */
export async function setDeliverablePublished(
  db: Db,
  opts: { actor: Actor; projectId: string; fileId: string; published: boolean; clock: Clock },
): Promise<DeliverableFileRow> {
  const { actor, projectId } = opts;
  authorize(actor, 'site.manage', { projectId });
  const before = UUID.test(opts.fileId) ? await findFileById(db, projectId, opts.fileId) : undefined;
  if (!before) throw notFound('file');
  if (opts.published) publicDeliverable(await currentPlan(db, projectId), before.code);
  if (before.published === opts.published) return before;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(siteDeliverableFiles)
      .set({ published: opts.published, publishedAt: opts.published ? opts.clock.now() : null })
      .where(eq(siteDeliverableFiles.id, before.id))
      .returning();
    const after = row as DeliverableFileRow;
    await appendAudit(tx, {
      projectId,
      actor,
      action: opts.published ? 'site.deliverable.publish' : 'site.deliverable.unpublish',
      entityType: 'deliverable',
      entityId: after.code,
      before: fileAudit(before),
      after: fileAudit(after),
    });
    return after;
  });
}

export interface DeliverableFilesView {
  deliverables: Array<PlanDeliverable & { files: DeliverableFileRow[] }>;
  counts: MonthlyCount[];
}

/** The coordinator's page: every plan deliverable with its versions, and the counts per deliverable and month. */
export async function deliverableFilesView(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<DeliverableFilesView> {
  authorize(opts.actor, 'site.manage', { projectId: opts.projectId });
  const plan = await currentPlan(db, opts.projectId);
  const files = await listFiles(db, opts.projectId);
  const byCode = new Map<string, DeliverableFileRow[]>();
  for (const f of files) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  return {
    deliverables: planDeliverables(plan).map((d) => ({ ...d, files: byCode.get(d.code) ?? [] })),
    counts: await countsByMonth(db, opts.projectId),
  };
}
