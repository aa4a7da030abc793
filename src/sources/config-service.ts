/**
 * A project's source configuration (issue 25 item 3): settings checked by the source's zod schema, the credential
 * sealed at rest (src/sources/secrets.ts) and write-only. Every change needs `sources.manage` and is audited in the
 * same transaction; the audit entry says what happened to the credential (`set`, `replaced`, `cleared`,
 * `unchanged`), never its value. Pages read a view without the credential (only when it was set); the run service
 * alone opens it (`openSourceCredential`).
 */
import { appendAudit } from '../audit/chain';
import { authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { AppError, notFound, type ErrorDetail } from '../errors';
import { issueKey } from '../i18n/zod';
import type { Clock } from '../lib/clock';
import { hasControlChars } from '../schema-pieces';
import {
  configRow,
  configRows,
  deleteConfig,
  insertConfig,
  updateConfig,
  type SourceConfigRow,
} from './config-repo';
import { sourceDescriptor, type AdapterMap, type SourceDescriptor } from './registry';
import { openSecret, sealSecret, secretContext, sourcesKey } from './secrets';
import type { SourceField } from './types';

/** What a page or the CLI may see of a configuration: never the credential. */
export interface SourceConfigView {
  source: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  version: number;
  /** When the credential was set (null: none is stored). */
  secretSetAt: Date | null;
  updatedAt: Date;
}

export const viewOf = (r: SourceConfigRow): SourceConfigView => ({
  source: r.source,
  settings: (r.settings ?? {}) as Record<string, unknown>,
  enabled: r.enabled,
  version: r.version,
  secretSetAt: r.secret ? r.secretSetAt : null,
  updatedAt: r.updatedAt,
});

export type SecretChange = 'set' | 'replaced' | 'cleared' | 'unchanged';

export interface SaveSourceConfigInput {
  /** Field values as typed (text; `lines` fields one value per line, numbers as text), or already typed values. */
  settings: Record<string, unknown>;
  /** A new credential; empty or absent: the stored one stays. */
  secret?: string;
  /** Remove the stored credential. */
  clearSecret?: boolean;
  enabled?: boolean;
  /** The version the form was read at (required once the source is configured). */
  version?: number;
}

interface Scope {
  actor: Actor;
  projectId: string;
  source: string;
  /** Tests inject their adapters; default METRIC_ADAPTERS. */
  adapters?: AdapterMap;
}

const MAX_SECRET = 4096;

function descriptorOrThrow(source: string, adapters?: AdapterMap): SourceDescriptor {
  const d = sourceDescriptor(source, adapters);
  if (!d) throw notFound('source');
  return d;
}

const invalid = (details: ErrorDetail[]): AppError =>
  new AppError({ code: 'validation', status: 422, message: 'The source settings are not valid', details });

/** A form's or the CLI's text values as the settings' types: `lines` split, numbers read, empty left out. */
export function settingsFromText(
  fields: readonly SourceField[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = values[f.name];
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'string' && !Array.isArray(raw)) {
      out[f.name] = raw;
      continue;
    }
    const text = Array.isArray(raw) ? raw.map(String).join('\n') : raw;
    if (f.kind === 'lines') {
      const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
      if (lines.length > 0) out[f.name] = lines;
    } else if (text.trim() !== '') {
      const v = text.trim();
      out[f.name] = f.kind === 'number' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    }
  }
  // Names the form does not know are kept, so the schema (strict) names them instead of dropping them silently.
  for (const [k, v] of Object.entries(values))
    if (!fields.some((f) => f.name === k) && v !== undefined && v !== '') out[k] = v;
  return out;
}

/** The settings checked by the source's schema; 422 naming each field (with an en + ja message key). */
function checkSettings(d: SourceDescriptor, values: Record<string, unknown>): Record<string, unknown> {
  const parsed = d.settings.safeParse(settingsFromText(d.fields, values));
  if (parsed.success) return (parsed.data ?? {}) as Record<string, unknown>;
  throw invalid(
    parsed.error.issues.map((i): ErrorDetail => {
      if (i.code === 'unrecognized_keys') {
        const keys = i.keys.join(', ');
        return {
          path: i.keys[0] ?? 'settings',
          message: `unknown setting: ${keys}`,
          key: 'sources.error.unknownSetting',
          params: { name: keys },
        };
      }
      const path = i.path.map(String).join('.') || 'settings';
      return { path, message: `${path}: ${i.message}`, ...issueKey(i) };
    }),
  );
}

const secretProblem = (key: string, message: string): ErrorDetail => ({
  path: 'secret',
  message,
  key: `sources.error.${key}`,
  params: { max: MAX_SECRET },
});

function checkSecret(d: SourceDescriptor, input: SaveSourceConfigInput, stored: boolean): string | undefined {
  const secret = input.secret?.trim() ?? '';
  let problem: ErrorDetail | undefined;
  if (secret !== '' && input.clearSecret)
    problem = secretProblem('secretBoth', 'enter a new credential or clear it, not both');
  else if (secret !== '' && d.secret === 'none')
    problem = secretProblem('secretNone', 'this source takes no credential');
  else if (secret.length > MAX_SECRET)
    problem = secretProblem('secretLong', `the credential is longer than ${MAX_SECRET} characters`);
  else if (hasControlChars(secret))
    problem = secretProblem('secretControl', 'the credential has control characters or line breaks');
  else if (d.secret === 'required' && secret === '' && (!stored || input.clearSecret))
    problem = secretProblem('secretRequired', 'this source needs a credential');
  if (problem) throw invalid([problem]);
  return secret === '' ? undefined : secret;
}

