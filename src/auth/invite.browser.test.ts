/**
 * In Chromium, in English and in Japanese: a coordinator signs in, invites a partner editor, the invitee opens the
 * mailed link, creates an account and is signed in. The invitation is queued by the request and sent by the
 * `mail.send` job: English mail to the local outbox (read by the admin at /admin/outbox); Japanese mail through real
 * SMTP to a loopback `smtp-server`. No page breaks the CSP.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/app';
import { createAuthTestApp, makeUser, PARTNER_A, PROJECT, type AuthTestApp } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { createLogger } from '../log';
import { createRunner } from '../jobs/runner';
import { systemClock } from '../lib/clock';
import { mailSendJob } from '../mail/jobs';
import { outboxMailer, smtpMailer, type Mailer } from '../mail/mailer';
import { createApp } from '../web/app';
import { en, ja } from './messages';

const PASSWORD = 'correct horse battery';
let t: AuthTestApp;
let outboxServer: TestServer;
let smtpServer: TestServer;
let smtp: SMTPServer;
const received: string[] = [];
let browser: Browser;
const cspViolations: string[] = [];
let coordinator: { email: string };
let viaSmtpMailer: Mailer;

/** What `herald serve`'s runner does after the request: the `mail.send` job hands the queued invitation over. */
const sendQueuedMail = (mailer: Mailer) =>
  createRunner({
    db: t.db,
    clock: systemClock,
    log: createLogger('silent'),
    deps: { mailer, mailPolicy: { ratePerSecond: 0 } },
    jobs: [mailSendJob],
    schedules: [],
  }).runUntilIdle();
let admin: { email: string };

/** The text part of a raw single-part mail, decoded (quoted-printable or base64, UTF-8). */
function mailText(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => `%${h}`);
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  }
  return body;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        received.push(mailText(raw));
        done();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const port = (smtp.server.address() as AddressInfo).port;

  t = await createAuthTestApp();
  admin = await makeUser(t.db, {
    email: 'admin@example.org',
    name: 'Ada Admin',
    password: PASSWORD,
    isAdmin: true,
  });
  coordinator = await makeUser(t.db, {
    email: 'coord@example.org',
    name: 'Cora Coordinator',
    password: PASSWORD,
    role: 'coordinator',
  });
  // The same database behind two apps: one keeps mail in the outbox, one sends it through SMTP.
  outboxServer = await startTestServer(t.app);
  viaSmtpMailer = smtpMailer({
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    from: 'Herald <herald@example.org>',
  });
  const viaSmtp = createApp({ database: t.database, log: createLogger('silent'), mailer: viaSmtpMailer });
  smtpServer = await startTestServer(viaSmtp);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await outboxServer?.close();
  await smtpServer?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await t?.close();
});

async function newPage(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
}

async function signIn(page: Page, base: string, email: string, lang: 'en' | 'ja') {
  await page.goto(`${base}/login?lang=${lang}`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.locator('form[action="/login"] button[type=submit]').click();
}

// The Japanese invitee is invited by an English-speaking coordinator: the mail follows the invitee's language.
const cases = [
  { lang: 'en' as const, m: en, via: 'outbox' as const, inviter: 'en' as 'en' | 'ja', im: en },
  { lang: 'ja' as const, m: ja, via: 'smtp' as const, inviter: 'en' as 'en' | 'ja', im: en },
];

describe.each(cases)('invite a partner editor ($lang, mail via $via)', ({ lang, m, via, inviter, im }) => {
  it('signs in, invites in the invitee’s language, and accepting signs the editor in', async () => {
    const base = via === 'outbox' ? outboxServer.url : smtpServer.url;
    const invitee = `editor-${lang}@example.org`;

    // The coordinator signs in and invites a partner editor of UNIA.
    const coordCtx = await browser.newContext({ locale: inviter === 'ja' ? 'ja-JP' : 'en-GB' });
    const page = await newPage(coordCtx);
    await signIn(page, base, coordinator.email, inviter);
    await expect.poll(() => page.locator('header .user-menu a.user').innerText()).toBe('Cora Coordinator');
    await page.goto(`${base}/p/${PROJECT}/members`);
    await page.locator('form.invite input[name=email]').fill(invitee);
    await page.locator('form.invite select[name=role]').selectOption('editor');
    await page.locator('form.invite select[name=partnerCode]').selectOption(PARTNER_A);
    expect(await page.locator('form.invite select[name=lang]').inputValue()).toBe(inviter);
    await page.locator('form.invite select[name=lang]').selectOption(lang);
    await page.locator('form.invite button[type=submit]').click();
    await expect.poll(() => page.locator('p.notice').innerText()).toBe(im['members.invited']);
    expect(await page.locator('table.invitations').innerText()).toContain(invitee);

    // The request only queued the mail; the job sends it. The link arrives: in the admin's outbox, or at the SMTP server.
    await sendQueuedMail(via === 'outbox' ? outboxMailer() : viaSmtpMailer);
    let link: string;
    if (via === 'outbox') {
      const adminCtx = await browser.newContext();
      const adminPage = await newPage(adminCtx);
      await signIn(adminPage, base, admin.email, lang);
      await expect.poll(() => adminPage.locator('header .user-menu a.user').innerText()).toBe('Ada Admin');
      await adminPage.goto(`${base}/admin/outbox`);
      const mail = adminPage.locator('article.mail').filter({ hasText: invitee }).first();
      expect(await mail.locator('h2').innerText()).toBe('Invitation to Tide-X on Herald');
      link = /https?:\/\/\S+\/invite\/\S+/.exec(await mail.locator('pre.mail-body').innerText())?.[0] ?? '';
      await adminCtx.close();
    } else {
      await expect.poll(() => received.length).toBeGreaterThan(0);
      const text = received[received.length - 1] ?? '';
      expect(text).toContain('Herald の Tide-X に');
      expect(text).toContain('パートナー編集者');
      link = /https?:\/\/\S+\/invite\/\S+/.exec(text)?.[0] ?? '';
    }
    expect(link).toMatch(/\/invite\/[\w-]{43}$/);
    await coordCtx.close();

    // The invitee opens the link, creates the account, and signs in.
    const inviteeCtx = await browser.newContext({ locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
    const ip = await newPage(inviteeCtx);
    await ip.goto(`${base}${new URL(link).pathname}?lang=${lang}`);
    expect(await ip.locator('main h2').innerText()).toBe(
      m['invite.createAccount'].replace('{email}', invitee),
    );
    await ip.locator('input[name=name]').fill(`Editor ${lang}`);
    await ip.locator('input[name=password]').fill(PASSWORD);
    await ip.locator('input[name=confirm]').fill(PASSWORD);
    await ip.locator('main form button[type=submit]').click();
    // Signed in at once: no second sign-in.
    await expect.poll(() => ip.locator('header .user-menu a.user').innerText()).toBe(`Editor ${lang}`);
    expect(new URL(ip.url()).pathname).toBe(`/p/${PROJECT}`);
    const nav = await ip.locator('nav.project').innerText();
    expect(nav).toContain(m['nav.tokens']);
    expect(nav).not.toContain(m['nav.members']);
    await ip.screenshot({ path: `/tmp/herald-editor-signed-in-${lang}.png` });
    await inviteeCtx.close();
    expect(cspViolations).toEqual([]);
  });
});
