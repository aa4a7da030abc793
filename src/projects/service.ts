/**
 * Plan import: validates a plan file, and stores it as the project's next version when it differs from the
 * current one (idempotent: the same content imports as a no-op). Entities that records reference (partners,
 * work packages, deliverables, KPIs, timeline items) are upserted by code; those a new version drops are retired,
 * never deleted, so records keep their links.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import {
  deliverables,
  kpis,
  partners,
  planVersions,
  projects,
  timelineItems,
  workPackages,
} from '../db/schema';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, systemActor, type Actor } from '../auth/permissions';
import { AppError } from '../errors';
import { formatIssue, parsePlan } from '../plan/loader';
import { localize, type Plan } from '../plan/schema';
import { canonicalJson } from '../lib/canonical-json';
import { diffPlans, projectIdOf, type PlanChange } from './diff';

export { projectIdOf };
import { getCurrentPlan, listPlanVersions, type PlanVersionSummary } from './repository';
import { actorNames } from '../auth/account';

/**
 * The plan's version history (who imported what, when). Unlike the plan pages, which are public, it needs
 * `plan.read` in the project (a member, or a read token). `importedBy` comes back as a display name for users.
 */
export async function listPlanHistory(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<PlanVersionSummary[]> {
  authorize(opts.actor, 'plan.read', { projectId: opts.projectId });
  const versions = await listPlanVersions(db, opts.projectId);
  const names = await actorNames(
    db,
    versions.map((v) => v.importedBy),
  );
  return versions.map((v) => ({ ...v, importedBy: names.get(v.importedBy) ?? v.importedBy }));
}

export interface ImportPlanOptions {
  plan: Plan;
  sourceText: string;
  /** File name shown in the plan history. */
  sourceName: string;
  /** Who imports it; needs `plan.import` (a new project: admin or system). A string is a system actor's name (`cli:alice`). */
  actor: Actor | string;
  /** Why the plan changed (edits in the app), stored with the version and shown in the history. */
  reason?: string;
  /** The version the change was made on: another version saved since is a 409 `conflict`, never overwritten. */
  baseVersion?: number;
}

export interface ImportPlanResult {
  projectId: string;
  version: number;
  status: 'created' | 'updated' | 'unchanged';
  changes: PlanChange[];
}

export const planHash = (plan: Plan): string =>
  createHash('sha256').update(canonicalJson(plan)).digest('hex');

export async function importPlan(db: Db, opts: ImportPlanOptions): Promise<ImportPlanResult> {
  const { plan } = opts;
  const projectId = projectIdOf(plan);
  if (!projectId) {
    throw new AppError({
      code: 'plan_invalid',
      message: 'project.acronym has no letters or digits to make an id from',
    });
  }
  const actor = typeof opts.actor === 'string' ? systemActor(opts.actor) : opts.actor;
  authorize(actor, 'plan.import', { projectId });
  const hash = planHash(plan);
  return db.transaction(async (tx) => {
    // Serialise concurrent imports of the same project.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`plan:${projectId}`}))`);
    const current = await getCurrentPlan(tx, projectId);
    if (opts.baseVersion !== undefined && current && current.version !== opts.baseVersion)
      throw await staleVersion(tx, { projectId, version: current.version, base: opts.baseVersion });
    if (current && current.contentHash === hash) {
      return { projectId, version: current.version, status: 'unchanged' as const, changes: [] };
    }
    const version = (current?.version ?? 0) + 1;
    const changes = current ? diffPlans(current.plan, plan) : [];
    const p = plan.project;
    const fields = {
      acronym: p.acronym,
      title: p.title,
      programme: p.programme,
      startDate: p.start_date,
      durationMonths: p.duration_months,
      currentVersion: version,
    };
    if (current) {
      await tx
        .update(projects)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(projects.id, projectId));
    } else {
      await tx.insert(projects).values({ id: projectId, ...fields });
    }
    await tx.insert(planVersions).values({
      projectId,
      version,
      contentHash: hash,
      sourceName: opts.sourceName,
      sourceText: opts.sourceText,
      plan,
      changes,
      importedBy: actorId(actor),
      reason: opts.reason ?? null,
    });
    await syncEntities(tx, projectId, plan);
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'plan.import',
      entityType: 'plan_version',
      entityId: version,
      before: current ? { version: current.version, contentHash: current.contentHash } : null,
      after: {
        version,
        contentHash: hash,
        sourceName: opts.sourceName,
        changes: changes.length,
        ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
      },
    });
    return { projectId, version, status: current ? ('updated' as const) : ('created' as const), changes };
  });
}

