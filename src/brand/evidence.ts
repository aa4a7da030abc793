/**
 * A clean check result as evidence, in one step: the checked bytes wait in
 * `<filesDir>/brand-pending/<project>/<sha256>` (a day at most, removed by `brand.cleanup`), then the person picks an activity they may edit and the file becomes an
 * evidence file of it (records' uploadEvidence: sniffing, permissions, audit) with the check's summary beside it in
 * `brand_checks`, in one transaction. The bytes are checked again on attach, so the summary is never claimed for a
 * file that has errors.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, partnersFor, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { activities, brandChecks } from '../db/schema';
import { AppError } from '../errors';
import type { Clock } from '../lib/clock';
import { checkEvidence, storeFileBytes, uploadEvidence, type EvidenceFileRow } from '../records/files';
import { RULESET_VERSION } from './check';
import { checkMaterial, type CheckOutcome } from './service';
import type { LintContext } from './types';

/** How long a checked file waits to be attached. */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;
const SHA256 = /^[0-9a-f]{64}$/;

const refused = (messageKey: string, message: string, status: 410 | 422 = 422) =>
  new AppError({ code: 'validation', status, message, messageKey, details: [{ path: 'sha256', message }] });

/** Pending files of one project (a project's id is letters, digits and dashes: never a path). */
export function pendingDir(filesDir: string, projectId: string): string {
  if (!/^[\w-]+$/.test(projectId))
    throw refused('brand.evidence.expired', 'The checked file is no longer kept', 410);
  return join(filesDir, 'brand-pending', projectId);
}

/** Whether the file's type may be evidence (PDF, DOCX, PPTX…: records' sniffing). */
export function evidenceKind(fileName: string, bytes: Uint8Array): boolean {
  try {
    checkEvidence({ fileName, bytes });
    return true;
  } catch {
    return false;
  }
}

/** Keeps a clean result's bytes for the attach step; false when they cannot be evidence (HTML, text). */
export async function keepPending(opts: {
  filesDir: string;
  projectId: string;
  fileName: string;
  bytes: Uint8Array;
  outcome: CheckOutcome;
}): Promise<boolean> {
  if (opts.outcome.errors > 0 || !evidenceKind(opts.fileName, opts.bytes)) return false;
  await storeFileBytes(pendingDir(opts.filesDir, opts.projectId), opts.outcome.sha256, opts.bytes);
  return true;
}

/** The activities the actor may add evidence to: their partner's, or all for coordinators (newest first). */
export async function attachableActivities(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<{ id: string; title: string }[]> {
  const partners = partnersFor(opts.actor, 'record.update', opts.projectId);
  if (partners !== 'all' && partners.length === 0) return [];
  const rows = await db
    .select({ id: activities.id, title: activities.title, startDate: activities.startDate })
    .from(activities)
    .where(
      and(
        eq(activities.projectId, opts.projectId),
        isNull(activities.deletedAt),
        partners === 'all' ? undefined : inArray(activities.leadPartner, partners),
      ),
    )
    .orderBy(desc(activities.startDate), asc(activities.title))
    .limit(500);
  return rows.map((r) => ({ id: r.id, title: `${r.startDate} · ${r.title}` }));
}

export interface AttachOptions {
  actor: Actor;
  projectId: string;
  activityId: string;
  sha256: string;
  fileName: string;
  context: LintContext;
  filesDir: string;
  clock: Clock;
  assetsDir?: string;
}

/** Attaches a pending clean file to an activity with its check summary; the pending copy is removed. */
export async function attachChecked(
  db: Db,
  opts: AttachOptions,
): Promise<{ file: EvidenceFileRow; outcome: CheckOutcome }> {
  authorize(opts.actor, 'record.read', { projectId: opts.projectId });
  if (!SHA256.test(opts.sha256))
    throw refused('brand.evidence.expired', 'The checked file is no longer kept', 410);
  const path = join(pendingDir(opts.filesDir, opts.projectId), opts.sha256);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw refused('brand.evidence.expired', 'The checked file is no longer kept', 410);
  }
  const outcome = await checkMaterial(db, {
    actor: opts.actor,
    projectId: opts.projectId,
    fileName: opts.fileName,
    bytes,
    options: { kind: 'text', context: opts.context },
    assetsDir: opts.assetsDir,
  });
  if (outcome.errors > 0)
    throw refused('brand.evidence.notClean', 'Only a result without errors can be attached as evidence');
  const file = await db.transaction(async (tx) => {
    const row = await uploadEvidence(tx, {
      actor: opts.actor,
      projectId: opts.projectId,
      kind: 'activity',
      recordId: opts.activityId,
      fileName: opts.fileName,
      bytes,
      dir: opts.filesDir,
    });
    const summary = {
      projectId: opts.projectId,
      fileId: row.id,
      rulesetVersion: RULESET_VERSION,
      context: outcome.context,
      checkedAt: opts.clock.now(),
      errors: outcome.errors,
      warnings: outcome.warnings,
      notes: outcome.notes,
      sha256: outcome.sha256,
      checkedBy: actorId(opts.actor),
    };
    await tx.insert(brandChecks).values(summary);
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'brand.check.attach',
      entityType: 'activity',
      entityId: opts.activityId,
      after: { ...summary, checkedAt: summary.checkedAt.toISOString(), fileName: row.fileName },
    });
    return row;
  });
  await rm(path, { force: true });
  return { file, outcome };
}

/** Removes pending files older than the TTL (the `brand.cleanup` job). */
export async function cleanPending(filesDir: string, now: Date): Promise<number> {
  const root = join(filesDir, 'brand-pending');
  if (!existsSync(root)) return 0;
  let removed = 0;
  const projects = await readdir(root);
  const files = (
    await Promise.all(projects.map(async (p) => (await readdir(join(root, p))).map((f) => join(root, p, f))))
  ).flat();
  for (const path of files) {
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Infinity }));
    if (now.getTime() - mtimeMs > PENDING_TTL_MS) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
