import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  lastMail,
  linkIn,
  makeUser,
  membershipOf,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { verifyChain } from '../audit/chain';
import { runCreateAdmin } from '../cli/user';
import { apiTokens, auditEntries, mailPreferences, mailQueue, sessions, users } from '../db/schema';
import { issueFirstStartLink } from './links';
import { createSession, resolveSession, ABSOLUTE_MS, IDLE_MS } from './sessions';
import { signIn } from './sign-in';

let t: AuthTestApp;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  t = await createAuthTestApp();
});
afterAll(async () => {
  await t?.close();
});

const html = (res: Response) => res.text();

describe('first start and create-admin', () => {
  it('prints a one-time setup link that creates the first admin, then dies', async () => {
    const link = await issueFirstStartLink({ db: t.db, baseUrl: 'http://localhost' });
    expect(link).toMatch(/^http:\/\/localhost\/setup\/[\w-]{43}$/);
    const path = linkIn(link ?? '');
    const anon = new TestClient(t.app);
    expect((await anon.get(path)).status).toBe(200);
    const bad = await anon.post(path, {
      email: 'admin@example.org',
      name: 'Ada',
      password: 'short',
      confirm: 'short',
    });
    expect(bad.status).toBe(422);
    expect(await html(bad)).toContain('at least 10 characters');
    const ok = await anon.post(path, {
      email: 'Admin@Example.org',
      name: 'Ada',
      password: PASSWORD,
      confirm: PASSWORD,
    });
    expect(ok.status).toBe(303);
    expect((await anon.get(path)).status).toBe(410);
    expect(await issueFirstStartLink({ db: t.db, baseUrl: 'http://localhost' })).toBeNull();
    expect((await anon.signIn('admin@example.org', PASSWORD)).status).toBe(303);
  });

  it('`herald user create-admin` creates an admin with a one-time set-password link (no password on the command line)', async () => {
    const lines: string[] = [];
    expect(
      await runCreateAdmin(t.db, { email: 'root@example.org', baseUrl: 'http://localhost' }, (l) =>
        lines.push(l),
      ),
    ).toBe(0);
    const path = linkIn(lines.join('\n'));
    const anon = new TestClient(t.app);
    expect(await html(await anon.get(path))).toContain('root@example.org');
    expect((await anon.post(path, { password: PASSWORD, confirm: PASSWORD })).status).toBe(303);
    expect((await anon.post(path, { password: PASSWORD, confirm: PASSWORD })).status).toBe(410);
    const [row] = await t.db.select().from(users).where(eq(users.email, 'root@example.org'));
    expect(row?.isAdmin).toBe(true);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
  });
});

