/**
 * The items the plan describes: the project, its grants (Funding), its partners (OrgUnits) and the people who
 * consented to be named (Persons). Their history comes from every stored plan version (one query selecting only
 * these parts of each version's JSON), which makes deletions persistent: an entity a later version drops (or a
 * person whose consent a later version withdraws) stays as a deleted header dated by that version's import. A
 * datestamp is the import time of the latest version that changed the entity. People never consenting never appear.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { planVersions } from '../db/schema';
import { canonicalJson } from '../lib/canonical-json';
import type { Grant, HarvestPerson, Partner, Project } from '../plan/schema';

export type PlanItem =
  | { kind: 'project'; id: string; datestamp: Date; deleted: false; project: Project; partners: Partner[] }
  | { kind: 'funding'; id: string; datestamp: Date; deleted: boolean; grant?: Grant; project: Project }
  | { kind: 'orgunit'; id: string; datestamp: Date; deleted: boolean; partner?: Partner }
  | {
      kind: 'person';
      id: string;
      datestamp: Date;
      deleted: boolean;
      person?: HarvestPerson;
      partner?: Partner;
    };

interface VersionParts {
  importedAt: Date;
  project: Project;
  partners: Partner[];
  people: HarvestPerson[];
  enabled: boolean;
  adminEmail?: string;
}

/** A grant's local id: funder and number as one kebab-case key (`ec-814917`). */
export const grantId = (g: Pick<Grant, 'funder' | 'number'>): string =>
  `${g.funder}-${g.number}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

export interface PlanHistory {
  current: VersionParts;
  earliest: Date;
  items: PlanItem[];
}

/** Tracks entities across versions: when each last changed, and when it went away. */
function track<T>(
  versions: VersionParts[],
  entities: (v: VersionParts) => Map<string, T>,
): Map<string, { value?: T; changed: Date; gone?: Date }> {
  const state = new Map<string, { value?: T; json?: string; changed: Date; gone?: Date }>();
  for (const v of versions) {
    const now = entities(v);
    for (const [id, value] of now) {
      const json = canonicalJson(value);
      const s = state.get(id);
      if (!s || s.gone || s.json !== json) state.set(id, { value, json, changed: v.importedAt });
    }
    for (const [id, s] of state) if (!now.has(id) && !s.gone) state.set(id, { ...s, gone: v.importedAt });
  }
  return state;
}

/** The plan-described items of a project (undefined: no plan). */
export async function loadPlanHistory(db: Db, projectId: string): Promise<PlanHistory | undefined> {
  const rows = await db
    .select({
      importedAt: planVersions.importedAt,
      project: sql<Project>`${planVersions.plan} -> 'project'`,
      partners: sql<Partner[]>`${planVersions.plan} -> 'partners'`,
      harvesting: sql<{
        oai_pmh?: boolean;
        admin_email?: string;
        people?: HarvestPerson[];
      } | null>`${planVersions.plan} -> 'harvesting'`,
    })
    .from(planVersions)
    .where(eq(planVersions.projectId, projectId))
    .orderBy(asc(planVersions.version));
  if (rows.length === 0) return undefined;
  const versions: VersionParts[] = rows.map((r) => ({
    importedAt: r.importedAt,
    project: r.project,
    partners: r.partners ?? [],
    people: r.harvesting?.people ?? [],
    enabled: r.harvesting?.oai_pmh === true,
    adminEmail: r.harvesting?.admin_email,
  }));
  const current = versions[versions.length - 1]!;
  const partnerOf = (code: string | undefined) => current.partners.find((p) => p.code === code);

  const project = track(versions, (v) => new Map([[projectId, v.project]]));
  const grants = track(versions, (v) => new Map(v.project.grants.map((g) => [grantId(g), g])));
  const partners = track(versions, (v) => new Map(v.partners.map((p) => [p.code, p])));
  // Only consenting people exist for harvesting: withdrawing consent is a deletion.
  const people = track(versions, (v) => new Map(v.people.filter((p) => p.consent).map((p) => [p.id, p])));

  const items: PlanItem[] = [];
  const p = project.get(projectId)!;
  items.push({
    kind: 'project',
    id: projectId,
    datestamp: p.changed,
    deleted: false,
    project: current.project,
    partners: current.partners,
  });
  for (const [id, s] of [...grants].sort(byKey))
    items.push(
      s.gone
        ? { kind: 'funding', id, datestamp: s.gone, deleted: true, project: current.project }
        : {
            kind: 'funding',
            id,
            datestamp: s.changed,
            deleted: false,
            grant: s.value,
            project: current.project,
          },
    );
  for (const [id, s] of [...partners].sort(byKey))
    items.push(
      s.gone
        ? { kind: 'orgunit', id, datestamp: s.gone, deleted: true }
        : { kind: 'orgunit', id, datestamp: s.changed, deleted: false, partner: s.value },
    );
  for (const [id, s] of [...people].sort(byKey))
    items.push(
      s.gone
        ? { kind: 'person', id, datestamp: s.gone, deleted: true }
        : {
            kind: 'person',
            id,
            datestamp: s.changed,
            deleted: false,
            person: s.value,
            partner: partnerOf(s.value?.partner),
          },
    );
  return { current, earliest: versions[0]!.importedAt, items };
}

const byKey = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Normal form of a name for matching authors to people: NFKC, case-folded, single spaces. */
export const nameKey = (name: string): string =>
  name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
