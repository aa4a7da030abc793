/**
 * Passwords: argon2id hashing with @node-rs/argon2's defaults (m=19456 KiB, t=2, p=1: about 50–100 ms per hash here).
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { randomToken } from '../lib/ids';

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