describe('sign-in and sessions', () => {
  it('answers a wrong password and an unknown account alike, and sets a hardened cookie on success', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const client = new TestClient(t.app, '198.51.100.7');
    const wrong = await client.post('/login', { email: u.email, password: 'nope nope nope' });
    const unknown = await client.post('/login', { email: 'nobody@example.org', password: 'nope nope nope' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const strip = (s: string) => s.replace(/value="[^"]*@[^"]*"/g, '');
    expect(strip(await html(wrong))).toBe(strip(await html(unknown)));
    const started = performance.now();
    const ok = await client.post('/login', { email: u.email.toUpperCase(), password: PASSWORD });
    const ms = performance.now() - started;
    expect(ok.status).toBe(303);
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('herald_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(ms).toBeLessThan(2000);
    console.info(`sign-in (argon2id verify + session) took ${ms.toFixed(0)} ms on ${t.database.driver}`);
  });

  it('marks the cookie Secure behind an HTTPS proxy', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const client = new TestClient(t.app, '198.51.100.8');
    const ok = await client.post(
      '/login',
      { email: u.email, password: PASSWORD },
      { headers: { 'x-forwarded-proto': 'https' } },
    );
    expect(ok.headers.getSetCookie().find((c) => c.startsWith('herald_session='))).toMatch(/; Secure/);
  });

  it('never adopts a session id planted before sign-in (session fixation)', async () => {
    const victim = await makeUser(t.db, { password: PASSWORD });
    const attacker = await makeUser(t.db);
    const attackerSession = await createSession(t.db, { userId: attacker.id });
    for (const planted of ['fixed-by-attacker-0123456789abcdef', attackerSession.id]) {
      const client = new TestClient(t.app, '198.51.100.9');
      client.cookies.set('herald_session', planted);
      // A planted live session renders its own CSRF token into the victim's pages.
      if (planted === attackerSession.id) client.csrf = attackerSession.csrfToken;
      const res = await client.post('/login', { email: victim.email, password: PASSWORD });
      expect(res.status).toBe(303);
      const issued = client.cookies.get('herald_session');
      expect(issued).toBeDefined();
      expect(issued).not.toBe(planted);
      const replay = new TestClient(t.app);
      replay.cookies.set('herald_session', planted);
      expect((await replay.get('/account')).status).toBe(302);
      expect(await resolveSession(t.db, planted)).toBeUndefined();
      expect((await resolveSession(t.db, issued ?? ''))?.user.id).toBe(victim.id);
    }
  });

  it('ends sessions after 2 idle hours or 12 hours in all, and signs out everywhere', async () => {
    const u = await makeUser(t.db);
    const now = Date.now();
    const idle = await createSession(t.db, { userId: u.id, now: new Date(now - IDLE_MS - 1000) });
    expect(await resolveSession(t.db, idle.id)).toBeUndefined();
    const old = await createSession(t.db, { userId: u.id, now: new Date(now - ABSOLUTE_MS + 60_000) });
    await t.db
      .update(sessions)
      .set({ lastSeenAt: new Date(now - 60_000) })
      .where(eq(sessions.userId, u.id));
    expect(await resolveSession(t.db, old.id, new Date(now))).toBeDefined();
    expect(await resolveSession(t.db, old.id, new Date(now + 61_000))).toBeUndefined();

    const a = await TestClient.signedIn(t, u.id);
    const b = await TestClient.signedIn(t, u.id);
    expect((await b.get('/account')).status).toBe(200);
    expect((await a.post('/account/sign-out-everywhere')).status).toBe(303);
    expect((await b.get('/account')).status).toBe(302);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, u.id))).toEqual([]);
  });
});

describe('CSRF, origin, headers, body size', () => {
  it('refuses a state-changing request without the session’s CSRF token', async () => {
    const u = await makeUser(t.db);
    const other = await TestClient.signedIn(t, (await makeUser(t.db)).id);
    const c = await TestClient.signedIn(t, u.id);
    expect((await c.post('/account/profile', { name: 'X' }, { csrf: false })).status).toBe(403);
    expect(
      (await c.post('/account/profile', { name: 'X' }, { csrf: 'wrong-token-wrong-token-wrong' })).status,
    ).toBe(403);
    expect((await c.post('/account/profile', { name: 'X' }, { csrf: other.csrf })).status).toBe(403);
    const evil = await c.post(
      '/account/profile',
      { name: 'X' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(evil.status).toBe(403);
    expect(
      (await c.post('/account/profile', { name: 'X' }, { headers: { 'sec-fetch-site': 'cross-site' } }))
        .status,
    ).toBe(403);
    expect((await c.post('/account/profile', { name: 'New name' })).status).toBe(303);
    const viaHeader = await c.post(
      '/account/profile',
      { name: 'Htmx name' },
      { csrf: false, headers: { 'x-csrf-token': c.csrf ?? '' } },
    );
    expect(viaHeader.status).toBe(303);
    const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(row?.name).toBe('Htmx name');
    const anon = new TestClient(t.app);
    expect((await anon.post('/login', { email: u.email, password: 'x' }, { csrf: false })).status).toBe(403);
  });

  it('sends a CSP without inline script, loads htmx from /static, and limits body sizes', async () => {
    const res = await new TestClient(t.app).get(`/p/${PROJECT}`);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await html(res);
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.toMatch(/<style/);
    // htmx must not inject its indicator <style> (the CSP would refuse it) and must swap error responses in.
    const config = JSON.parse(
      (/name="htmx-config" content="([^"]+)"/.exec(page)?.[1] ?? '{}').replace(/&quot;/g, '"'),
    ) as {
      includeIndicatorStyles?: boolean;
      responseHandling?: Array<{ code: string; swap: boolean }>;
    };
    expect(config.includeIndicatorStyles).toBe(false);
    expect(config.responseHandling).toContainEqual(expect.objectContaining({ code: '[45]..', swap: true }));
    const big = await new TestClient(t.app).post('/login', { email: 'a@b.c', password: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);
  });
});

describe('throttling', () => {
  it('refuses the 6th attempt on an account, even with the right password, from any address', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      const r = await new TestClient(t.app, `192.0.2.${10 + i}`).post('/login', {
        email: u.email,
        password: 'wrong password!',
      });
      expect(r.status).toBe(401);
    }
    const sixth = await new TestClient(t.app, '192.0.2.99').post('/login', {
      email: u.email,
      password: PASSWORD,
    });
    expect(sixth.status).toBe(429);
    expect(await html(sixth)).toContain('Too many attempts');
    // Same answer for an account that does not exist.
    for (let i = 0; i < 5; i++)
      await new TestClient(t.app, `192.0.2.${30 + i}`).post('/login', {
        email: 'ghost@example.org',
        password: 'x',
      });
    expect(
      (
        await new TestClient(t.app, '192.0.2.98').post('/login', {
          email: 'ghost@example.org',
          password: 'x',
        })
      ).status,
    ).toBe(429);
    // The wait ends after 30 s (then doubles with each further failure).
    const later = new Date(Date.now() + 31_000);
    await expect(
      signIn(t.db, { email: u.email, password: PASSWORD, ip: '192.0.2.97', now: later }),
    ).resolves.toMatchObject({ userId: u.id });
  });

  it('refuses an address after 20 failures, whatever the account, and not other addresses', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const ip = '192.0.2.200';
    for (let i = 0; i < 20; i++) {
      expect(
        (
          await new TestClient(t.app, ip).post('/login', {
            email: `nobody${i}@example.org`,
            password: 'guess guess',
          })
        ).status,
      ).toBe(401);
    }
    expect(
      (await new TestClient(t.app, ip).post('/login', { email: u.email, password: PASSWORD })).status,
    ).toBe(429);
    expect(
      (await new TestClient(t.app, '192.0.2.201').post('/login', { email: u.email, password: PASSWORD }))
        .status,
    ).toBe(303);
  });
});

