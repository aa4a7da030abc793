/**
 * A submitted report's evidence manifest: for every KPI figure (and every part) of the report's period, the SQL that
 * produced it, the SQL that lists the records behind it, those records' ids and content digests (recordDigest of
 * src/audit/record-state.ts, the digest `herald audit verify --records` uses); a Merkle root over the figures
 * (src/reports/merkle.ts: RFC 6962 style; one leaf per figure, its bytes the UTF-8 of the figure's canonical JSON,
 * in the manifest's order); the audit chain's head at submission; the sha256 of every stored file; the instance's
 * Ed25519 public key and fingerprint (sha256 hex of its SPKI DER; its first 16 digits are the key id). The signature
 * (base64url) covers the canonical JSON of the manifest without its `signature` field.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { recordDigest } from '../audit/record-state';
import type { Db, Tx } from '../db/client';
import { listKpiRecords } from '../kpi/drilldown';
import { evaluateKpis } from '../kpi/engine';
import { recordSql } from '../kpi/sql-file';
import { canonicalJson } from '../lib/canonical-json';
import type { Plan } from '../plan/schema';
import { KIND_TABLES, type RecordKind } from '../records/kinds';
import type { InstanceKey } from '../signing';
import { merkleRoot } from './merkle';
import type { ReportPeriod } from './model';

export const MANIFEST_FORMAT = 'herald-evidence-manifest/1';
export const MERKLE_RULE =
  'sha256, RFC 6962: leaf = H(0x00 || canonical JSON of a figure), node = H(0x01 || l || r)';

export interface ManifestRecord {
  kind: RecordKind;
  id: string;
  /** sha256 hex of the record's state (id + stored fields, canonical JSON). */
  digest: string;
}

export interface ManifestQuery {
  sql: string;
  params: unknown[];
}

export interface ManifestFigure {
  kpi: string;
  /** The KPI part, or null for the KPI's own figure. */
  part: string | null;
  value: number;
  hasValue: boolean;
  target: number;
  /** The aggregate statement(s) that computed the figure (evaluated for this KPI alone). */
  queries: ManifestQuery[];
  /** The statement that lists the records behind it (the same condition as the figure). */
  recordsQuery: ManifestQuery[];
  records: ManifestRecord[];
}

export interface ManifestFile {
  format: string;
  fileName: string;
  contentType: string;
  sha256: string;
  size: number;
}

export interface EvidenceManifest {
  format: typeof MANIFEST_FORMAT;
  project: { id: string; acronym: string };
  report: { id: string; scope: string; year: number | null; from: string; to: string; lang: string };
  planVersion: number;
  /** The figures are as of `at` (the period's last day), counted from the project start. */
  at: string;
  audit: { chain: string; seq: number; head: string | null };
  submittedAt: string;
  submittedBy: string;
  figures: ManifestFigure[];
  merkle: { rule: string; leaves: number; root: string };
  files: ManifestFile[];
  key: { algorithm: 'ed25519'; keyId: string; fingerprint: string; publicKey: string };
}

export interface SignedManifest extends EvidenceManifest {
  signature: string;
}

/** Bytes of one figure's leaf: its canonical JSON. */
export const leafBytes = (f: ManifestFigure): string => canonicalJson(f);

export const figuresRoot = (figures: readonly ManifestFigure[]): string => merkleRoot(figures.map(leafBytes));

/** sha256 hex of a public key's SPKI DER. */
export function keyFingerprint(publicKeyPem: string): string {
  return createHash('sha256')
    .update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const kindOf = (t: string): RecordKind => (t === 'manual' ? 'kpi_value' : (t as RecordKind));

/** Digests of the given records, fetched once per kind (chunks of 5,000 ids). */
async function digestsOf(db: Db | Tx, wanted: Map<RecordKind, Set<string>>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [kind, ids] of wanted) {
    const table = KIND_TABLES[kind];
    const all = [...ids];
    for (let i = 0; i < all.length; i += 5000) {
      const rows = (await db
        .select()
        .from(table)
        .where(inArray(table.id, all.slice(i, i + 5000)))) as Array<Record<string, unknown>>;
      for (const row of rows) out.set(`${kind}:${String(row.id)}`, recordDigest(kind, row));
    }
  }
  return out;
}

/** The figures of the period with their queries and records (no files, key or signature yet). */
export async function collectFigures(
  db: Db | Tx,
  opts: { projectId: string; plan: Plan; period: ReportPeriod },
): Promise<{ at: string; figures: ManifestFigure[] }> {
  const { projectId, plan } = opts;
  const at = opts.period.to;
  const values = await evaluateKpis(db as Db, { projectId, plan, at });
  const lists: Array<{ kpi: string; part: string | null; ids: Array<{ kind: RecordKind; id: string }> }> = [];
  const wanted = new Map<RecordKind, Set<string>>();
  const figures: ManifestFigure[] = [];
  for (const kpi of plan.kpis) {
    const value = values.find((v) => v.id === kpi.id);
    const queries = json(
      await recordSql((rec) => evaluateKpis(rec, { projectId, plan: { ...plan, kpis: [kpi] }, at })),
    );
    for (const partId of [null, ...kpi.parts.map((p) => p.id)]) {
      const drill = { projectId, plan, kpiId: kpi.id, partId: partId ?? undefined, at, limit: 10_000_000 };
      const rows = await listKpiRecords(db as Db, drill);
      const ids = rows
        .map((r) => ({ kind: kindOf(r.recordType), id: r.id }))
        .sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind.localeCompare(b.kind)));
      for (const r of ids) {
        const set = wanted.get(r.kind) ?? new Set<string>();
        set.add(r.id);
        wanted.set(r.kind, set);
      }
      lists.push({ kpi: kpi.id, part: partId, ids });
      const part = partId ? value?.parts.find((p) => p.id === partId) : undefined;
      figures.push({
        kpi: kpi.id,
        part: partId,
        value: (partId ? part?.value : value?.value) ?? 0,
        hasValue: partId ? part !== undefined : (value?.hasValue ?? false),
        target: (partId ? part?.target : value?.target) ?? kpi.target,
        queries,
        recordsQuery: json(await recordSql((rec) => listKpiRecords(rec, drill))),
        records: [],
      });
    }
  }
  const digests = await digestsOf(db, wanted);
  lists.forEach((l, i) => {
    (figures[i] as ManifestFigure).records = l.ids.map((r) => ({
      ...r,
      digest: digests.get(`${r.kind}:${r.id}`) ?? '',
    }));
  });
  return { at, figures };
}

/** Signs a finished manifest with the instance key. */
export function signManifest(manifest: EvidenceManifest, key: InstanceKey): SignedManifest {
  return { ...manifest, signature: key.sign(canonicalJson(manifest)) };
}

/** The manifest as signed: everything but `signature`. */
export function unsigned(m: SignedManifest): EvidenceManifest {
  const rest: Partial<SignedManifest> = { ...m };
  delete rest.signature;
  return rest as EvidenceManifest;
}

/** The key block of a manifest for an instance key. */
export const keyBlock = (key: InstanceKey): EvidenceManifest['key'] => ({
  algorithm: 'ed25519',
  keyId: key.keyId,
  fingerprint: keyFingerprint(key.publicKey),
  publicKey: key.publicKey,
});
