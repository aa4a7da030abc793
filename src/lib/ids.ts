/** Ids and secrets: new UUIDs, random tokens, their SHA-256 digests, constant-time comparison. */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A new random id (UUID v4): users and other rows whose id is not derived from their content. */
export const newId = (): string => randomUUID();

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