describe('password reset', () => {
  it('answers the same for known and unknown addresses, mails a single-use link, and ends old sessions', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const before = await TestClient.signedIn(t, u.id);
    const anon = new TestClient(t.app);
    const mailsBefore = (await t.db.select().from(mailQueue)).length;
    const unknown = await anon.post('/reset', { email: 'nobody@example.org' });
    const known = await anon.post('/reset', { email: u.email });
    expect([unknown.status, known.status]).toEqual([200, 200]);
    expect(await html(unknown)).toBe(await html(known));
    expect((await t.db.select().from(mailQueue)).length).toBe(mailsBefore + 1);
    const mail = await lastMail(t.db);
    expect(mail?.to).toBe(u.email);
    const path = linkIn(mail?.text ?? '');
    expect(path).toMatch(/^\/reset\//);
    const newPassword = 'a brand new password';
    expect((await anon.post(path, { password: newPassword, confirm: newPassword })).status).toBe(303);
    expect((await anon.get(path)).status).toBe(410);
    expect((await before.get('/account')).status).toBe(302);
    expect((await new TestClient(t.app, '198.51.100.50').signIn(u.email, newPassword)).status).toBe(303);
  });
});

describe('invitations and members', () => {
  it('invites a partner editor by mail; the link makes the account once and signs the editor in', async () => {
    const coord = await makeUser(t.db, { role: 'coordinator' });
    const c = await TestClient.signedIn(t, coord.id);
    const noPartner = await c.post(`/p/${PROJECT}/members`, {
      email: 'ed@example.org',
      role: 'editor',
      partnerCode: '',
    });
    expect(noPartner.status).toBe(422);
    expect(await html(noPartner)).toContain('A partner editor needs a partner');
    const unknownPartner = await c.post(`/p/${PROJECT}/members`, {
      email: 'ed@example.org',
      role: 'editor',
      partnerCode: 'NOPE',
    });
    expect(await html(unknownPartner)).toContain('not in the project’s current plan');
    const sent = await c.post(`/p/${PROJECT}/members`, {
      email: 'Ed@Example.org',
      role: 'editor',
      partnerCode: PARTNER_A,
    });
    expect(sent.status).toBe(303);
    const mail = await lastMail(t.db);
    expect(mail).toMatchObject({ to: 'ed@example.org', subject: 'Invitation to Tide-X on Herald' });
    expect(mail?.text).toContain('Partner editor (UNIA)');
    const path = linkIn(mail?.text ?? '');
    const anon = new TestClient(t.app, '198.51.100.60');
    expect(await html(await anon.get(path))).toContain('Create your account for ed@example.org');
    const accepted = await anon.post(path, { name: 'Ed', password: PASSWORD, confirm: PASSWORD });
    expect(accepted.status).toBe(303);
    // Accepting signs the new account in: straight to the project, no second sign-in.
    expect(accepted.headers.get('location')).toBe(`/p/${PROJECT}`);
    expect(anon.cookies.has('herald_session')).toBe(true);
    const again = new TestClient(t.app, '198.51.100.61');
    expect((await again.post(path, { name: 'Ed', password: PASSWORD, confirm: PASSWORD })).status).toBe(410);
    const [ed] = await t.db.select().from(users).where(eq(users.email, 'ed@example.org'));
    expect(await membershipOf(t.db, ed?.id ?? '')).toMatchObject([
      { role: 'editor', partnerCode: PARTNER_A },
    ]);
    expect((await anon.get(`/p/${PROJECT}/tokens`)).status).toBe(200);
    expect((await anon.get(`/p/${PROJECT}/members`)).status).toBe(403);
  });

  it('lets a signed-in user accept, changes roles, removes members, and records it all in the audit chain', async () => {
    const coord = await makeUser(t.db, { role: 'coordinator' });
    const c = await TestClient.signedIn(t, coord.id);
    const someone = await makeUser(t.db);
    await c.post(`/p/${PROJECT}/members`, { email: someone.email, role: 'viewer' });
    const path = linkIn((await lastMail(t.db))?.text ?? '');
    const s = await TestClient.signedIn(t, someone.id);
    expect(await html(await s.get(path))).toContain('Join as');
    expect((await s.post(path)).headers.get('location')).toBe(`/p/${PROJECT}`);
    expect(
      (await c.post(`/p/${PROJECT}/members/${someone.id}`, { role: 'editor', partnerCode: PARTNER_B }))
        .status,
    ).toBe(303);
    expect(await membershipOf(t.db, someone.id)).toMatchObject([{ role: 'editor', partnerCode: PARTNER_B }]);
    expect((await c.post(`/p/${PROJECT}/members/${someone.id}/remove`)).status).toBe(303);
    expect(await membershipOf(t.db, someone.id)).toEqual([]);
    const actions = (await t.db.select().from(auditEntries).where(eq(auditEntries.entityId, someone.id))).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['member.add', 'member.update', 'member.remove']));
    expect(await verifyChain(t.db, PROJECT)).toMatchObject({ ok: true });
    const audit = await html(await c.get(`/p/${PROJECT}/audit?verify=1`));
    expect(audit).toContain('The chain is intact');
    expect(audit).toContain('member.remove');
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, scoped by partner, used with last-use time, and stop at once when revoked', async () => {
    const ed = await makeUser(t.db, { role: 'editor', partnerCode: PARTNER_A });
    const c = await TestClient.signedIn(t, ed.id);
    expect(
      (await c.post(`/p/${PROJECT}/tokens`, { name: 'B script', partnerCode: PARTNER_B, access: 'write' }))
        .status,
    ).toBe(403);
    const created = await c.post(`/p/${PROJECT}/tokens`, {
      name: 'Zenodo sync',
      partnerCode: PARTNER_A,
      access: 'write',
    });
    expect(created.status).toBe(200);
    const token = /id="new-token">(hrd_[\w-]+)</.exec(await html(created))?.[1] ?? '';
    expect(token).toMatch(/^hrd_[\w-]{43}$/);
    const list = await html(await c.get(`/p/${PROJECT}/tokens`));
    expect(list).not.toContain(token);
    expect(list).toContain('never');
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.name, 'Zenodo sync'));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);

    const api = (path: string, bearer = token) =>
      t.app.request(path, { headers: { authorization: `Bearer ${bearer}` } });
    expect(await (await api('/api/v1/me')).json()).toEqual({
      kind: 'token',
      projectId: PROJECT,
      partnerCode: PARTNER_A,
      access: 'write',
    });
    expect((await api(`/api/v1/projects/${PROJECT}/audit`)).status).toBe(200);
    expect((await api('/api/v1/projects/other/audit')).status).toBe(403);
    expect((await api('/api/v1/me', 'hrd_not-a-token')).status).toBe(401);
    const [used] = await t.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.id, row?.id ?? 0));
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
    // A bearer request needs no CSRF token; a cookie-less POST with a bad token is refused before anything else.
    expect(
      (await t.app.request('/api/v1/me', { method: 'POST', headers: { authorization: 'Bearer hrd_x' } }))
        .status,
    ).toBe(401);

    expect((await c.post(`/p/${PROJECT}/tokens/${row?.id}/revoke`)).status).toBe(303);
    expect((await api('/api/v1/me')).status).toBe(401);
    expect(await html(await c.get(`/p/${PROJECT}/tokens`))).toContain('revoked');
  });
});

