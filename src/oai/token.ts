/**
 * Resumption tokens: opaque and tamper-evident. The token carries the list's query, the keyset position (stage and
 * last id), the cursor and the list's size, as base64url JSON followed by an HMAC-SHA256 of it under a secret derived
 * from the instance's private key (never stored). A token changed by one character, made for another project or
 * another key, or of an unknown shape is a `badResumptionToken`.
 */
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { safeEqual } from '../lib/ids';
import { readOrCreateKeyFile } from '../signing';
import { isPrefix, OaiError, type ListQuery } from './protocol';

export interface TokenState {
  projectId: string;
  query: ListQuery;
  /** Index of the stage (item kind) the next page starts in, and the last id served in it. */
  stage: number;
  after: string | null;
  /** How many items the earlier pages served, and the list's size when it started. */
  cursor: number;
  total: number;
}

const payloadSchema = z.strictObject({
  v: z.literal(1),
  p: z.string().max(100),
  m: z.string().refine(isPrefix),
  s: z.string().max(200).optional(),
  f: z.number().int().optional(),
  b: z.number().int().optional(),
  k: z.number().int().min(0).max(100),
  a: z.string().max(200).nullable(),
  c: z.number().int().min(0),
  n: z.number().int().min(0),
});

const secrets = new Map<string, Buffer>();

/** SHA-256 of a fixed label and the instance key (PKCS#8 DER): changes with the key, differs from its other uses. */
export function tokenSecret(keyFile: string): Buffer {
  const hit = secrets.get(keyFile);
  if (hit) return hit;
  const der = readOrCreateKeyFile(keyFile).export({ type: 'pkcs8', format: 'der' });
  const secret = createHash('sha256').update('herald:oai-resumption:v1\u0000').update(der).digest();
  secrets.set(keyFile, secret);
  return secret;
}

const mac = (secret: Buffer, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function encodeToken(secret: Buffer, state: TokenState): string {
  const body = Buffer.from(
    JSON.stringify({
      v: 1,
      p: state.projectId,
      m: state.query.prefix,
      s: state.query.set,
      f: state.query.from?.getTime(),
      b: state.query.before?.getTime(),
      k: state.stage,
      a: state.after,
      c: state.cursor,
      n: state.total,
    }),
  ).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

export function decodeToken(secret: Buffer, projectId: string, token: string): TokenState {
  const bad = () => new OaiError('badResumptionToken', 'The resumption token is invalid or has expired.');
  const m = /^([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m || !safeEqual(mac(secret, m[1]!), m[2]!)) throw bad();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.p !== projectId) throw bad();
  const p = parsed.data;
  return {
    projectId,
    query: {
      prefix: p.m as ListQuery['prefix'],
      set: p.s,
      from: p.f === undefined ? undefined : new Date(p.f),
      before: p.b === undefined ? undefined : new Date(p.b),
    },
    stage: p.k,
    after: p.a,
    cursor: p.c,
    total: p.n,
  };
}
