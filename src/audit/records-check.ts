/**
 * `herald audit verify --records`: replays a project's chain to the state its last entry gives each record, then
 * compares every record row with it. A row edited, inserted, deleted or revived outside Herald is named; rows whose
 * last entry predates entries that carry state (old batch imports: ids only) are counted as not verifiable.
 */
import { and, asc, eq, getTableName, gt, inArray, like } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import { auditEntries, importBatches } from '../db/schema';
import { KIND_TABLES, RECORD_KINDS, isRecordKind, type RecordKind } from '../records/kinds';
import { chainOf } from './chain';
import { differingFields, recordState, stateDigest } from './record-state';

/** What the last audit entry about a record says. */
interface Said {
  seq: number;
  live: boolean;
  /** The full state (create, update, restore: after; delete: before), with `version`. */
  state?: Record<string, unknown>;
  /** A batch import's digest of the state. */
  digest?: string;
}

export interface RecordsReport {
  projectId: string;
  /** Rows compared with what their audit entry says. */
  checked: number;
  /** Rows whose last entry carries no state (imported before entries did). */
  unverifiable: number;
  /** Rows of an import still being written (not visible, no entry yet). */
  pending: number;
  problems: string[];
}

const PAGE = 200;
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Replays the record entries of a chain: `kind:id` → what the last entry says. */
async function replay(db: Db, chain: string): Promise<Map<string, Said>> {
  const said = new Map<string, Said>();
  let after = 0;
  for (;;) {
    const rows = await db
      .select({
        seq: auditEntries.seq,
        action: auditEntries.action,
        entityType: auditEntries.entityType,
        entityId: auditEntries.entityId,
        before: auditEntries.before,
        after: auditEntries.after,
      })
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.chain, chain),
          gt(auditEntries.seq, after),
          like(auditEntries.action, 'record.%'),
          inArray(auditEntries.entityType, [...RECORD_KINDS]),
        ),
      )
      .orderBy(asc(auditEntries.seq))
      .limit(PAGE);
    for (const e of rows) {
      if (!isRecordKind(e.entityType)) continue;
      const key = (id: string) => `${e.entityType}:${id}`;
      if (e.action === 'record.import') {
        const a = obj(e.after);
        const ids = Array.isArray(a?.ids) ? (a.ids as unknown[]).map(String) : [];
        const digests = Array.isArray(a?.digests) ? (a.digests as unknown[]) : [];
        ids.forEach((id, i) => {
          const d = digests[i];
          said.set(key(id), { seq: e.seq, live: true, digest: typeof d === 'string' && d ? d : undefined });
        });
      } else if (e.action === 'record.delete' || e.action === 'record.withdraw') {
        said.set(key(e.entityId), { seq: e.seq, live: false, state: obj(e.before) });
      } else if (['record.create', 'record.update', 'record.restore'].includes(e.action)) {
        said.set(key(e.entityId), { seq: e.seq, live: true, state: obj(e.after) });
      }
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.seq;
  }
  return said;
}

/**
 * Compares every record row of a project (all kinds, live and deleted) with the replayed chain, in one
 * repeatable-read snapshot (a record written meanwhile is neither half-seen nor blamed).
 */
export function checkRecords(db: Db, projectId: string): Promise<RecordsReport> {
  return db.transaction((tx) => compareRecords(tx, projectId), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function compareRecords(db: Db, projectId: string): Promise<RecordsReport> {
  const said = await replay(db, chainOf(projectId));
  const report: RecordsReport = { projectId, checked: 0, unverifiable: 0, pending: 0, problems: [] };
  // A committed batch's rows are checked like any other, whether or not the tidy-up cleared their marker yet.
  const committed = new Set(
    (
      await db
        .select({ id: importBatches.id })
        .from(importBatches)
        .where(and(eq(importBatches.projectId, projectId), eq(importBatches.state, 'committed')))
    ).map((b) => b.id),
  );
  const problem = (kind: RecordKind, id: string, text: string) =>
    report.problems.push(`${getTableName(KIND_TABLES[kind])} ${id}: ${text}`);
  for (const kind of RECORD_KINDS) {
    const table = KIND_TABLES[kind];
    const cols = table as unknown as Record<'id' | 'projectId', PgColumn>;
    let lastId: string | undefined;
    for (;;) {
      const rows = (await db
        .select()
        .from(table)
        .where(and(eq(cols.projectId, projectId), lastId ? gt(cols.id, lastId) : undefined))
        .orderBy(asc(cols.id))
        .limit(1000)) as Record<string, unknown>[];
      for (const row of rows) {
        const id = String(row.id);
        const key = `${kind}:${id}`;
        const s = said.get(key);
        said.delete(key);
        if (row.pendingBatch && !committed.has(String(row.pendingBatch))) {
          report.pending += 1;
          continue;
        }
        if (!s) {
          problem(kind, id, 'has no audit entry (written outside Herald)');
          continue;
        }
        const deleted = row.deletedAt !== null && row.deletedAt !== undefined;
        if (deleted && s.live) {
          problem(kind, id, `is deleted, but audit entry ${s.seq} says it is live`);
          continue;
        }
        if (!deleted && !s.live) {
          problem(kind, id, `is live, but audit entry ${s.seq} deleted it`);
          continue;
        }
        const state = recordState(kind, row);
        if (s.state) {
          report.checked += 1;
          // A delete entry holds the state before it; the delete itself moved the version on.
          const fields = differingFields(
            deleted ? state : { ...state, version: row.version },
            s.state,
            deleted ? ['version'] : [],
          );
          if (fields.length > 0)
            problem(
              kind,
              id,
              `${fields.join(', ')} ${fields.length > 1 ? 'differ' : 'differs'} from audit entry ${s.seq}`,
            );
        } else if (s.digest) {
          report.checked += 1;
          if (stateDigest(state) !== s.digest)
            problem(kind, id, `state differs from the digest in audit entry ${s.seq}`);
        } else report.unverifiable += 1;
      }
      if (rows.length < 1000) break;
      lastId = String(rows[rows.length - 1]!.id);
    }
  }
  for (const [key, s] of said) {
    const [kind, id] = key.split(/:(.*)/s) as [RecordKind, string];
    problem(kind, id, `is missing, but audit entry ${s.seq} says it exists`);
  }
  return report;
}
