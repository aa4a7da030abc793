/**
 * Every page in Japanese, in Chromium: a coordinator with records of each type walks the signed-in pages (found by
 * following links from the project's pages, plus a list of the rest: import preview, members, tokens, account,
 * audit), and a visitor walks the public ones. No visible text may be English from the catalogs; on each page the
 * language link is named by its visible text and text colours meet WCAG AA contrast.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/app';
import { makeUser, PARTNER_A, PROJECT } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { ACTIVITY_COLUMNS, activityCells, csvOf } from '../../test/factories/imports';
import { recordInput } from '../../test/factories/records';
import { createRecordsTestApp, recordsPlan } from '../../test/records';
import { createSession } from '../auth/sessions';
import type { Actor } from '../auth/permissions';
import { RECORD_TYPES } from '../plan/schema';
import { createRecord } from '../records/service';
import { catalogEnglish, dataStrings, englishIn, type CatalogEnglish } from '../../test/catalog-english';
import { WalkQueue } from '../../test/page-walk';

let t: Awaited<ReturnType<typeof createRecordsTestApp>>;
let server: TestServer;
let browser: Browser;
let signedIn: BrowserContext;
let visitor: BrowserContext;
let english: CatalogEnglish[];
let previewPath = '';
/** Text the plan's and the records' authors wrote: not catalog strings. */
let data: string[] = [];
const FREE_TEXT = [
  'title',
  'description',
  'name',
  'venue',
  'publisher',
  'city',
  'affiliation',
  'links',
  'website',
];

