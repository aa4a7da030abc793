/**
 * What the audit trail says a record is: its state projection (id + stored fields, as JSON; no bookkeeping such
 * as version, timestamps, who, pending_batch, deleted_at) and that projection's digest, the one rule shared by the
 * entries that carry a digest (batch imports) and `herald audit verify --records`.
 */
import { hash } from 'node:crypto';
import { canonicalJson } from '../lib/canonical-json';
import { rowFields, rowToData, type RecordKind } from '../records/kinds';

/** A record row (drizzle property names) → its state: `{ id, …fields }`, JSON-normalised (dates as ISO strings). */
export function recordState(kind: RecordKind, row: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ id: row.id, ...rowToData(kind, row) })) as Record<string, unknown>;
}

/** sha256 (hex) of the canonical JSON of a state. */
export const stateDigest = (state: Record<string, unknown>): string => hash('sha256', canonicalJson(state));

/** A kind's state keys in canonical order, each with its row property and its JSON label (`"key":`). */
const digestPlans = new Map<RecordKind, readonly { key: string; label: string; id: boolean }[]>();
function digestPlan(kind: RecordKind) {
  let plan = digestPlans.get(kind);
  if (!plan) {
    const fields = [{ field: 'id', key: 'id' }, ...rowFields(kind)];
    // canonicalJson's order: keys sorted as strings (no state key is an array index).
    const names = fields.map((f) => f.field).sort();
    plan = names.map((name) => {
      const f = fields.find((x) => x.field === name) as { field: string; key: string };
      return { key: f.key, label: `${JSON.stringify(name)}:`, id: name === 'id' };
    });
    digestPlans.set(kind, plan);
  }
  return plan;
}

/**
 * The digest of a row's state: `stateDigest({ id, ...rowToData(kind, row) })`, byte for byte (canonicalJson
 * normalises as the JSON round trip of `recordState` does), written in the kind's precomputed key order without
 * building the state object (an import digests every row it writes).
 */
export function recordDigest(kind: RecordKind, row: Record<string, unknown>): string {
  let json = '{';
  for (const { key, label, id } of digestPlan(kind)) {
    const v = row[key];
    // The state leaves out null fields (rowToData); the id is written as it is.
    if (v === undefined || (v === null && !id)) continue;
    const item = canonicalJson(v);
    if (item === undefined) continue;
    json += json.length === 1 ? label + item : `,${label}${item}`;
  }
  // One-shot hash: no Hash object per row (an import digests every row it writes).
  return hash('sha256', `${json}}`);
}

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