const stale = (): AppError =>
  new AppError({
    code: 'conflict',
    status: 409,
    message: 'The source configuration was changed since the form was opened: reload it',
    messageKey: 'sources.page.stale',
  });

/** Creates or updates a source's configuration; returns the view (never the credential). */
export async function saveSourceConfig(
  db: Db,
  o: Scope & { input: SaveSourceConfigInput; clock: Clock; keyFile: string },
): Promise<SourceConfigView> {
  const { actor, projectId, source, input } = o;
  authorize(actor, 'sources.manage', { projectId });
  const d = descriptorOrThrow(source, o.adapters);
  const settings = checkSettings(d, input.settings);
  return db.transaction(async (tx) => {
    const row = await configRow(tx, { projectId, source, lock: true });
    if (row ? input.version !== row.version : input.version !== undefined) throw stale();
    const plain = checkSecret(d, input, Boolean(row?.secret));
    const now = o.clock.now();
    const change: SecretChange =
      plain !== undefined
        ? row?.secret
          ? 'replaced'
          : 'set'
        : input.clearSecret && row?.secret
          ? 'cleared'
          : 'unchanged';
    const sealed =
      plain !== undefined
        ? sealSecret(sourcesKey(o.keyFile), plain, secretContext(projectId, source))
        : undefined;
    const secretCols =
      change === 'cleared'
        ? { secret: null, secretSetAt: null }
        : sealed
          ? { secret: sealed, secretSetAt: now }
          : {};
    const enabled = input.enabled ?? row?.enabled ?? true;
    const saved = row
      ? await updateConfig(tx, row.id, { settings, enabled, ...secretCols, version: row.version + 1, now })
      : await insertConfig(tx, {
          projectId,
          source,
          settings,
          enabled,
          secret: sealed ?? null,
          secretSetAt: sealed ? now : null,
          now,
        });
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'source.configure',
      entityType: 'source_config',
      entityId: source,
      before: row
        ? { settings: row.settings, enabled: row.enabled, secret: row.secret ? 'set' : 'none' }
        : null,
      after: { settings, enabled, secret: change },
      at: now,
    });
    return viewOf(saved);
  });
}

/** Turns a configured source on or off (the version guards a stale page). */
export async function setSourceEnabled(
  db: Db,
  o: Scope & { enabled: boolean; version: number; clock: Clock },
): Promise<SourceConfigView> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  descriptorOrThrow(o.source, o.adapters);
  return db.transaction(async (tx) => {
    const row = await configRow(tx, { projectId: o.projectId, source: o.source, lock: true });
    if (!row) throw notFound('source configuration');
    if (row.version !== o.version) throw stale();
    const now = o.clock.now();
    const saved = await updateConfig(tx, row.id, { enabled: o.enabled, version: row.version + 1, now });
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: o.enabled ? 'source.enable' : 'source.disable',
      entityType: 'source_config',
      entityId: o.source,
      before: { enabled: row.enabled },
      after: { enabled: o.enabled },
      at: now,
    });
    return viewOf(saved);
  });
}

/** Removes a source's configuration and its credential (its runs stay). */
export async function deleteSourceConfig(
  db: Db,
  o: Scope & { version: number; clock: Clock },
): Promise<void> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  await db.transaction(async (tx) => {
    const row = await configRow(tx, { projectId: o.projectId, source: o.source, lock: true });
    if (!row) throw notFound('source configuration');
    if (row.version !== o.version) throw stale();
    await deleteConfig(tx, row.id);
    await appendAudit(tx, {
      projectId: o.projectId,
      actor: o.actor,
      action: 'source.delete',
      entityType: 'source_config',
      entityId: o.source,
      before: { settings: row.settings, enabled: row.enabled, secret: row.secret ? 'set' : 'none' },
      after: null,
      at: o.clock.now(),
    });
  });
}

/** One source's configuration for a page (`sources.manage`), without the credential. */
export async function readSourceConfig(
  db: Db,
  o: { actor: Actor; projectId: string; source: string },
): Promise<SourceConfigView | undefined> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  const row = await configRow(db, { projectId: o.projectId, source: o.source });
  return row ? viewOf(row) : undefined;
}

/** Every configured source of a project (`sources.manage`), by source id. */
export async function readSourceConfigs(
  db: Db,
  o: { actor: Actor; projectId: string },
): Promise<Map<string, SourceConfigView>> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  return new Map((await configRows(db, o.projectId)).map((r) => [r.source, viewOf(r)]));
}

/** The credential could not be opened (another instance's key, a copied row): the run fails with this. */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

/**
 * The plain credential of a configured source, for the run service only (never a page, an answer, a log). Undefined
 * when none is stored; a CredentialError when it does not open here.
 */
export function openSourceCredential(
  row: Pick<SourceConfigRow, 'secret' | 'projectId' | 'source'> | undefined,
  keyFile: string,
): string | undefined {
  if (!row?.secret) return undefined;
  try {
    return openSecret(sourcesKey(keyFile), row.secret, secretContext(row.projectId, row.source));
  } catch (e) {
    throw new CredentialError((e as Error).message);
  }
}
