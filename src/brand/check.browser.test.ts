/**
 * The brand checker's page in Chromium (issue 23's browser test): a member uploads a flyer with "MSec" and no
 * funding acknowledgement, sees both errors, fixes the flyer, uploads it again and gets a clean result; axe-core
 * (WCAG 2.0/2.1 A and AA) finds no violation on the page with its result. One browser context.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/app';
import { createAuthTestApp, makeUser, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { importPlan } from '../projects/service';
import { msecPlan } from './test-plans';

const MSEC = msecPlan();
const ACK = (MSEC.identity!.funding_acknowledgement as { en: string }).en;
const DISCLAIMER =
  "This flyer reflects only the author's view and the Commission is not responsible for any use that may be made of the information it contains.";
const EMBLEMS = '<img src="img/eu.png" alt="EU emblem"><img src="img/nict.png" alt="NICT emblem">';
const flyer = (title: string, ack: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1><p>${ack}</p><p>${DISCLAIMER}</p>${EMBLEMS}</body></html>`;

const dir = mkdtempSync(join(tmpdir(), 'herald-brand-browser-'));
let t: AuthTestApp;
let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await createAuthTestApp({ filesDir: join(dir, 'files') });
  await importPlan(t.db, {
    plan: MSEC,
    sourceText: JSON.stringify(MSEC),
    sourceName: 'm-sec.yaml',
    actor: 'cli:test',
  });
  const member = await TestClient.signedIn(
    t,
    (await makeUser(t.db, { role: 'editor', partnerCode: 'WLI', projectId: 'm-sec' })).id,
  );
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-GB' });
  await context.addCookies([
    { name: 'herald_session', value: member.cookies.get('herald_session') ?? '', url: server.url },
  ]);
  page = await context.newPage();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function uploadFlyer(html: string): Promise<void> {
  const path = join(dir, 'flyer.html');
  writeFileSync(path, html);
  await page.goto(`${server.url}/p/m-sec/brand/check`);
  await page.locator('#brand-file').setInputFiles(path);
  await page.locator('form.upload button[type=submit]').click();
  await page.locator('#brand-result').waitFor();
}

describe('the brand check page in Chromium', () => {
  it('shows both errors of a bad flyer, then a clean result once fixed; no WCAG violation', async () => {
    await uploadFlyer(flyer('MSec workshop', 'Thanks to our sponsors.'));
    const rules = await page
      .locator('.brand-error tr[data-rule]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule')));
    // "MSec" in the title and the heading, and no acknowledgement.
    expect(rules).toHaveLength(3);
    expect([...new Set(rules)].sort()).toEqual(['brand/funding-acknowledgement', 'brand/name-spelling']);
    await expect.poll(() => page.locator('#brand-result [role=status]').innerText()).toContain('3 error(s)');
    await expect.poll(() => page.locator('.brand-error').innerText()).toContain('flyer.html:1:');

    const result = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(result.passes.length).toBeGreaterThan(10);
    expect(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);

    await uploadFlyer(flyer('M-Sec workshop', ACK));
    expect(await page.locator('#brand-result').getAttribute('data-errors')).toBe('0');
    expect(await page.locator('.brand-error').count()).toBe(0);
    await expect.poll(() => page.locator('#brand-result [role=status]').innerText()).toContain('No errors');
  });
});
