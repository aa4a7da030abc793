/**
 * Parallel password guesses through the sign-in form: however they interleave, at most `limit` passwords are checked
 * per account (and per address) before the throttle answers 429. Each check waits at a gate that opens only once
 * every request has either been refused or reached its check, so the count covers every request of the burst.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { verifyPassword } from './crypto';
import { DEFAULT_THROTTLE, signIn, type PasswordCheck } from './sign-in';

let t: AuthTestApp;
const PASSWORD = 'correct horse battery';
const WRONG = 'wrong password!';

/** Counts password checks and holds each one until the burst is all in. */
class Gate {
  calls = 0;
  onCall: () => void = () => undefined;
  private release: () => void = () => undefined;
  private readonly opened = new Promise<void>((r) => {
    this.release = r;
  });
  readonly check: PasswordCheck = async (stored, password) => {
    this.calls += 1;
    this.onCall();
    await this.opened;
    return verifyPassword(stored, password);
  };
  open(): void {
    this.release();
  }
}

let gate: Gate | null = null;

beforeAll(async () => {
  t = await createAuthTestApp({
    checkPassword: (stored, password) =>
      gate ? gate.check(stored, password) : verifyPassword(stored, password),
  });
});
afterAll(async () => {
  await t?.close();
});

interface Try {
  client: TestClient;
  email: string;
  password: string;
}

/** Sends every sign-in at once; returns the statuses and how many passwords were checked. */
async function burst(tries: Try[]): Promise<{ statuses: number[]; checks: number }> {
  for (const x of tries) await x.client.csrfToken();
  const g = new Gate();
  gate = g;
  let settled = 0;
  let allIn: () => void = () => undefined;
  const inside = new Promise<void>((r) => {
    allIn = r;
  });
  // Every request either got its answer without a check, or waits at the gate.
  const check = () => {
    if (settled + g.calls >= tries.length) allIn();
  };
  g.onCall = check;
  const pending = tries.map((x) =>
    x.client.post('/login', { email: x.email, password: x.password }).then((res) => {
      settled += 1;
      check();
      return res.status;
    }),
  );
  await inside;
  g.open();
  const statuses = await Promise.all(pending);
  gate = null;
  return { statuses, checks: g.calls };
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('parallel sign-in guesses', () => {
  const limit = DEFAULT_THROTTLE.accountLimit;

  it('check at most `limit` passwords of one account, the rest answer 429, and the right password waits', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const tries = Array.from({ length: 40 }, (_, i) => ({
      client: new TestClient(t.app, `10.1.${i}.1`),
      email: u.email,
      password: WRONG,
    }));
    const { statuses, checks } = await burst(tries);
    expect(checks).toBeLessThanOrEqual(limit);
    const failed = count(statuses, 401);
    expect(failed).toBe(checks);
    expect(count(statuses, 429)).toBe(40 - failed);
    console.info(
      `40 parallel guesses on ${t.database.driver}: ${checks} passwords checked, ${40 - failed} × 429`,
    );
    // Up to the limit, one failure at a time; then even the right password waits, per the policy.
    for (let i = failed; i < limit; i++) {
      const r = await new TestClient(t.app, `10.2.${i}.1`).post('/login', {
        email: u.email,
        password: WRONG,
      });
      expect(r.status).toBe(401);
    }
    const right = await new TestClient(t.app, '10.3.0.1').post('/login', {
      email: u.email,
      password: PASSWORD,
    });
    expect(right.status).toBe(429);
    const later = new Date(Date.now() + DEFAULT_THROTTLE.baseDelayMs + 1000);
    await expect(
      signIn(t.db, { email: u.email, password: PASSWORD, ip: '10.3.0.2', now: later }),
    ).resolves.toMatchObject({ userId: u.id });
  });

  it('checks every guess of a first wave of `limit` at once, and none of the next 35', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const wave = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        client: new TestClient(t.app, `10.6.${from + i}.1`),
        email: u.email,
        password: WRONG,
      }));
    const first = await burst(wave(limit, 0));
    expect(first.checks).toBe(limit);
    expect(first.statuses).toEqual(Array(limit).fill(401));
    const second = await burst(wave(35, limit));
    expect(second.checks).toBe(0);
    expect(second.statuses).toEqual(Array(35).fill(429));
  });

  it('stops at the limit when right passwords race with wrong ones', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const tries = Array.from({ length: 43 }, (_, i) => ({
      client: new TestClient(t.app, `10.4.${i}.1`),
      email: u.email,
      password: i % 15 === 7 ? PASSWORD : WRONG,
    }));
    const { statuses, checks } = await burst(tries);
    expect(checks).toBeLessThanOrEqual(limit);
    expect(count(statuses, 401) + count(statuses, 303)).toBe(checks);
    expect(count(statuses, 429)).toBe(43 - checks);
  });

  it('check at most the address limit of passwords from one address, whatever the accounts', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const ip = '10.5.0.1';
    const tries = Array.from({ length: 40 }, (_, i) => ({
      client: new TestClient(t.app, ip),
      email: i === 0 ? u.email : `ghost${i}@example.org`,
      password: WRONG,
    }));
    const { statuses, checks } = await burst(tries);
    expect(checks).toBeLessThanOrEqual(DEFAULT_THROTTLE.addressLimit);
    expect(count(statuses, 401)).toBe(checks);
    expect(count(statuses, 429)).toBe(40 - checks);
    // Another address is not held up.
    const other = await new TestClient(t.app, '10.5.0.2').post('/login', {
      email: u.email,
      password: PASSWORD,
    });
    expect(other.status).toBe(303);
  });
});
