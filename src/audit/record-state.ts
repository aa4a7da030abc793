/**
 * What the audit trail says a record is: its state projection (id + stored fields, as JSON; no bookkeeping such
 * as version, timestamps, who, pending_batch, deleted_at) and that projection's digest, the one rule shared by the
 * entries that carry a digest (batch imports) and `herald audit verify --records`.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/canonical-json';
import { rowToData, type RecordKind } from '../records/kinds';

/** A record row (drizzle property names) → its state: `{ id, …fields }`, JSON-normalised (dates as ISO strings). */
export function recordState(kind: RecordKind, row: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ id: row.id, ...rowToData(kind, row) })) as Record<string, unknown>;
}

/** sha256 (hex) of the canonical JSON of a state. */
export const stateDigest = (state: Record<string, unknown>): string =>
  createHash('sha256').update(canonicalJson(state)).digest('hex');

/** The digest of a row's state (canonicalJson normalises as the JSON round trip of `recordState` does). */
export const recordDigest = (kind: RecordKind, row: Record<string, unknown>): string =>
  stateDigest({ id: row.id, ...rowToData(kind, row) });

/** The fields (sorted) whose values differ between two states; `ignore` names fields left out. */
export function differingFields(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  ignore: readonly string[] = [],
): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of ignore) keys.delete(k);
  // A field absent on one side equals null on the other: entries leave nulls out.
  const same = (x: unknown, y: unknown) => canonicalJson(x ?? null) === canonicalJson(y ?? null);
  return [...keys].filter((k) => !same(a[k], b[k])).sort();
}
