/**
 * Writing what OpenAIRE answered: one page of products into `suggested_outputs` (one transaction per page, so a run
 * that fails mid-way keeps the pages it stored and never half of one), and the publications' link states into
 * `openaire_link_checks`.
 * Decisions stick: a rejected product stays rejected and an accepted one accepted (its data is refreshed, never its
 * status). A product whose DOI is already a live publication of the project is not suggested: a new one gets no row,
 * and a waiting suggestion is marked accepted, pointing at that publication (someone added it by hand meanwhile).
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { openaireLinkChecks, publications, suggestedOutputs } from '../../db/schema';
import { isVisible } from '../../records/visibility';
import type { InboxFields } from './map';

export const SOURCE = 'openaire';

export interface PageCounts {
  /** New suggestions. */
  added: number;
  /** Products seen before (any status), refreshed. */
  known: number;
  /** Products already among the project's publications (by DOI). */
  present: number;
}

/** Live publications of the project with these DOIs: DOI → record id. */
export async function livePublicationsByDoi(
  db: Db | Tx,
  projectId: string,
  dois: readonly string[],
): Promise<Map<string, string>> {
  if (dois.length === 0) return new Map();
  const rows = await db
    .select({ id: publications.id, doi: publications.doi })
    .from(publications)
    .where(
      and(
        eq(publications.projectId, projectId),
        isNull(publications.deletedAt),
        isVisible(publications.pendingBatch),
        inArray(sql`lower(${publications.doi})`, [...dois]),
      ),
    );
  return new Map(rows.map((r) => [(r.doi ?? '').toLowerCase(), r.id]));
}

/** Stores one page of products (or, in a dry run, only counts what it would do). */
export async function storePage(
  db: Db,
  o: { projectId: string; products: InboxFields[]; now: Date; decidedBy: string; dryRun: boolean },
): Promise<PageCounts> {
  const work = async (tx: Db | Tx): Promise<PageCounts> => {
    const counts: PageCounts = { added: 0, known: 0, present: 0 };
    if (o.products.length === 0) return counts;
    const existing = await tx
      .select({
        id: suggestedOutputs.id,
        externalId: suggestedOutputs.externalId,
        status: suggestedOutputs.status,
      })
      .from(suggestedOutputs)
      .where(
        and(
          eq(suggestedOutputs.projectId, o.projectId),
          eq(suggestedOutputs.source, SOURCE),
          inArray(
            suggestedOutputs.externalId,
            o.products.map((p) => p.externalId),
          ),
        ),
      );
    const byExternal = new Map(existing.map((r) => [r.externalId, r]));
    const present = await livePublicationsByDoi(
      tx,
      o.projectId,
      o.products.map((p) => p.doi).filter((d): d is string => d !== null),
    );
    for (const p of o.products) {
      const before = byExternal.get(p.externalId);
      const recordId = p.doi ? present.get(p.doi) : undefined;
      if (recordId) counts.present++;
      else if (before) counts.known++;
      else counts.added++;
      if (o.dryRun) continue;
      const data = {
        doi: p.doi,
        title: p.title,
        productType: p.productType,
        publishedOn: p.publishedOn,
        item: p.item,
        lastSeenAt: o.now,
      };
      if (before) {
        const settle =
          before.status === 'suggested' && recordId
            ? { status: 'accepted', recordId, decidedAt: o.now, decidedBy: o.decidedBy }
            : {};
        await tx
          .update(suggestedOutputs)
          .set({ ...data, ...settle })
          .where(eq(suggestedOutputs.id, before.id));
      } else if (!recordId) {
        await tx
          .insert(suggestedOutputs)
          .values({
            projectId: o.projectId,
            source: SOURCE,
            externalId: p.externalId,
            status: 'suggested',
            firstSeenAt: o.now,
            ...data,
          })
          // Another run stored it meanwhile: its row (and any decision on it) stays.
          .onConflictDoNothing();
      }
    }
    return counts;
  };
  return o.dryRun ? work(db) : db.transaction((tx) => work(tx));
}

export type LinkState = 'linked' | 'pending' | 'not_found';
export const LINK_STATES: readonly LinkState[] = ['linked', 'pending', 'not_found'];

/** Records a publication's link state (one row per project and DOI). */
export async function saveLinkState(
  db: Db,
  o: { projectId: string; doi: string; state: LinkState; openaireId?: string; now: Date },
): Promise<void> {
  const values = { state: o.state, openaireId: o.openaireId ?? null, checkedAt: o.now };
  await db
    .insert(openaireLinkChecks)
    .values({ projectId: o.projectId, doi: o.doi, ...values })
    .onConflictDoUpdate({ target: [openaireLinkChecks.projectId, openaireLinkChecks.doi], set: values });
}

/** The project's live publications with a DOI, each with its last check (never checked first, then oldest). */
export async function publicationsToCheck(
  db: Db,
  projectId: string,
): Promise<{ id: string; doi: string; title: string; state: string | null; checkedAt: Date | null }[]> {
  const rows = await db
    .select({
      id: publications.id,
      doi: sql<string>`lower(${publications.doi})`,
      title: publications.title,
      state: openaireLinkChecks.state,
      checkedAt: openaireLinkChecks.checkedAt,
    })
    .from(publications)
    .leftJoin(
      openaireLinkChecks,
      and(
        eq(openaireLinkChecks.projectId, publications.projectId),
        eq(openaireLinkChecks.doi, sql`lower(${publications.doi})`),
      ),
    )
    .where(
      and(
        eq(publications.projectId, projectId),
        isNull(publications.deletedAt),
        isVisible(publications.pendingBatch),
        sql`${publications.doi} is not null and ${publications.doi} <> ''`,
      ),
    )
    .orderBy(sql`${openaireLinkChecks.checkedAt} asc nulls first`, publications.title, publications.id);
  return rows;
}
