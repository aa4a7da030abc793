/**
 * Mails go out in the recipient's language: an invitation in the language the inviter chose for the invitee, a
 * password reset in the account's language (`users.lang`, kept from the invitation, the account page or the
 * language link). A GET never stores the language.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  lastMail,
  linkIn,
  makeUser,
  PARTNER_A,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { invitations, users } from '../db/schema';

let t: AuthTestApp;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  t = await createAuthTestApp();
});
afterAll(async () => {
  await t?.close();
});

const langOf = async (email: string) =>
  (await t.db.select({ lang: users.lang }).from(users).where(eq(users.email, email)))[0]?.lang;

describe('mail in the recipient’s language', () => {
  it('sends a Japanese invitation from an English page, and the invitee’s reset mail in Japanese', async () => {
    const coord = await makeUser(t.db, { role: 'coordinator' });
    const c = await TestClient.signedIn(t, coord.id);
    const page = await (await c.get(`/p/${PROJECT}/members?lang=en`)).text();
    // The form offers the invitee's language, the page's by default.
    expect(page).toMatch(/<select name="lang">\s*<option value="en" selected=""/);
    const sent = await c.post(`/p/${PROJECT}/members`, {
      email: 'hanako@example.jp',
      role: 'editor',
      partnerCode: PARTNER_A,
      lang: 'ja',
    });
    expect(sent.status).toBe(303);
    const mail = await lastMail(t.db);
    expect(mail?.subject).toBe('Herald の Tide-X への招待');
    expect(mail?.text).toContain('パートナー編集者 (UNIA)');
    const [inv] = await t.db.select().from(invitations).where(eq(invitations.email, 'hanako@example.jp'));
    expect(inv?.lang).toBe('ja');

    // The invitee accepts (on an English page, even): the account keeps the invitation's language.
    const invitee = new TestClient(t.app, '198.51.100.70');
    const accepted = await invitee.post(`${linkIn(mail?.text ?? '')}?lang=en`, {
      name: 'Hanako',
      password: PASSWORD,
      confirm: PASSWORD,
    });
    expect(accepted.status).toBe(303);
    expect(await langOf('hanako@example.jp')).toBe('ja');

    // Someone asks for a reset from an English page: the mail is in the account's language.
    const anon = new TestClient(t.app, '198.51.100.71');
    await anon.post(
      '/reset?lang=en',
      { email: 'hanako@example.jp' },
      { headers: { 'accept-language': 'en' } },
    );
    const reset = await lastMail(t.db);
    expect(reset?.to).toBe('hanako@example.jp');
    expect(reset?.subject).toBe('Herald のパスワード再設定');
  });

  it('defaults the invitation to the inviter’s page language', async () => {
    const coord = await makeUser(t.db, { role: 'coordinator' });
    const c = await TestClient.signedIn(t, coord.id);
    await c.get(`/p/${PROJECT}/members?lang=ja`);
    await c.post(`/p/${PROJECT}/members`, { email: 'taro@example.jp', role: 'viewer' });
    expect((await lastMail(t.db))?.subject).toBe('Herald の Tide-X への招待');
    const [inv] = await t.db.select().from(invitations).where(eq(invitations.email, 'taro@example.jp'));
    expect(inv?.lang).toBe('ja');
  });

  it('keeps the language a user chose: the account page, or the language link on the next form sent', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const c = await TestClient.signedIn(t, u.id);
    expect(await langOf(u.email)).toBeNull();
    // The language link sets the cookie; the GET itself writes nothing.
    await c.get('/account?lang=ja');
    expect(await langOf(u.email)).toBeNull();
    await c.post('/account/profile', { name: 'Yuki' });
    expect(await langOf(u.email)).toBe('ja');
    // The account page's choice; a reset mail then follows it, whatever page asks.
    const saved = await c.post('/account/language', { lang: 'en' });
    expect(saved.status).toBe(303);
    expect(await langOf(u.email)).toBe('en');
    expect(c.cookies.get('lang')).toBe('en');
    expect((await c.post('/account/language', { lang: 'fr' })).status).toBe(422);
    // Pages follow the account's language in a browser that made no choice.
    await c.post('/account/language', { lang: 'ja' });
    const elsewhere = await TestClient.signedIn(t, u.id);
    expect(await (await elsewhere.get('/account')).text()).toContain('<html lang="ja">');
    expect(await (await elsewhere.get('/account?lang=en')).text()).toContain('<html lang="en">');
    await c.post('/account/language', { lang: 'en' });
    const anon = new TestClient(t.app, '198.51.100.72');
    await anon.post('/reset?lang=ja', { email: u.email });
    expect((await lastMail(t.db))?.subject).toBe('Reset your Herald password');
  });
});
