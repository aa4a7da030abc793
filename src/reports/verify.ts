/**
 * Checking a submitted report: offline, from the file and its manifest alone (the file's sha256 is one the manifest
 * names, the key's fingerprint, the Ed25519 signature over the manifest's canonical JSON, the Merkle root from the
 * figures); with the database, every record behind a figure is read again and its digest compared, naming each
 * record changed or deleted since submission. The report is found by the file's sha256 when no manifest is given.
 */
import { eq } from 'drizzle-orm';
import { recordDigest } from '../audit/record-state';
import type { Db } from '../db/client';
import { reportFiles, reports } from '../db/schema';
import { canonicalJson } from '../lib/canonical-json';
import { KIND_TABLES, type RecordKind } from '../records/kinds';
import { verifyWithPem } from '../signing';
import { inArray } from 'drizzle-orm';
import {
  figuresRoot,
  keyFingerprint,
  sha256Hex,
  unsigned,
  type ManifestFile,
  type SignedManifest,
} from './manifest';

export interface OfflineCheck {
  /** The manifest's entry for the file, or null when its sha256 is not among the manifest's files. */
  file: ManifestFile | null;
  fileSha256: string;
  signature: boolean;
  fingerprint: string;
  /** The fingerprint recomputed from the public key equals the one the manifest states. */
  fingerprintMatches: boolean;
  root: string;
  rootMatches: boolean;
  ok: boolean;
}

export interface RecordChange {
  kind: RecordKind;
  id: string;
  /** `changed`: its digest differs; `deleted`: withdrawn or gone. */
  state: 'changed' | 'deleted';
  /** The figures it stands behind (`kpi` or `kpi/part`). */
  figures: string[];
}

/** Reads a manifest's JSON text; throws a located message when it is not one. */
export function parseManifest(text: string, source = 'manifest'): SignedManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${(e as Error).message})`);
  }
  const m = value as Partial<SignedManifest>;
  for (const field of ['format', 'figures', 'merkle', 'files', 'key', 'signature'] as const)
    if (m === null || typeof m !== 'object' || m[field] === undefined)
      throw new Error(`${source}: not an evidence manifest (field "${field}" missing)`);
  return m as SignedManifest;
}

/** The checks that need nothing but the file's bytes and the manifest. */
export function verifyOffline(bytes: Uint8Array, manifest: SignedManifest): OfflineCheck {
  const fileSha256 = sha256Hex(bytes);
  const file = manifest.files.find((f) => f.sha256 === fileSha256) ?? null;
  const signature = verifyWithPem(
    manifest.key.publicKey,
    canonicalJson(unsigned(manifest)),
    manifest.signature,
  );
  let fingerprint = '';
  try {
    fingerprint = keyFingerprint(manifest.key.publicKey);
  } catch {
    fingerprint = '';
  }
  const fingerprintMatches = fingerprint !== '' && fingerprint === manifest.key.fingerprint;
  const root = figuresRoot(manifest.figures);
  const rootMatches = root === manifest.merkle.root;
  return {
    file,
    fileSha256,
    signature,
    fingerprint,
    fingerprintMatches,
    root,
    rootMatches,
    ok: file !== null && signature && fingerprintMatches && rootMatches,
  };
}

/** The stored manifest of the submitted report that holds a file with this sha256, or undefined. */
export async function manifestByFileSha(db: Db, sha: string): Promise<SignedManifest | undefined> {
  const [row] = await db
    .select({ manifest: reports.manifest })
    .from(reportFiles)
    .innerJoin(reports, eq(reports.id, reportFiles.reportId))
    .where(eq(reportFiles.sha256, sha))
    .limit(1);
  return (row?.manifest ?? undefined) as SignedManifest | undefined;
}

/** Every record behind the manifest's figures whose content changed, or that was deleted, since submission. */
export async function changedRecords(db: Db, manifest: SignedManifest): Promise<RecordChange[]> {
  const wanted = new Map<string, { kind: RecordKind; id: string; digest: string; figures: string[] }>();
  for (const f of manifest.figures) {
    const name = f.part ? `${f.kpi}/${f.part}` : f.kpi;
    for (const r of f.records) {
      const k = `${r.kind}:${r.id}`;
      const entry = wanted.get(k) ?? { ...r, figures: [] };
      entry.figures.push(name);
      wanted.set(k, entry);
    }
  }
  const byKind = new Map<RecordKind, string[]>();
  for (const r of wanted.values()) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
  const current = new Map<string, { digest: string; deleted: boolean }>();
  for (const [kind, ids] of byKind) {
    const table = KIND_TABLES[kind];
    for (let i = 0; i < ids.length; i += 5000) {
      const rows = (await db
        .select()
        .from(table)
        .where(inArray(table.id, ids.slice(i, i + 5000)))) as Array<Record<string, unknown>>;
      for (const row of rows)
        current.set(`${kind}:${String(row.id)}`, {
          digest: recordDigest(kind, row),
          deleted: row.deletedAt !== null && row.deletedAt !== undefined,
        });
    }
  }
  const out: RecordChange[] = [];
  for (const [k, r] of wanted) {
    const now = current.get(k);
    if (!now || now.deleted) out.push({ kind: r.kind, id: r.id, state: 'deleted', figures: r.figures });
    else if (now.digest !== r.digest)
      out.push({ kind: r.kind, id: r.id, state: 'changed', figures: r.figures });
  }
  return out.sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind.localeCompare(b.kind)));
}
