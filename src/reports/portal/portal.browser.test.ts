/** The Portal page in Chromium: a field's copy button, found by its accessible name, puts the value on the clipboard. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/app';
import { createAuthTestApp, makeUser, PROJECT, type AuthTestApp } from '../../../test/auth-helpers';
import { launchBrowser } from '../../../test/browser';
import { activityInput } from '../../../test/factories/records';
import { createSession } from '../../auth/sessions';
import { systemActor } from '../../auth/permissions';
import { createRecord } from '../../records/service';

let t: AuthTestApp;
let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await createAuthTestApp();
  const viewer = await makeUser(t.db, { role: 'viewer', projectId: PROJECT });
  const session = await createSession(t.db, { userId: viewer.id });
  await createRecord(t.db, {
    actor: systemActor('test'),
    projectId: PROJECT,
    kind: 'activity',
    input: activityInput({ title: 'Harbour open day', outcome: '140 visitors signed up' }),
  });
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-GB' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await context.addCookies([{ name: 'herald_session', value: session.id, url: server.url }]);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

describe('Portal page copy buttons', () => {
  it('copies the field named by the button', async () => {
    await page.goto(`${server.url}/p/${PROJECT}/reports/portal?tab=communication`);
    const button = page.getByRole('button', { name: 'Copy “Outcome” of Harbour open day' });
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe('140 visitors signed up');
  });
});
