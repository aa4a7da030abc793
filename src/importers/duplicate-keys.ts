/**
 * Duplicate keys during an import's check pass: the live records' keys and the first row of each key the files
 * have, held as 16-byte hashes with a number (file and row), so the per-row state stays small at any file size.
 */
import { hash as digestOnce } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { activities, events, metricSnapshots, publications, synergies } from '../db/schema';
import type { RecordType } from '../plan/schema';
import { duplicateKey, type RecordOutputs } from '../records/schema';
import { isVisible } from '../records/visibility';

/** The duplicate keys of the live (not deleted) records of a project (only the columns `duplicateKey` reads). */
export async function existingKeys(db: Db | Tx, projectId: string, type: RecordType): Promise<string[]> {
  const rows: Record<string, unknown>[] = await (async () => {
    switch (type) {
      case 'publication':
        return db
          .select({
            doi: publications.doi,
            title: publications.title,
            date: publications.date,
            date_precision: publications.datePrecision,
            year: publications.year,
            lead_partner: publications.leadPartner,
          })
          .from(publications)
          .where(
            and(
              eq(publications.projectId, projectId),
              isNull(publications.deletedAt),
              isVisible(publications.pendingBatch),
            ),
          );
      case 'activity':
        return db
          .select({
            title: activities.title,
            start_date: activities.startDate,
            lead_partner: activities.leadPartner,
          })
          .from(activities)
          .where(
            and(
              eq(activities.projectId, projectId),
              isNull(activities.deletedAt),
              isVisible(activities.pendingBatch),
            ),
          );
      case 'event':
        return db
          .select({ name: events.name, start_date: events.startDate, lead_partner: events.leadPartner })
          .from(events)
          .where(
            and(eq(events.projectId, projectId), isNull(events.deletedAt), isVisible(events.pendingBatch)),
          );
      case 'synergy':
        return db
          .select({
            initiative: synergies.initiative,
            kind: synergies.kind,
            date: synergies.date,
            lead_partner: synergies.leadPartner,
          })
          .from(synergies)
          .where(
            and(
              eq(synergies.projectId, projectId),
              isNull(synergies.deletedAt),
              isVisible(synergies.pendingBatch),
            ),
          );
      case 'metric':
        return db
          .select({
            channel: metricSnapshots.channel,
            metric: metricSnapshots.metric,
            date: metricSnapshots.date,
          })
          .from(metricSnapshots)
          .where(
            and(
              eq(metricSnapshots.projectId, projectId),
              isNull(metricSnapshots.deletedAt),
              isVisible(metricSnapshots.pendingBatch),
            ),
          );
    }
  })();
  // Only the key's fields are loaded: a partial record is enough for duplicateKey.
  return rows.map((r) => duplicateKey(type, r as unknown as RecordOutputs[RecordType]));
}

/** Where a key was first met: a file (by index) and row, or the database. */
export type FirstSeen = { file: number; row: number } | 'database';

const DATABASE = -1;
/** A file index and a row number in one (safe) integer: file × 2³² + row. */
const ROWS = 2 ** 32;

/** Duplicate keys by hash (128 bits of SHA-256: a collision is out of reach), each with where it was first met. */
export class KeyIndex {
  private readonly first_ = new Map<string, number>();

  /** An index holding the live records' keys of a project. */
  static async load(db: Db | Tx, projectId: string, type: RecordType): Promise<KeyIndex> {
    const index = new KeyIndex();
    for (const key of await existingKeys(db, projectId, type)) index.first_.set(index.hash(key), DATABASE);
    return index;
  }

  /** The form a key is held in (16 bytes as a one-byte string). */
  hash(key: string): string {
    // One-shot, as a one-byte string: the first 16 bytes of the digest, without a Hash object or a Buffer per row.
    return digestOnce('sha256', key, 'binary').slice(0, 16);
  }

  /** Where a hashed key was first met, if it was. */
  first(hash: string): FirstSeen | undefined {
    const v = this.first_.get(hash);
    if (v === undefined) return undefined;
    if (v === DATABASE) return 'database';
    return { file: Math.floor(v / ROWS), row: v % ROWS };
  }

  /** Records the first row with a hashed key. */
  add(hash: string, at: { file: number; row: number }): void {
    this.first_.set(hash, at.file * ROWS + at.row);
  }

  get size(): number {
    return this.first_.size;
  }
}
