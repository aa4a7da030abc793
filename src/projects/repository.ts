/** Queries over projects and their plan versions. No rules here: services decide. */
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
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
import { planSchema, type Plan } from '../plan/schema';
import type { PlanChange } from './diff';

export type ProjectRow = typeof projects.$inferSelect;

export function listProjects(db: Db): Promise<ProjectRow[]> {
  return db.select().from(projects).orderBy(asc(projects.acronym));
}

export async function getProject(db: Db, id: string): Promise<ProjectRow | undefined> {
  const [row] = await db.select().from(projects).where(eq(projects.id, id));
  return row;
}

export interface PlanVersionSummary {
  version: number;
  contentHash: string;
  sourceName: string;
  importedBy: string;
  importedAt: Date;
  changes: PlanChange[];
  /** Why it changed (edits in the app); null for file imports. */
  reason: string | null;
}

export async function listPlanVersions(db: Db, projectId: string): Promise<PlanVersionSummary[]> {
  const rows = await db
    .select({
      version: planVersions.version,
      contentHash: planVersions.contentHash,
      sourceName: planVersions.sourceName,
      importedBy: planVersions.importedBy,
      importedAt: planVersions.importedAt,
      changes: planVersions.changes,
      reason: planVersions.reason,
    })
    .from(planVersions)
    .where(eq(planVersions.projectId, projectId))
    .orderBy(desc(planVersions.version));
  return rows.map((r) => ({ ...r, changes: r.changes as PlanChange[] }));
}

export interface CurrentPlan {
  version: number;
  importedAt: Date;
  contentHash: string;
  plan: Plan;
}

/** Parsed plans by content hash: a stored plan is immutable, so parsing it once is enough. */
const parsed = new Map<string, Plan>();

/** The plan of this content hash if it was parsed already in this process (no query), else undefined. */
export const parsedPlan = (contentHash: string): Plan | undefined => parsed.get(contentHash);

export async function getCurrentPlan(db: Db, projectId: string): Promise<CurrentPlan | undefined> {
  // The plan document only when this process has not parsed its content yet: most callers (every page, each
  // scheduler tick for every project) would otherwise fetch and JSON-parse the whole plan to use the cached parse.
  const [row] = await db
    .select({
      version: planVersions.version,
      importedAt: planVersions.importedAt,
      contentHash: planVersions.contentHash,
    })
    .from(planVersions)
    .innerJoin(
      projects,
      and(eq(projects.id, planVersions.projectId), eq(projects.currentVersion, planVersions.version)),
    )
    .where(eq(planVersions.projectId, projectId));
  if (!row) return undefined;
  let plan = parsed.get(row.contentHash);
  if (!plan) {
    const [doc] = await db
      .select({ plan: planVersions.plan })
      .from(planVersions)
      .where(and(eq(planVersions.projectId, projectId), eq(planVersions.version, row.version)));
    if (!doc) return undefined;
    plan = planSchema.parse(doc.plan);
    parsed.set(row.contentHash, plan);
  }
  return { version: row.version, importedAt: row.importedAt, contentHash: row.contentHash, plan };
}

/** Active (not retired) entities of the current plan, as stored for records to reference. */
export function listPartners(db: Db, projectId: string) {
  return db
    .select()
    .from(partners)
    .where(and(eq(partners.projectId, projectId), isNull(partners.retiredAt)))
    .orderBy(asc(partners.number));
}

export function listDeliverables(db: Db, projectId: string) {
  return db
    .select()
    .from(deliverables)
    .where(and(eq(deliverables.projectId, projectId), isNull(deliverables.retiredAt)))
    .orderBy(asc(deliverables.dueMonth), asc(deliverables.code));
}

export function listKpis(db: Db, projectId: string) {
  return db
    .select()
    .from(kpis)
    .where(and(eq(kpis.projectId, projectId), isNull(kpis.retiredAt)))
    .orderBy(asc(kpis.position));
}

export function listTimelineItems(db: Db, projectId: string) {
  return db
    .select()
    .from(timelineItems)
    .where(and(eq(timelineItems.projectId, projectId), isNull(timelineItems.retiredAt)))
    .orderBy(asc(timelineItems.position));
}

export function listWorkPackages(db: Db, projectId: string) {
  return db
    .select()
    .from(workPackages)
    .where(and(eq(workPackages.projectId, projectId), isNull(workPackages.retiredAt)))
    .orderBy(asc(workPackages.code));
}

/** The stored source text of the project's current version (a file's own text, or the dump of an edit). */
export async function getCurrentPlanSource(
  db: Db,
  projectId: string,
): Promise<{ version: number; sourceName: string; sourceText: string } | undefined> {
  const [row] = await db
    .select({
      version: planVersions.version,
      sourceName: planVersions.sourceName,
      sourceText: planVersions.sourceText,
    })
    .from(planVersions)
    .innerJoin(
      projects,
      and(eq(projects.id, planVersions.projectId), eq(projects.currentVersion, planVersions.version)),
    )
    .where(eq(planVersions.projectId, projectId));
  return row;
}