beforeAll(async () => {
  t = await createRecordsTestApp();
  const coordinator = await makeUser(t.db, { role: 'coordinator', name: 'Cora Coordinator' });
  const actor: Actor = {
    kind: 'user',
    userId: coordinator.id,
    isAdmin: false,
    memberships: [{ projectId: PROJECT, role: 'coordinator', partnerCode: null }],
  };
  // Records of each type, two of each so lists, drill-downs and partner tables have content.
  for (const type of RECORD_TYPES) {
    for (const n of [1, 2]) {
      const base = recordInput(type) as Record<string, unknown>;
      const input = type === 'publication' ? { ...base, doi: `10.1000/walk.${n}` } : base;
      const named = { ...input, ...('title' in input ? { title: `${String(input.title)} ${n}` } : {}) };
      await createRecord(t.db, { actor, projectId: PROJECT, kind: type, input: named });
    }
  }
  const inputs = RECORD_TYPES.map((type) => recordInput(type) as Record<string, unknown>);
  const free = inputs.map((i) =>
    Object.entries(i)
      .filter(([k]) => FREE_TEXT.includes(k))
      .map(([, v]) => v),
  );
  const authors = inputs.flatMap((i) => (Array.isArray(i.authors) ? (i.authors as unknown[]) : []));
  // The plan's own text (its deliverable "Website" is not the funder's channel "Website") and the records' free
  // text; codes (lower-case, no spaces) and the records' vocabulary values (status, type, audiences, channels)
  // stay checked: they must show translated.
  data = dataStrings([recordsPlan(), free, authors], (s) => /[A-Z\s]/.test(s));
  const session = await createSession(t.db, { userId: coordinator.id });
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  signedIn = await browser.newContext({ locale: 'ja-JP' });
  await signedIn.addCookies([
    { name: 'herald_session', value: session.id, url: server.url },
    { name: 'lang', value: 'ja', url: server.url },
  ]);
  visitor = await browser.newContext({ locale: 'ja-JP' });
  await visitor.addCookies([{ name: 'lang', value: 'ja', url: server.url }]);
  english = catalogEnglish();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

/** Links not to follow: downloads, other languages, the API, files, stylesheets. */
const SKIP = /\/export|\.csv|\.xlsx|\.json|\/files\/|\/api\/|[?&]lang=|\/theme\.css|\/static\/|\/logout/;
const WALK = { maxPages: 160, maxQueryVariants: 1, maxShapeVisits: 1 };

interface Finding {
  url: string;
  problems: string[];
}

/**
 * In the page (plain JavaScript, the DOM is not typed here): the WCAG contrast of every visible element with text
 * of its own against its first opaque background, where below 4.5 (3 for large text).
 */
const CONTRAST_SCRIPT = `(() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return null;
    const v = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return v.length >= 3 ? v : null;
  };
  const lin = (x) => { const s = x / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  const lum = (c) => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && (bg[3] === undefined || bg[3] > 0.5)) return bg;
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    const fg = parse(style.color);
    if (!fg || style.visibility === 'hidden') continue;
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const [a, b] = [lum(fg), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < (large ? 3 : 4.5))
      out.push('contrast ' + ratio.toFixed(2) + ' (' + style.color + '): "' + el.textContent.trim().slice(0, 40) + '"');
  }
  return out;
})()`;

/** What one page shows, read in one round trip: its language, visible text, contrast problems and links. */
const READ_SCRIPT = `(() => ({
  lang: document.documentElement.getAttribute('lang'),
  text: document.body.innerText,
  contrast: ${CONTRAST_SCRIPT},
  links: [...document.querySelectorAll('a[href]:not([download])')].map((a) => a.getAttribute('href') ?? ''),
}))()`;

interface PageRead {
  lang: string | null;
  text: string;
  contrast: string[];
  links: string[];
}

/** Loads `url` in Japanese in `page` (a tab reused from one URL to the next) and lists what is wrong with it. */
async function inspect(page: Page, url: string): Promise<{ finding: Finding; links: string[] }> {
  const problems: string[] = [];
  const res = await page.goto(`${server.url}${url}`);
  if ((res?.status() ?? 0) >= 500) problems.push(`HTTP ${res?.status()}`);
  const read = (await page.evaluate(READ_SCRIPT)) as PageRead;
  expect(read.lang, url).toBe('ja');
  problems.push(...englishIn(read.text, english, data).map((e) => `${e.key}: "${e.match}"`));
  // The language link's accessible name is its visible text ("English").
  if ((await page.getByRole('link', { name: 'English', exact: true }).count()) !== 1)
    problems.push('language link: accessible name is not its text "English"');
  problems.push(...read.contrast);
  return { finding: { url, problems }, links: read.links.filter((h) => h.startsWith('/')) };
}

/** Tabs visiting pages side by side: the server renders one page while the browser lays out another. */
const TABS = 3;

/**
 * Visits the seeds and every same-site page they link to under `scope`, breadth first, TABS pages side by side:
 * the same pages, in the same order, as one tab visiting them one by one (test/page-walk.ts), in fewer round trips.
 */
async function walk(ctx: BrowserContext, seeds: string[], scope: RegExp): Promise<Finding[]> {
  const queue = new WalkQueue({ ...WALK, seeds });
  const findings: Finding[] = [];
  const tabs = await Promise.all(Array.from({ length: TABS }, () => ctx.newPage()));
  try {
    while (!queue.done) {
      const batch = queue.take(TABS);
      const visited = await Promise.all(batch.map((url, i) => inspect(tabs[i] as Page, url)));
      for (const { finding, links } of visited) {
        findings.push(finding);
        queue.add(links.filter((l) => scope.test(l) && !SKIP.test(l)));
      }
    }
  } finally {
    await Promise.all(tabs.map((tab) => tab.close()));
  }
  return findings;
}

const report = (findings: Finding[]): string =>
  findings
    .filter((f) => f.problems.length > 0)
    .map((f) => `${f.url}\n  ${f.problems.join('\n  ')}`)
    .join('\n');

describe('Japanese everywhere', () => {
  it('builds a useful set of catalog English', () => {
    expect(english.length).toBeGreaterThan(300);
    expect(english.some((e) => e.key === 'nav.dashboard')).toBe(true);
    // The language link's "English" is allowed on Japanese pages.
    expect(english.some((e) => e.key === 'lang.current')).toBe(false);
  });

  it('shows no catalog English on any signed-in page of a coordinator', async () => {
    // An import preview (kept for the session) to visit with the others.
    const page = await signedIn.newPage();
    await page.goto(`${server.url}/p/${PROJECT}/import`);
    await page.locator('#upload select[name="type"]').selectOption('activity');
    const csv = csvOf(
      [activityCells(91, { lead_partner: PARTNER_A }), activityCells(92, { date: '2024-02-31' })],
      { columns: ACTIVITY_COLUMNS },
    );
    await page
      .locator('#upload input[type="file"]')
      .setInputFiles({ name: 'walk.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('#upload button[type="submit"]').click();
    await page.waitForURL(/\/import\/[\w-]{43}$/);
    previewPath = new URL(page.url()).pathname;
    await page.close();

    const p = `/p/${PROJECT}`;
    const seeds = [
      p,
      `${p}/dashboard`,
      `${p}/records`,
      `${p}/records/deliverables`,
      `${p}/import`,
      previewPath,
      `${p}/members`,
      `${p}/tokens`,
      `${p}/audit`,
      `${p}/history`,
      `${p}/sources/suggestions`,
      '/account',
      '/',
    ];
    const findings = await walk(signedIn, seeds, /^\/(p\/|account$|$)/);
    const visited = findings.map((f) => f.url);
    // The walk reached the kinds of pages it must cover.
    for (const must of [/\/dashboard\/kpis\//, /\/records\/[\w-]+\/[0-9a-f-]{36}$/, /\/records\/[\w-]+\/new/])
      expect(
        visited.some((u) => must.test(u)),
        `${must}`,
      ).toBe(true);
    expect(visited.length).toBeGreaterThan(30);
    expect(report(findings)).toBe('');
  }, 600_000);

  it('shows no catalog English on any public page', async () => {
    const seeds = [
      '/',
      `/p/${PROJECT}`,
      '/login',
      '/reset',
      '/setup/not-a-link',
      '/invite/not-a-link',
      '/nowhere',
    ];
    const findings = await walk(visitor, seeds, /^\/(p\/[\w-]+(\/[\w-]+)?$|login$|reset$)/);
    expect(findings.length).toBeGreaterThan(10);
    expect(report(findings)).toBe('');
  }, 300_000);
});
