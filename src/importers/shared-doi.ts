/**
 * A DOI shared by publications with different titles. Within a file, such a DOI is the container's (a proceedings
 * volume's DOI copied onto its papers): each entry keeps it as `container_doi`, none as its own. Against the
 * project's records, a DOI already kept as a container DOI (or carried by several records with different titles) is
 * treated the same way; a DOI a record carries as its own, under another title, makes the row a *conflict*: left out
 * of the import and listed, for a person to settle (correct the file, or enter the paper by hand). A DOI the file's
 * entries share that a record already has as its own is that record's: those entries are its duplicates or conflicts.
 */
import { and, eq, isNotNull, isNull, or } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { publications } from '../db/schema';
import { normTitle, type Publication } from '../records/schema';
import type { CandidateRow } from './types';
import { isVisible } from '../records/visibility';

/** A row left out because its DOI is another publication's, under another title. */
export interface ConflictRow {
  row: number;
  line?: number;
  file?: string;
  doi: string;
  title: string;
  /** `database` (a record of the project) or the earlier row of the file that has this DOI. */
  of: 'database' | number;
  /** The title under which the DOI is already known. */
  otherTitle: string;
  /** The record's id, when `of` is `database`. */
  otherId?: string;
}

const doiOf = (input: Record<string, unknown>) =>
  typeof input.doi === 'string' && input.doi.trim() ? input.doi.trim().toLowerCase() : undefined;
const titleOf = (input: Record<string, unknown>) => (typeof input.title === 'string' ? input.title : '');

/**
 * Marks the DOIs that entries of one file with different titles share as container DOIs (moved from `doi` to
 * `container_doi`); returns one note per such DOI. Rows are changed in place.
 */
export function markContainerDois(rows: readonly CandidateRow[]): string[] {
  const groups = new Map<string, CandidateRow[]>();
  for (const row of rows) {
    const doi = doiOf(row.input);
    if (doi && row.errors.length === 0) groups.set(doi, [...(groups.get(doi) ?? []), row]);
  }
  const notes: string[] = [];
  for (const [doi, group] of groups) {
    if (new Set(group.map((r) => normTitle(titleOf(r.input)))).size < 2) continue;
    for (const row of group) {
      const { doi: _own, ...input } = row.input;
      row.input = { ...input, container_doi: row.input.container_doi ?? doi };
      row.sharedDoi = doi;
    }
    notes.push(
      `DOI ${doi} is shared by ${group.length} entries with different titles (rows ${group.map((r) => r.row).join(', ')}): taken as the DOI of their volume, not as theirs (unless a record of the project has it as its own)`,
    );
  }
  return notes;
}

interface Known {
  title: string;
  norm: string;
  of: 'database' | number;
  id?: string;
}

/** The project's publication DOIs (own and container) and those of the rows accepted so far. */
export class DoiIndex {
  private readonly own = new Map<string, Known>();
  private readonly containers = new Set<string>();

  /** The live publications' DOIs; a DOI that records with different titles share counts as a container DOI. */
  static async load(db: Db | Tx, projectId: string): Promise<DoiIndex> {
    const index = new DoiIndex();
    const rows = await db
      .select({
        id: publications.id,
        title: publications.title,
        doi: publications.doi,
        containerDoi: publications.containerDoi,
      })
      .from(publications)
      .where(
        and(
          eq(publications.projectId, projectId),
          isNull(publications.deletedAt),
          isVisible(publications.pendingBatch),
          or(isNotNull(publications.doi), isNotNull(publications.containerDoi)),
        ),
      );
    for (const r of rows) {
      if (r.containerDoi) index.containers.add(r.containerDoi);
      if (!r.doi) continue;
      const known = index.own.get(r.doi);
      if (known && known.norm !== normTitle(r.title)) index.containers.add(r.doi);
      else if (!known)
        index.own.set(r.doi, { title: r.title, norm: normTitle(r.title), of: 'database', id: r.id });
    }
    return index;
  }

  /**
   * The record as the project's DOIs settle it: a known container DOI moved from `doi` to `container_doi`; a DOI the
   * file's entries share (`sharedDoi`, taken as their volume's) given back when a record has it as its own, so the
   * row is then a duplicate or a conflict of that record rather than a new paper.
   */
  contained(p: Publication, sharedDoi?: string): Publication {
    if (
      sharedDoi &&
      !p.doi &&
      this.own.get(sharedDoi)?.of === 'database' &&
      !this.containers.has(sharedDoi)
    ) {
      const { container_doi: _container, ...rest } = p;
      return {
        ...rest,
        doi: sharedDoi,
        ...(p.container_doi !== sharedDoi ? { container_doi: p.container_doi } : {}),
      };
    }
    if (!p.doi || !this.containers.has(p.doi)) return p;
    const { doi, ...rest } = p;
    return { ...rest, container_doi: p.container_doi ?? doi };
  }

  /** The conflict of a record (its DOI known under another title), if any. */
  conflict(p: Publication, place: { row: number; line?: number; file?: string }): ConflictRow | undefined {
    const known = p.doi ? this.own.get(p.doi) : undefined;
    if (!p.doi || !known || known.norm === normTitle(p.title)) return undefined;
    return {
      ...place,
      doi: p.doi,
      title: p.title,
      of: known.of,
      otherTitle: known.title,
      ...(known.id ? { otherId: known.id } : {}),
    };
  }

  /** Remembers an accepted row's DOI. */
  add(p: Publication, row: number): void {
    if (p.doi && !this.own.has(p.doi))
      this.own.set(p.doi, { title: p.title, norm: normTitle(p.title), of: row });
  }
}
