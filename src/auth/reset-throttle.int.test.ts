/**
 * Password reset under a flood: parallel requests for one account (or from one address) queue at most the limit of
 * mails, only the newest link works, and the answer is the same whether the account exists or the request was
 * throttled.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_URL,
  createAuthTestApp,
  linkIn,
  makeUser,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { mailQueue } from '../db/schema';
import { requestPasswordReset } from './links';
import { DEFAULT_THROTTLE } from './sign-in';

let t: AuthTestApp;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  t = await createAuthTestApp();
});
afterAll(async () => {
  await t?.close();
});

const mailsTo = async (email: string) =>
  (await t.db.select().from(mailQueue).where(eq(mailQueue.to, email)).orderBy(mailQueue.id)).map((m) =>
    linkIn(m.text),
  );

/** Sends the requests all at once (each client's CSRF cookie fetched before). */
async function flood(requests: { client: TestClient; email: string }[]): Promise<Response[]> {
  for (const r of requests) await r.client.csrfToken();
  return Promise.all(requests.map((r) => r.client.post('/reset', { email: r.email })));
}

describe('password reset under a flood', () => {
  it('mails at most the account limit for 30 parallel requests, and only the newest link works', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const answers = await flood(
      Array.from({ length: 30 }, (_, i) => ({
        client: new TestClient(t.app, `10.9.${i}.1`),
        email: u.email,
      })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
    const flooded = (await mailsTo(u.email)).length;
    expect(flooded).toBeLessThanOrEqual(DEFAULT_THROTTLE.resetAccountLimit);
    // One more, after the flood: a mail if the limit is not reached yet. Either way some link exists now.
    await new TestClient(t.app, '10.9.100.1').post('/reset', { email: u.email });
    const links = await mailsTo(u.email);
    expect(links.length).toBe(Math.min(flooded + 1, DEFAULT_THROTTLE.resetAccountLimit));
    const anon = new TestClient(t.app, '10.9.200.1');
    const statuses = [];
    for (const path of links) statuses.push((await anon.get(path)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(links.length - 1);
    console.info(`30 parallel reset requests on ${t.database.driver}: ${flooded} mails`);
  });

  it('makes each new link end the earlier ones, which then say the link is invalid', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    await new TestClient(t.app, '10.10.0.1').post('/reset', { email: u.email });
    await new TestClient(t.app, '10.10.0.2').post('/reset', { email: u.email });
    const [first, second] = await mailsTo(u.email);
    const anon = new TestClient(t.app, '10.10.0.3');
    const old = await anon.get(first ?? '');
    expect(old.status).toBe(410);
    expect(await old.text()).toContain('This link is invalid, has expired or has already been used.');
    expect(
      (await anon.post(first ?? '', { password: 'a brand new password', confirm: 'a brand new password' }))
        .status,
    ).toBe(410);
    expect((await anon.get(second ?? '')).status).toBe(200);
    expect(
      (await anon.post(second ?? '', { password: 'a brand new password', confirm: 'a brand new password' }))
        .status,
    ).toBe(303);
  });

  it('leaves one live link when many are issued at once (no throttle in the way)', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const loose = { ...DEFAULT_THROTTLE, resetAccountLimit: 1000, resetAddressLimit: 1000 };
    const deps = { db: t.db, baseUrl: BASE_URL };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        requestPasswordReset(deps, { email: u.email, lang: 'en', ip: `10.13.${i}.1`, throttle: loose }),
      ),
    );
    const links = await mailsTo(u.email);
    expect(links).toHaveLength(20);
    const anon = new TestClient(t.app, '10.13.200.1');
    const statuses = [];
    for (const path of links) statuses.push((await anon.get(path)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  });

  it('mails at most the address limit from one address, whatever the accounts', async () => {
    const users = [];
    for (let i = 0; i < 30; i++) users.push(await makeUser(t.db));
    const ip = '10.11.0.1';
    const before = (await t.db.select().from(mailQueue)).length;
    const answers = await flood(users.map((u) => ({ client: new TestClient(t.app, ip), email: u.email })));
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
    const sent = (await t.db.select().from(mailQueue)).length - before;
    expect(sent).toBeLessThanOrEqual(DEFAULT_THROTTLE.resetAddressLimit);
    // Up to the limit one at a time, then nothing more from this address; another address is not held up.
    const client = new TestClient(t.app, ip);
    for (const u of users) await client.post('/reset', { email: u.email });
    expect((await t.db.select().from(mailQueue)).length - before).toBe(DEFAULT_THROTTLE.resetAddressLimit);
    const last = users[users.length - 1];
    await new TestClient(t.app, '10.11.0.2').post('/reset', { email: last?.email ?? '' });
    expect((await t.db.select().from(mailQueue)).length - before).toBe(
      DEFAULT_THROTTLE.resetAddressLimit + 1,
    );
  });

  it('answers the same for a known address, an unknown one, and a throttled one', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const client = new TestClient(t.app, '10.12.0.1');
    const known = await client.post('/reset', { email: u.email });
    const unknown = await client.post('/reset', { email: 'nobody-here@example.org' });
    for (let i = 0; i < DEFAULT_THROTTLE.resetAccountLimit; i++)
      await new TestClient(t.app, `10.12.1.${i}`).post('/reset', { email: u.email });
    const mails = (await mailsTo(u.email)).length;
    expect(mails).toBe(DEFAULT_THROTTLE.resetAccountLimit);
    const throttled = await client.post('/reset', { email: u.email });
    expect((await mailsTo(u.email)).length).toBe(mails);
    expect([known.status, unknown.status, throttled.status]).toEqual([200, 200, 200]);
    const [a, b, c] = await Promise.all([known.text(), unknown.text(), throttled.text()]);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });
});
