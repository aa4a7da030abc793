/**
 * Credentials of live sources at rest: AES-256-GCM under a key derived from the instance's private key (never
 * stored; src/signing.ts), with the project and source as associated data, so a sealed value copied to another row
 * or another instance does not open. Sealed form: `v1.` + base64url(12-byte IV ‖ 16-byte tag ‖ ciphertext).
 * Nothing else in Herald reads a credential: adapters get it from `openSecret` for the one request that needs it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readOrCreateKeyFile } from '../signing';

const keys = new Map<string, Buffer>();

/** The sources' sealing key of the instance key in `keyFile` (cached per file). */
export function sourcesKey(keyFile: string): Buffer {
  const hit = keys.get(keyFile);
  if (hit) return hit;
  const der = readOrCreateKeyFile(keyFile).export({ type: 'pkcs8', format: 'der' });
  const key = createHash('sha256').update('herald:sources:v1\u0000').update(der).digest();
  keys.set(keyFile, key);
  return key;
}

/** What a sealed value is bound to. */
export const secretContext = (projectId: string, source: string): string => `${projectId}\u0000${source}`;

export function sealSecret(key: Buffer, plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The plain credential, or an Error when the value was not sealed here for this context. */
export function openSecret(key: Buffer, sealed: string, context: string): string {
  if (!sealed.startsWith('v1.')) throw new Error('not a sealed credential');
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  if (raw.length < 28) throw new Error('not a sealed credential');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('the credential cannot be opened with this instance’s key: enter it again');
  }
}
