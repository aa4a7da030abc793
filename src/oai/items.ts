/**
 * Every item of a project's repository, whatever its source (the plan's history or the record tables), under one
 * order: stage by stage (project, funding, orgunits, persons, publications, events), by id within a stage. Which
 * formats and set each kind has; identifiers; a keyset page over the stages; the list's size (SQL counts).
 */
import type { Db } from '../db/client';
import { entityRef } from './cerif';
import type { PlanHistory, PlanItem } from './plan-items';
import type { ListQuery, MetadataPrefix, SetSpec } from './protocol';
import { findRecord, recordCount, recordPage, type RecordItem, type RecordKind } from './record-items';

export type Item = PlanItem | RecordItem;
export type Kind = Item['kind'];

export const STAGES = [
  'project',
  'funding',
  'orgunit',
  'person',
  'publication',
  'event',
] as const satisfies readonly Kind[];

export const SET_OF: Record<Kind, SetSpec> = {
  project: 'openaire_cris_projects',
  funding: 'openaire_cris_funding',
  orgunit: 'openaire_cris_orgunits',
  person: 'openaire_cris_persons',
  publication: 'openaire_cris_publications',
  event: 'openaire_cris_events',
};

/** Kinds with Dublin Core: the resources. Organisations, people and grants are CERIF only. */
const DC_KINDS: ReadonlySet<Kind> = new Set(['project', 'publication', 'event']);

export const formatsOf = (kind: Kind): MetadataPrefix[] =>
  DC_KINDS.has(kind) ? ['oai_cerif_openaire', 'oai_dc'] : ['oai_cerif_openaire'];

const SEGMENTS: Record<Kind, string> = {
  project: entityRef.project(''),
  funding: entityRef.funding(''),
  orgunit: entityRef.orgunit(''),
  person: entityRef.person(''),
  publication: entityRef.publication(''),
  event: entityRef.event(''),
};

export interface Repo {
  db: Db;
  projectId: string;
  /** The oai-identifier's repository part: the instance's host name. */
  host: string;
  history: PlanHistory;
}

export const identifierOf = (repo: Repo, item: Pick<Item, 'kind' | 'id'>): string =>
  `oai:${repo.host}:${repo.projectId}/${SEGMENTS[item.kind]}${item.id}`;

const isRecordKind = (k: Kind): k is RecordKind => k === 'publication' || k === 'event';

/** The item an identifier names (deleted ones included), or undefined. */
export async function findItem(repo: Repo, identifier: string): Promise<Item | undefined> {
  const prefix = `oai:${repo.host}:${repo.projectId}/`;
  if (!identifier.startsWith(prefix)) return undefined;
  const rest = identifier.slice(prefix.length);
  for (const kind of STAGES) {
    if (!rest.startsWith(SEGMENTS[kind])) continue;
    const id = rest.slice(SEGMENTS[kind].length);
    if (isRecordKind(kind)) return findRecord(repo.db, repo.projectId, kind, id);
    return repo.history.items.find((i) => i.kind === kind && i.id === id);
  }
  return undefined;
}

const inRange = (q: ListQuery, at: Date) => (!q.from || at >= q.from) && (!q.before || at < q.before);

/** Whether a stage takes part in a list: its kind has the format and belongs to the set asked for. */
const applies = (q: ListQuery, kind: Kind) =>
  formatsOf(kind).includes(q.prefix) && (q.set === undefined || q.set === SET_OF[kind]);

const planItems = (repo: Repo, q: ListQuery, kind: Kind) =>
  repo.history.items.filter((i) => i.kind === kind && inRange(q, i.datestamp));

/** The number of items in the list (SQL counts for the record tables). */
export async function listSize(repo: Repo, q: ListQuery): Promise<number> {
  let n = 0;
  for (const kind of STAGES) {
    if (!applies(q, kind)) continue;
    n += isRecordKind(kind)
      ? await recordCount(repo.db, kind, { projectId: repo.projectId, from: q.from, before: q.before })
      : planItems(repo, q, kind).length;
  }
  return n;
}

export interface Positioned {
  item: Item;
  stage: number;
}

/** Up to `limit` items from the keyset position (stage, last id there). */
export async function listFrom(
  repo: Repo,
  opts: { query: ListQuery; stage: number; after: string | null; limit: number },
): Promise<Positioned[]> {
  const out: Positioned[] = [];
  const q = opts.query;
  for (let stage = opts.stage; stage < STAGES.length && out.length < opts.limit; stage++) {
    const kind = STAGES[stage]!;
    if (!applies(q, kind)) continue;
    const after = stage === opts.stage ? opts.after : null;
    const need = opts.limit - out.length;
    const items: Item[] = isRecordKind(kind)
      ? await recordPage(repo.db, {
          kind,
          range: { projectId: repo.projectId, from: q.from, before: q.before },
          after,
          limit: need,
        })
      : planItems(repo, q, kind)
          .filter((i) => after === null || i.id > after)
          .slice(0, need);
    for (const item of items) out.push({ item, stage });
  }
  return out;
}