/** The 409 of a change made on version `base` while `version` is current: names that version and who saved it. */
export async function staleVersion(
  tx: Db,
  opts: { projectId: string; version: number; base: number },
): Promise<AppError> {
  const [row] = await tx
    .select({ importedBy: planVersions.importedBy })
    .from(planVersions)
    .where(and(eq(planVersions.projectId, opts.projectId), eq(planVersions.version, opts.version)));
  const by = row ? ((await actorNames(tx, [row.importedBy])).get(row.importedBy) ?? row.importedBy) : '';
  return new AppError({
    code: 'conflict',
    status: 409,
    message: `the plan changed since version ${opts.base}: version ${opts.version} was saved by ${by}`,
    messageKey: 'planEdit.error.conflict',
    params: { base: opts.base, version: opts.version, by },
  });
}

/** Reads, validates and imports a plan file. Invalid plans throw `plan_invalid` with located details. */
export async function importPlanFile(
  db: Db,
  opts: { file: string; actor: Actor | string },
): Promise<ImportPlanResult> {
  const text = await readFile(opts.file, 'utf8');
  const name = basename(opts.file);
  const result = parsePlan(text, name);
  if (!result.ok) {
    throw new AppError({
      code: 'plan_invalid',
      message: `${name} is not a valid plan:\n${result.errors.map(formatIssue).join('\n')}`,
      details: result.errors.map((e) => ({
        path: e.path,
        message: e.message,
        line: e.line,
        column: e.column,
      })),
    });
  }
  return importPlan(db, { plan: result.plan, sourceText: text, sourceName: name, actor: opts.actor });
}

type EntityTable = PgTable & { projectId: PgColumn; code: PgColumn; retiredAt: PgColumn };

/** Upserts `rows` by (project, code), un-retiring them, and retires the project's rows not among them. */
async function upsertEntities(
  tx: Db,
  t: EntityTable,
  projectId: string,
  rows: Array<Record<string, unknown> & { code: string }>,
): Promise<void> {
  if (rows.length > 0) {
    const columns = Object.keys(rows[0] ?? {}).filter((k) => k !== 'code' && k !== 'projectId');
    const cols = t as unknown as Record<string, PgColumn>;
    const set = Object.fromEntries(
      columns.map((k) => [k, sql.raw(`excluded.${(cols[k] as PgColumn).name}`)]),
    ) as Record<string, unknown>;
    await tx
      .insert(t)
      .values(rows.map((r) => ({ ...r, projectId })) as never)
      .onConflictDoUpdate({ target: [t.projectId, t.code], set: { ...set, retiredAt: null } as never });
  }
  const codes = rows.map((r) => r.code);
  const stale = and(eq(t.projectId, projectId), isNull(t.retiredAt));
  await tx
    .update(t)
    .set({ retiredAt: new Date() } as never)
    .where(codes.length ? and(stale, notInArray(t.code, codes)) : stale);
}

async function syncEntities(tx: Db, projectId: string, plan: Plan): Promise<void> {
  await upsertEntities(
    tx,
    partners,
    projectId,
    plan.partners.map((p) => ({
      code: p.code,
      number: p.number,
      name: localize(p.name, 'en'),
      country: p.country,
      region: p.region,
      kind: p.kind,
      sector: p.sector,
    })),
  );
  await upsertEntities(
    tx,
    workPackages,
    projectId,
    plan.work_packages.map((w) => ({ code: w.code, title: localize(w.title, 'en') })),
  );
  await upsertEntities(
    tx,
    deliverables,
    projectId,
    plan.work_packages.flatMap((w) =>
      w.deliverables.map((d) => ({
        code: d.code,
        wpCode: w.code,
        title: d.title,
        dueMonth: d.due_month,
        disseminationLevel: d.dissemination_level,
      })),
    ),
  );
  await upsertEntities(
    tx,
    kpis,
    projectId,
    plan.kpis.map((k, i) => ({
      code: k.id,
      position: i + 1,
      label: localize(k.label, 'en'),
      target: k.target,
      comparator: k.comparator,
      measure: k.measure,
      parts: k.parts,
    })),
  );
  await upsertEntities(
    tx,
    timelineItems,
    projectId,
    plan.timeline.map((t, i) => ({
      code: t.id,
      position: i + 1,
      label: localize(t.label, 'en'),
      responsible: t.responsible,
      months: t.months,
      estimated: t.estimated,
    })),
  );
}
