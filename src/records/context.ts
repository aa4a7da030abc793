/**
 * What validating a record needs to know about its project, from the current plan: partners (codes, aliases,
 * regions, sectors), the funder vocabulary of the programme, the project period and the plan's codes.
 */
import type { Db } from '../db/client';
import { notFound } from '../errors';
import { partnerIndex, type ValidationContext } from './apply-context';
import { projectEnd } from '../plan/time';
import type { Kpi, Partner, Plan } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { vocabularyFor, type FunderVocabulary } from './vocabularies';

export interface RecordContext {
  projectId: string;
  plan: Plan;
  vocabulary: FunderVocabulary;
  /** For `applyContext` (src/records/apply-context.ts): partners and aliases, vocabulary, period, plan codes. */
  validation: ValidationContext;
  /** Partners of the current plan by code (region and sector give the computed joint flags). */
  partners: ReadonlyMap<string, Partner>;
  /** KPIs whose measure is `manual`, by id. */
  manualKpis: ReadonlyMap<string, Kpi>;
}

/** Builds the context from a plan (no database): for tests and for callers that already hold the plan. */
export function recordContextOf(projectId: string, plan: Plan): RecordContext {
  const vocabulary = vocabularyFor(plan.project.programme);
  const deliverables = plan.work_packages.flatMap((wp) => wp.deliverables.map((d) => d.code));
  return {
    projectId,
    plan,
    vocabulary,
    validation: {
      partners: partnerIndex(plan.partners),
      vocabulary,
      projectStart: plan.project.start_date,
      projectEnd: projectEnd(plan.project.start_date, plan.project.duration_months),
      links: {
        wp: new Set(plan.work_packages.map((wp) => wp.code)),
        deliverable: new Set(deliverables),
        timeline_item: new Set(plan.timeline.map((item) => item.id)),
        kpi: new Set(plan.kpis.map((k) => k.id)),
      },
    },
    partners: new Map(plan.partners.map((p) => [p.code, p])),
    manualKpis: new Map(plan.kpis.filter((k) => k.measure.kind === 'manual').map((k) => [k.id, k])),
  };
}

const cache = new Map<string, { hash: string; ctx: RecordContext }>();

/** The context of a project's current plan (cached per plan content). Throws `not_found` for an unknown project. */
export async function loadRecordContext(db: Db, projectId: string): Promise<RecordContext> {
  const current = await getCurrentPlan(db, projectId);
  if (!current) throw notFound('project');
  const hit = cache.get(projectId);
  if (hit?.hash === current.contentHash) return hit.ctx;
  const ctx = recordContextOf(projectId, current.plan);
  cache.set(projectId, { hash: current.contentHash, ctx });
  return ctx;
}
