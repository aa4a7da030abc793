/**
 * The instance's Ed25519 signing key. The private key lives in a file beside the data (HERALD_KEY_FILE, default
 * `<HERALD_DATA_DIR>/instance-ed25519.pem`, mode 0600, created on first need) and never enters the database; its
 * public half is registered in `instance_keys` (id = first 16 hex of SHA-256 of the SPKI DER) so signatures verify
 * from the database alone, also after a rotation. Signed audit heads use it, and the reports will sign with it too.
 *
 * @example
 * const key = await loadInstanceKey(db, { keyFile: keyFileOf(config) });
 * const signature = key.sign(canonicalJson(payload));
 * await verifyRegistered(db, key.keyId, canonicalJson(payload), signature); // true
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from './db/client';
import { instanceKeys } from './db/schema';

export { keyFileOf } from './config';

/** A public key as outsiders keep it. */
export interface PublicKeyInfo {
  keyId: string;
  algorithm: 'ed25519';
  /** SPKI PEM. */
  publicKey: string;
}

export interface InstanceKey extends PublicKeyInfo {
  /** Ed25519 signature of the bytes (a string is signed as UTF-8), base64url. */
  sign(bytes: Uint8Array | string): string;
}

const bytesOf = (b: Uint8Array | string): Buffer =>
  typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b);

/** First 16 hex digits of SHA-256 of the key's SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** The key's public half, or throws when the text is not an Ed25519 public key. */
export function publicKeyInfo(pem: string): PublicKeyInfo {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  return {
    keyId: keyIdOf(key),
    algorithm: 'ed25519',
    publicKey: key.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Verifies a base64url Ed25519 signature with a PEM public key; false for a malformed key or signature. */
export function verifyWithPem(publicKeyPem: string, bytes: Uint8Array | string, signature: string): boolean {
  try {
    return verify(null, bytesOf(bytes), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Reads the private key file, creating it (mode 0600, atomically: two processes never write two keys) if missing. */
export function readOrCreateKeyFile(keyFile: string): KeyObject {
  try {
    return createPrivateKey(readFileSync(keyFile, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const tmp = `${keyFile}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  chmodSync(tmp, 0o600);
  try {
    linkSync(tmp, keyFile); // fails if another process created it meanwhile: then that key wins
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return createPrivateKey(readFileSync(keyFile, 'utf8'));
}

/**
 * The instance key: reads (or creates) the private key file and registers its public half in `instance_keys`
 * when it is not there yet.
 */
export async function loadInstanceKey(db: Db, opts: { keyFile: string }): Promise<InstanceKey> {
  const privateKey = readOrCreateKeyFile(opts.keyFile);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`${opts.keyFile} does not hold an Ed25519 private key`);
  const info = publicKeyInfo(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString());
  await db
    .insert(instanceKeys)
    .values({ id: info.keyId, algorithm: info.algorithm, publicKey: info.publicKey })
    .onConflictDoNothing();
  return {
    ...info,
    sign: (bytes) => sign(null, bytesOf(bytes), privateKey).toString('base64url'),
  };
}

/** A registered public key, or undefined. */
export async function registeredKey(db: Db, keyId: string): Promise<PublicKeyInfo | undefined> {
  const [row] = await db.select().from(instanceKeys).where(eq(instanceKeys.id, keyId));
  return row ? { keyId: row.id, algorithm: 'ed25519', publicKey: row.publicKey } : undefined;
}

/** Whether `signature` is a valid signature of `bytes` by the registered key `keyId`. */
export async function verifyRegistered(
  db: Db,
  keyId: string,
  bytes: Uint8Array | string,
  signature: string,
): Promise<boolean> {
  const key = await registeredKey(db, keyId);
  return key !== undefined && verifyWithPem(key.publicKey, bytes, signature);
}
