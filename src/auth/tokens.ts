/**
 * API tokens for partners' scripts: `hrd_` + 32 random bytes, shown once, stored as SHA-256, scoped to one project,
 * one partner and read or write access, revocable. A revoked token fails on its next request: every request looks
 * the token up.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { apiTokens, type ApiTokenRow } from '../db/schema';
import { appendAudit } from '../audit/chain';
import { AppError, notFound } from '../errors';
import { randomToken, safeEqual, sha256 } from '../lib/ids';
import { partnerCodes } from './members';
import { authorize, partnersFor, type Actor } from './permissions';
import { findApiToken, listApiTokens } from './repository';
import { tokenInput } from './schema';
import { parseInput } from './util';

export const TOKEN_PREFIX = 'hrd_';
/** last_used_at is written at most this often. */
const TOUCH_MS = 60 * 1000;

export interface TokensView {
  tokens: ApiTokenRow[];
  /** Partners the actor may make tokens for. */
  partners: string[];
}

/** The tokens page: the tokens of the partners the actor manages. Needs `token.manage` for at least one partner. */
export async function listTokens(db: Db, opts: { actor: Actor; projectId: string }): Promise<TokensView> {
  const allowed = partnersFor(opts.actor, 'token.manage', opts.projectId);
  if (allowed !== 'all' && allowed.length === 0)
    authorize(opts.actor, 'token.manage', { projectId: opts.projectId });
  const codes = await partnerCodes(db, opts.projectId);
  if (codes.length === 0) throw notFound('project');
  const partners = allowed === 'all' ? codes : codes.filter((c) => allowed.includes(c));
  const tokens = (await listApiTokens(db, opts.projectId)).filter(
    (t) => allowed === 'all' || allowed.includes(t.partnerCode),
  );
  return { tokens, partners };
}

/** Creates a token; the raw value is returned once and never stored. Needs `token.manage` for the token's partner. */
export async function createToken(
  db: Db,
  opts: { actor: Actor; projectId: string; input: unknown; now?: Date },
): Promise<{ token: string; row: ApiTokenRow }> {
  const input = parseInput(tokenInput, opts.input);
  authorize(opts.actor, 'token.manage', { projectId: opts.projectId, partnerCode: input.partnerCode });
  if (!(await partnerCodes(db, opts.projectId)).includes(input.partnerCode)) {
    throw new AppError({
      code: 'validation',
      status: 422,
      message: 'partnerCode: not a partner of this project',
      messageKey: 'auth.error.invalidInput',
      details: [{ path: 'partnerCode', message: 'auth.error.partnerUnknown' }],
    });
  }
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        tokenHash: sha256(token),
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        name: input.name,
        projectId: opts.projectId,
        partnerCode: input.partnerCode,
        access: input.access,
        createdBy: opts.actor.kind === 'user' ? opts.actor.userId : null,
        createdAt: opts.now ?? new Date(),
      })
      .returning();
    const created = row as ApiTokenRow;
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'token.create',
      entityType: 'api_token',
      entityId: created.id,
      before: null,
      after: {
        name: created.name,
        partnerCode: created.partnerCode,
        access: created.access,
        prefix: created.prefix,
      },
    });
    return { token, row: created };
  });
}

/** Revokes a token at once. Needs `token.manage` for the token's partner. Revoking twice is a no-op. */
export async function revokeToken(
  db: Db,
  opts: { actor: Actor; projectId: string; tokenId: number; now?: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, opts.tokenId), eq(apiTokens.projectId, opts.projectId)));
    if (!row) throw notFound('token');
    authorize(opts.actor, 'token.manage', { projectId: opts.projectId, partnerCode: row.partnerCode });
    if (row.revokedAt) return;
    await tx
      .update(apiTokens)
      .set({ revokedAt: opts.now ?? new Date() })
      .where(eq(apiTokens.id, row.id));
    await appendAudit(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: row.id,
      before: { revoked: false },
      after: { revoked: true },
    });
  });
}

/** The actor of a bearer token, or undefined (unknown, malformed or revoked). Records when it was last used. */
export async function resolveToken(
  db: Db,
  raw: string,
  now = new Date(),
): Promise<Extract<Actor, { kind: 'token' }> | undefined> {
  if (!raw.startsWith(TOKEN_PREFIX) || raw.length > 100) return undefined;
  const hash = sha256(raw);
  const row = await findApiToken(db, hash);
  if (!row || !safeEqual(row.tokenHash, hash) || row.revokedAt) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_MS) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.id), isNull(apiTokens.revokedAt)));
  }
  return {
    kind: 'token',
    tokenId: row.id,
    projectId: row.projectId,
    partnerCode: row.partnerCode,
    access: row.access === 'write' ? 'write' : 'read',
  };
}

/**
 * The actor of token `tokenId` as it stands now (for work done later on a token's behalf: an import commit job the
 * API queued); undefined when the token is gone or revoked.
 */
export async function tokenActor(
  db: Db,
  tokenId: number,
): Promise<Extract<Actor, { kind: 'token' }> | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
  if (!row || row.revokedAt) return undefined;
  return {
    kind: 'token',
    tokenId: row.id,
    projectId: row.projectId,
    partnerCode: row.partnerCode,
    access: row.access === 'write' ? 'write' : 'read',
  };
}
