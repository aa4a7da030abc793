/**
 * Signing in with e-mail and password, throttled per account and per client address. After `limit` failures within
 * 15 minutes a key must wait, 30 s doubling with every further failure up to 15 minutes; while it waits, attempts are
 * refused without checking the password. Attempts are counted before the password is checked (src/auth/attempts.ts),
 * so parallel guesses stop at the limit too. Unknown accounts are counted and timed like known ones, and every
 * refusal says the same thing, so nothing reveals whether an account exists.
 */
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { beginAttempt, succeedAttempt, withdrawAttempt } from './attempts';
import { verifyPassword } from './crypto';
import { findUserByEmail } from './repository';
import { createSession, endSession, type NewSession } from './sessions';
import { signInInput } from './schema';

export interface ThrottlePolicy {
  accountLimit: number;
  addressLimit: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Reset mails per account, and reset requests per address, within `resetWindowMs`. */
  resetAccountLimit: number;
  resetAddressLimit: number;
  resetWindowMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  accountLimit: 5,
  addressLimit: 20,
  windowMs: 15 * 60 * 1000,
  baseDelayMs: 30 * 1000,
  maxDelayMs: 15 * 60 * 1000,
  resetAccountLimit: 3,
  resetAddressLimit: 10,
  resetWindowMs: 60 * 60 * 1000,
};

/** Checks a password against a stored hash (argon2id by default; tests count the checks). */
export type PasswordCheck = typeof verifyPassword;

/** When a key with `n` recent failures, the last at `last`, may try again (null: now). */
export function lockedUntil(n: number, last: Date | null, limit: number, p: ThrottlePolicy): Date | null {
  if (n < limit || !last) return null;
  const delay = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (n - limit));
  return new Date(last.getTime() + delay);
}

const invalid = () =>
  new AppError({
    code: 'sign_in_failed',
    status: 401,
    message: 'E-mail or password is incorrect',
    messageKey: 'auth.error.signInFailed',
  });
const throttled = () =>
  new AppError({
    code: 'throttled',
    status: 429,
    message: 'Too many attempts: wait a few minutes and try again',
    messageKey: 'auth.error.throttled',
  });

export interface SignInOptions {
  email: string;
  password: string;
  /** Client address (for throttling and the session list). */
  ip: string;
  userAgent?: string | null;
  /** The session cookie the browser sent, if any: it is ended, never adopted. */
  previousSessionId?: string | null;
  throttle?: ThrottlePolicy;
  /** Defaults to `verifyPassword` (src/auth/crypto.ts). */
  checkPassword?: PasswordCheck;
  now?: Date;
}

/** Checks the password and opens a fresh session; throws `sign_in_failed` (401) or `throttled` (429). */
export async function signIn(db: Db, opts: SignInOptions): Promise<NewSession & { userId: string }> {
  const p = opts.throttle ?? DEFAULT_THROTTLE;
  const now = opts.now ?? new Date();
  const input = signInInput.safeParse({ email: opts.email, password: opts.password });
  if (!input.success) throw invalid();
  const { email, password } = input.data;
  const accountKey = `account:${email}`;
  const addressKey = `address:${opts.ip}`;
  // Counted first: this attempt is in the table before anyone's password is checked.
  const attempt = await beginAttempt(db, { keys: [accountKey, addressKey], now, windowMs: p.windowMs });
  const acct = attempt.keys.get(accountKey);
  const addr = attempt.keys.get(addressKey);
  const until = [
    lockedUntil(acct?.prior ?? 0, acct?.last ?? null, p.accountLimit, p),
    lockedUntil(addr?.prior ?? 0, addr?.last ?? null, p.addressLimit, p),
  ];
  if (until.some((u) => u !== null && u.getTime() > now.getTime())) {
    await withdrawAttempt(db, attempt);
    throw throttled();
  }

  const user = await findUserByEmail(db, email);
  const ok = await (opts.checkPassword ?? verifyPassword)(user?.passwordHash, password);
  // A failure keeps the attempt's rows: they are its record.
  if (!ok || !user) throw invalid();
  await succeedAttempt(db, attempt, accountKey);
  // A fresh id on every sign-in: a session id planted before sign-in is never adopted.
  if (opts.previousSessionId) await endSession(db, opts.previousSessionId);
  const session = await createSession(db, { userId: user.id, ip: opts.ip, userAgent: opts.userAgent, now });
  return { ...session, userId: user.id };
}
