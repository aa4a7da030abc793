/**
 * The newsletter's secrets and hashes. One secret per instance, derived from the instance key (never stored):
 * - the unsubscribe token of a subscriber is HMAC(secret, `unsubscribe:<id>`), so every future mail can carry it
 *   without a plaintext copy in the database (only its SHA-256, for lookup);
 * - the public form's anti-forgery token is `<unix seconds>.<HMAC(secret, form:<project>:<seconds>)>`;
 * - the source address in the consent evidence is HMAC(secret, `ip:<project>:<address>`): an IP's space is small
 *   enough to enumerate, so a plain hash would not hide it; the key makes it a pseudonym only this instance can
 *   recompute.
 * The e-mail address in the evidence is SHA-256(`<project>\0<normalised address>`), salted with the project only, so
 * that the subscriber, the coordinator or an auditor who knows the address can find and check its entries (and an
 * erased address is matched by nothing else).
 */
import { createHash, createHmac } from 'node:crypto';
import { readOrCreateKeyFile } from '../signing';
import { safeEqual } from '../lib/ids';

const secrets = new Map<string, Buffer>();

/** The newsletter secret of the instance key in `keyFile` (cached per file). */
export function newsletterSecret(keyFile: string): Buffer {
  const hit = secrets.get(keyFile);
  if (hit) return hit;
  const der = readOrCreateKeyFile(keyFile).export({ type: 'pkcs8', format: 'der' });
  const secret = createHash('sha256').update('herald:newsletter:v1\u0000').update(der).digest();
  secrets.set(keyFile, secret);
  return secret;
}

const mac = (secret: Buffer, text: string): string =>
  createHmac('sha256', secret).update(text).digest('base64url');

/** The subscriber's unsubscribe (and data, erase) token: derivable from the id, never stored. */
export const unsubscribeToken = (secret: Buffer, subscriberId: string): string =>
  mac(secret, `unsubscribe:${subscriberId}`);

/** The hash the evidence carries for an address (salted with the project id; see the module's note). */
export const addressHash = (projectId: string, address: string): string =>
  createHash('sha256').update(`${projectId}\u0000${address}`).digest('hex');

/** The pseudonym the evidence carries for a source IP address. */
export const ipHash = (secret: Buffer, projectId: string, ip: string): string =>
  createHmac('sha256', secret).update(`ip:${projectId}:${ip}`).digest('hex');

/** How long a subscribe form stays valid after it was served. */
export const FORM_TOKEN_TTL_SECONDS = 24 * 3600;

/** The subscribe form's anti-forgery token, for `at`. */
export function formToken(secret: Buffer, projectId: string, at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  return `${seconds}.${mac(secret, `form:${projectId}:${seconds}`)}`;
}

/** Whether `token` was made by this instance for this project within the last FORM_TOKEN_TTL_SECONDS. */
export function isFormToken(
  secret: Buffer,
  projectId: string,
  token: string | undefined,
  now: Date,
): boolean {
  const m = /^(\d{1,12})\.([\w-]{43})$/.exec(token ?? '');
  if (!m) return false;
  const seconds = Number(m[1]);
  const age = now.getTime() / 1000 - seconds;
  if (age < -60 || age > FORM_TOKEN_TTL_SECONDS) return false;
  return safeEqual(mac(secret, `form:${projectId}:${seconds}`), m[2] as string);
}