describe('personal data', () => {
  it('downloads the user’s data and deletes the account, keeping a tombstone and an intact audit chain', async () => {
    const ed = await makeUser(t.db, { role: 'editor', partnerCode: PARTNER_B, password: PASSWORD });
    const c = await TestClient.signedIn(t, ed.id);
    await c.post(`/p/${PROJECT}/tokens`, { name: 'mine', partnerCode: PARTNER_B, access: 'read' });
    const exported = await c.get('/account/export');
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const data = (await exported.json()) as {
      user: { email: string };
      memberships: unknown[];
      apiTokens: unknown[];
      auditEntries: unknown[];
    };
    expect(data.user.email).toBe(ed.email);
    expect(data.memberships).toEqual([{ projectId: PROJECT, role: 'editor', partnerCode: PARTNER_B }]);
    expect(data.apiTokens).toHaveLength(1);
    expect(data.auditEntries.length).toBeGreaterThan(0);

    await t.db
      .insert(mailPreferences)
      .values({ userId: ed.id, projectId: PROJECT, topic: 'all', state: 'off', updatedAt: new Date() });
    expect((await c.post('/account/delete', { confirm: 'someone-else@example.org' })).status).toBe(422);
    expect(await t.db.select().from(mailPreferences).where(eq(mailPreferences.userId, ed.id))).toHaveLength(
      1,
    );
    expect((await c.post('/account/delete', { confirm: ed.email })).status).toBe(303);
    expect(await t.db.select().from(mailPreferences).where(eq(mailPreferences.userId, ed.id))).toEqual([]);
    const [row] = await t.db.select().from(users).where(eq(users.id, ed.id));
    expect(row).toMatchObject({
      email: null,
      name: null,
      passwordHash: null,
      tombstone: `former member of ${PARTNER_B}`,
    });
    expect(await membershipOf(t.db, ed.id)).toEqual([]);
    expect(await t.db.select().from(apiTokens).where(eq(apiTokens.createdBy, ed.id))).toEqual([]);
    expect(
      (await new TestClient(t.app, '198.51.100.70').post('/login', { email: ed.email, password: PASSWORD }))
        .status,
    ).toBe(401);
    expect(await verifyChain(t.db, PROJECT)).toMatchObject({ ok: true });
    expect(await verifyChain(t.db, 'instance')).toMatchObject({ ok: true });
    const coord = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
    expect(
      await html(await coord.get(`/p/${PROJECT}/audit?entity=${encodeURIComponent(`membership:${ed.id}`)}`)),
    ).toContain(`former member of ${PARTNER_B}`);
  });

  it('keeps the last admin from deleting their account', async () => {
    const admins = await t.db.select().from(users).where(eq(users.isAdmin, true));
    for (const a of admins.slice(1))
      await t.db.update(users).set({ isAdmin: false }).where(eq(users.id, a.id));
    const admin = admins[0];
    const c = await TestClient.signedIn(t, admin?.id ?? '');
    const r = await c.post('/account/delete', { confirm: admin?.email ?? '' });
    expect(r.status).toBe(409);
    expect(await html(r)).toContain('last administrator');
  });
});
