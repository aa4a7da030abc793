/**
 * Secrets: random tokens, their SHA-256 digests (what the database keeps), constant-time comparison, and argon2id
 * password hashing with @node-rs/argon2's defaults (m=19456 KiB, t=2, p=1: about 50–100 ms per hash here).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** 32 random bytes, base64url (43 characters). */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** SHA-256 hex digest: how session ids, link tokens and API tokens are stored and looked up. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Compares two strings in time independent of where they differ (digests first, so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

/** argon2id (the library's `Algorithm.Argon2id`; a const enum, so spelled as its value). */
const ARGON2ID = 2 as Algorithm;

export const hashPassword = (password: string): Promise<string> => hash(password, { algorithm: ARGON2ID });

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password against a stored hash. Without a hash (no such account, or no password yet) it verifies
 * against a dummy hash and returns false, so an unknown e-mail costs the same time as a wrong password.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword(randomToken());
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
