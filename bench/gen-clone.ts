/**
 * The generator's plan copies: the plan is imported once (importPlan), and every other project gets the same plan
 * rows (project, plan version, partners, work packages, deliverables, KPIs, timeline) from a few set-based
 * `INSERT … SELECT`s over the template project, with its own id, acronym and content hash, and the `plan.import`
 * audit entry importPlan would have appended on its own chain.
 */
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { appendAudit } from '../src/audit/chain';
import { systemActor } from '../src/auth/permissions';
import type { Db } from '../src/db/client';
import { deliverables, kpis, partners, timelineItems, workPackages } from '../src/db/schema';
import type { Plan } from '../src/plan/schema';
import { planHash, projectIdOf } from '../src/projects/service';
import { ctxActor } from './gen-rows';

/** The tables importPlan fills per project beside `projects` and `plan_versions` (serial id, project_id, the rest). */
const ENTITY_TABLES: readonly PgTable[] = [partners, workPackages, deliverables, kpis, timelineItems];

/** Projects per statement group (one transaction each). */
const CLONE_CHUNK = 250;

/** One project to create as a copy of the template: its plan (the template's under another acronym). */
export interface CloneTarget {
  plan: Plan;
  /** The plan.import entry's time. */
  at: Date;
}

const SEP = '\n';
const q = (name: string) => `"${name}"`;

/** Every column but the serial id and project_id, in SQL names. */
const copiedColumns = (t: PgTable): string[] =>
  Object.values(getTableColumns(t) as Record<string, PgColumn>)
    .map((c) => c.name)
    .filter((n) => n !== 'id' && n !== 'project_id');

/**
 * Creates each target project as a copy of `templateId`'s plan rows, in chunks of set-based statements, and
 * appends each one's `plan.import` entry. Returns the new project ids, in the targets' order.
 */
export async function clonePlanProjects(
  db: Db,
  o: { templateId: string; targets: readonly CloneTarget[] },
): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < o.targets.length; from += CLONE_CHUNK) {
    const chunk = o.targets.slice(from, from + CLONE_CHUNK);
    ids.push(...(await cloneChunk(db, o.templateId, chunk)));
  }
  return ids;
}

async function cloneChunk(db: Db, templateId: string, chunk: readonly CloneTarget[]): Promise<string[]> {
  const ids = chunk.map((t) => projectIdOf(t.plan));
  const acronyms = chunk.map((t) => t.plan.project.acronym);
  const hashes = chunk.map((t) => planHash(t.plan));
  for (const [i, id] of ids.entries()) {
    if (!id) throw new Error(`project.acronym ${acronyms[i]} gives no project id`);
  }
  // unnest of the three lists (newline-separated text: ids, acronyms and hashes hold no newline), numbered.
  const targets = sql`unnest(string_to_array(${ids.join(SEP)}, ${SEP}), string_to_array(${acronyms.join(SEP)}, ${SEP}),
    string_to_array(${hashes.join(SEP)}, ${SEP})) with ordinality as u(id, acronym, hash, ord)`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into projects (id, acronym, title, programme, start_date, duration_months, current_version)
      select u.id, u.acronym, p.title, p.programme, p.start_date, p.duration_months, p.current_version
      from projects p cross join ${targets} where p.id = ${templateId} order by u.ord`);
    await tx.execute(sql`insert into plan_versions
        (project_id, version, content_hash, source_name, source_text, plan, changes, imported_by)
      select u.id, v.version, u.hash, v.source_name, v.source_text,
        jsonb_set(v.plan, '{project,acronym}', to_jsonb(u.acronym)), v.changes, v.imported_by
      from plan_versions v cross join ${targets} where v.project_id = ${templateId} order by u.ord, v.version`);
    for (const t of ENTITY_TABLES) {
      const cols = copiedColumns(t).map(q).join(', ');
      const picked = copiedColumns(t)
        .map((c) => `e.${q(c)}`)
        .join(', ');
      await tx.execute(
        sql`insert into ${sql.raw(q(getTableName(t)))} (project_id, ${sql.raw(cols)})
          select u.id, ${sql.raw(picked)} from ${sql.raw(q(getTableName(t)))} e cross join ${targets}
          where e.project_id = ${templateId} order by u.ord, e.id`,
      );
    }
    const actor = systemActor(ctxActor);
    for (const [i, projectId] of ids.entries()) {
      await appendAudit(tx, {
        projectId: projectId!,
        actor,
        action: 'plan.import',
        entityType: 'plan_version',
        entityId: 1,
        before: null,
        after: { version: 1, contentHash: hashes[i], sourceName: 'bench', changes: 0 },
        at: chunk[i]!.at,
      });
    }
  });
  return ids as string[];
}
