import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlan } from '../plan/loader';
import type { Plan } from '../plan/schema';
import { localize } from '../plan/schema';
import { formatDate } from '../i18n';
import { createTestApp, M_SEC_PLAN, type TestApp } from '../../test/app';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { en, ja } from './messages';
import { monthStart as projectMonthStart } from '../plan/time';
import { importPlan } from './service';

/** The page's text content: tags dropped, entities decoded, whitespace collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const count = (html: string, re: RegExp): number => html.match(new RegExp(re, 'g'))?.length ?? 0;

/** The HTML between `<table class="cls"` and its `</table>` (tables here are not nested). */
function table(html: string, cls: string): string {
  const start = html.indexOf(`<table class="${cls}"`);
  expect(start, `table.${cls}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</table>', start));
}

const PAGES = [
  ['', 'nav.overview'],
  ['/partners', 'partners.title'],
  ['/audiences', 'audiences.title'],
  ['/channels', 'channels.title'],
  ['/work-packages', 'wp.title'],
  ['/events', 'events.title'],
  ['/synergies', 'synergies.title'],
  ['/kpis', 'kpis.title'],
  ['/timeline', 'timeline.title'],
] as const;

let t: TestApp;
let plan: Plan;
let planText: string;

async function get(path: string, init?: RequestInit) {
  const res = await t.app.request(path, init);
  return { res, html: await res.text() };
}

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  planText = await readFile(M_SEC_PLAN, 'utf8');
  const parsed = parsePlan(planText, 'm-sec.yaml');
  if (!parsed.ok) throw new Error('plans/m-sec.yaml does not load');
  plan = parsed.plan;
});
afterAll(() => t?.close());

describe('project list', () => {
  it('redirects to the only project', async () => {
    const { res } = await get('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/p/m-sec');
  });

  it('lists the projects when there are several, and says how to start when there is none', async () => {
    const other = await createTestApp();
    try {
      const empty = await other.app.request('/');
      expect(empty.status).toBe(200);
      expect(textOf(await empty.text())).toContain(en['projects.empty']);

      const demo = planText.replace(/^ {2}acronym: M-Sec$/m, '  acronym: Demo-Two');
      const demoParsed = parsePlan(demo, 'demo.yaml');
      if (!demoParsed.ok) throw new Error('demo plan does not load');
      await importPlan(other.database.db, {
        plan,
        sourceText: planText,
        sourceName: 'm-sec.yaml',
        actor: 'test',
      });
      await importPlan(other.database.db, {
        plan: demoParsed.plan,
        sourceText: demo,
        sourceName: 'demo.yaml',
        actor: 'test',
      });
      const res = await other.app.request('/?lang=ja');
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain('href="/p/m-sec"');
      expect(html).toContain('href="/p/demo-two"');
      expect(count(html, /<tr data-project=/)).toBe(2);
      expect(html).toContain(ja['projects.title']);
    } finally {
      await other.close();
    }
  });
});

describe.each(['en', 'ja'] as const)('every plan page in %s', (lang) => {
  const catalog = lang === 'en' ? en : ja;
  it.each(PAGES)('/p/m-sec%s answers 200 with its heading, lang and no inline code', async (suffix, key) => {
    const { res, html } = await get(`/p/m-sec${suffix}?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toMatch(new RegExp(`<html lang="${lang}"`));
    const title = key === 'nav.overview' ? plan.project.acronym : catalog[key];
    expect(html).toMatch(new RegExp(`<h1>${title.replace(/[()]/g, '\\$&')}`));
    expect(html).toContain('href="/p/m-sec/theme.css"');
    // CSP-ready: no inline style, no inline script, no inline event handler.
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });
});

describe('overview', () => {
  it('shows the identity, the verbatim funding acknowledgement and the key messages', async () => {
    const { html } = await get('/p/m-sec?lang=en');
    const text = textOf(html);
    const ack = plan.identity?.funding_acknowledgement;
    expect(ack).toBeDefined();
    expect(html).toMatch(/<blockquote class="funding">/);
    expect(text).toContain(localize(ack ?? '', 'en'));
    expect(text).toContain(plan.project.title);
    for (const g of plan.project.grants) expect(text).toContain(g.number);
    expect(text).toContain(formatDate('en', plan.project.start_date));
    expect(text).toContain('30 June 2021');
    for (const m of plan.key_messages) expect(text).toContain(localize(m.text, 'en').replace(/\s+/g, ' '));
    for (const v of plan.identity?.forbidden_variants ?? [])
      expect(html).toContain(`<s class="forbidden">${v}</s>`);
    expect(text).toContain(en['overview.version'].split('{date}')[0]?.replace('{v}', '1'));
  });

  it('shows the Japanese texts of the plan when the UI is Japanese', async () => {
    const { html } = await get('/p/m-sec?lang=ja');
    const text = textOf(html);
    const ack = plan.identity?.funding_acknowledgement;
    expect(typeof ack === 'object' && ack.ja).toBeTruthy();
    expect(text).toContain(localize(ack ?? '', 'ja'));
    const translated = plan.key_messages.filter((m) => typeof m.text === 'object' && m.text.ja);
    expect(translated.length).toBeGreaterThan(0);
    for (const m of translated) expect(text).toContain(localize(m.text, 'ja').replace(/\s+/g, ' '));
    expect(text).toContain(ja['overview.identity']);
    expect(text).toContain('2021年6月30日');
  });

  it('draws one swatch per palette colour, coloured by the project stylesheet', async () => {
    const { html } = await get('/p/m-sec');
    const palette = plan.identity?.palette ?? [];
    expect(palette.length).toBeGreaterThan(0);
    const css = await (await t.app.request('/p/m-sec/theme.css')).text();
    palette.forEach((c, i) => {
      expect(html).toContain(`<span class="swatch-${i + 1}">`);
      expect(css.toLowerCase()).toContain(`.swatch-${i + 1} { background: #`);
    });
  });
});

describe('theme.css', () => {
  it('serves the palette roles as CSS variables with an ETag, and 304 when unchanged', async () => {
    const res = await t.app.request('/p/m-sec/theme.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    const css = await res.text();
    expect(css).toContain('--brand-1: #003d58;');
    expect(css).toContain('--brand-2: #5bc3df;');
    expect(css).toContain('--brand-3: #ee7260;');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]+\.\d+"$/);
    const again = await t.app.request('/p/m-sec/theme.css', { headers: { 'if-none-match': `W/${etag}` } });
    expect(again.status).toBe(304);
    const stale = await t.app.request('/p/m-sec/theme.css', { headers: { 'if-none-match': '"other"' } });
    expect(stale.status).toBe(200);
  });
});

describe('partners', () => {
  it('lists every partner and their channels', async () => {
    const { html } = await get('/p/m-sec/partners');
    const partners = table(html, 'partners-table');
    expect(plan.partners).toHaveLength(12);
    expect(count(partners, /<tr data-partner=/)).toBe(12);
    for (const p of plan.partners) expect(partners).toContain(`data-partner="${p.code}"`);
    const channels = table(html, 'channels-table');
    for (const p of plan.partners) {
      for (const c of p.channels)
        if (c.url) expect(channels).toContain(`href="${c.url.replace(/&/g, '&amp;')}"`);
    }
    expect(textOf(partners)).toContain('Japan');
    const { html: jaHtml } = await get('/p/m-sec/partners?lang=ja');
    expect(textOf(jaHtml)).toContain('日本');
    expect(textOf(jaHtml)).toContain(ja['partnerKind.university']);
  });
});

describe('audiences, channels, work packages, events, synergies', () => {
  it('shows one card per audience', async () => {
    const { html } = await get('/p/m-sec/audiences');
    expect(count(html, /<section class="card audience"/)).toBe(plan.audiences.length);
    for (const a of plan.audiences) expect(textOf(html)).toContain(localize(a.who, 'en'));
  });

  it('shows the project accounts, strategy and cadence', async () => {
    const { html } = await get('/p/m-sec/channels');
    for (const c of plan.channels) expect(html).toContain(`href="${c.url}"`);
    for (const h of plan.social_strategy?.hashtags ?? []) expect(html).toContain(`<code>${h}</code>`);
    expect(count(html, /<li data-cadence=/)).toBe(plan.cadence.length);
    expect(count(html, /<li data-material=/)).toBe(plan.promotional_materials.length);
  });

  it('dates each deliverable by project month and calendar month', async () => {
    const { html } = await get('/p/m-sec/work-packages');
    const deliverables = plan.work_packages.flatMap((w) => w.deliverables);
    expect(count(html, /<tr data-deliverable=/)).toBe(deliverables.length);
    const text = textOf(html);
    for (const d of deliverables) {
      expect(text).toContain(
        `Month ${d.due_month} (${formatDate('en', projectMonthStart(plan.project.start_date, d.due_month), 'month')})`,
      );
    }
    expect(text).toContain('Month 6 (December 2018)');
    expect(textOf((await get('/p/m-sec/work-packages?lang=ja')).html)).toContain('6 か月目 (2018年12月)');
  });

  it('lists the planned events with locale dates, month precision as a month', async () => {
    const { html } = await get('/p/m-sec/events');
    expect(count(html, /<tr data-event=/)).toBe(plan.events.planned.length);
    const text = textOf(html);
    expect(text).toMatch(/16\s*–\s*18 October 2018/);
    expect(text).toContain('November 2018');
    expect(text).not.toContain('1 November 2018');
    const jaText = textOf((await get('/p/m-sec/events?lang=ja')).html);
    expect(jaText).toContain('2018年10月16日～18日');
    expect(jaText).toContain('2018年11月');
  });

  it('lists the standard bodies and flags inferred names', async () => {
    const { html } = await get('/p/m-sec/synergies');
    const bodies = plan.synergies?.standard_bodies ?? [];
    expect(bodies.length).toBeGreaterThan(0);
    expect(count(html, /<tr data-body=/)).toBe(bodies.length);
    const inferred = bodies.filter((b) => b.inferred).length;
    expect(inferred).toBeGreaterThan(0);
    expect(count(html, /<tr data-body="[^"]+" class="inferred"/)).toBe(inferred);
    expect(count(html, new RegExp(en['synergies.inferred'], 'g'))).toBe(inferred);
  });
});

describe('KPIs', () => {
  it('shows every target with comparator, the literal target text and what is counted', async () => {
    const { html } = await get('/p/m-sec/kpis');
    expect(plan.kpis).toHaveLength(18);
    expect(count(html, /<tr data-kpi=/)).toBe(18);
    const text = textOf(html);
    for (const k of plan.kpis) {
      expect(text).toContain(`Plan: “${k.target_text}”`);
      expect(text).toContain(`${k.comparator === '>=' ? '≥' : '>'} ${k.target.toLocaleString('en-GB')}`);
    }
    expect(text).toContain('count of publications where type = conference paper');
    expect(text).toContain('of which Joint EU/JP publications ≥ 5');
    expect(text).toContain(en['measure.manualEvidence']);
    expect(count(html, /<tr data-kpi="[^"]+" class="manual"/)).toBe(
      plan.kpis.filter((k) => k.measure.kind === 'manual').length,
    );
  });

  it('explains the measures in Japanese', async () => {
    const text = textOf((await get('/p/m-sec/kpis?lang=ja')).html);
    expect(text).toContain('出版物の件数（条件：タイプ = 国際会議論文）');
    expect(text).toContain(ja['kpis.col.measure']);
  });
});

describe('timeline', () => {
  it('has one row per item and one cell per project month, grouped by project year', async () => {
    const { html } = await get('/p/m-sec/timeline');
    const gantt = html.slice(html.indexOf('<div class="gantt">'), html.indexOf('</table>'));
    const rows = plan.timeline.length;
    const months = plan.project.duration_months;
    expect(count(gantt, /<tr data-item=/)).toBe(rows);
    expect(count(gantt, /<td class="m[ "]/)).toBe(rows * months);
    const planned = plan.timeline.reduce((n, i) => n + new Set(i.months).size, 0);
    expect(count(gantt, /<td class="m on[ "]/)).toBe(planned);
    expect(count(gantt, /<th colspan="12" class="py/)).toBe(Math.ceil(months / 12));
    expect(count(gantt, /<tr data-item="[^"]+" class="estimated"/)).toBe(
      plan.timeline.filter((i) => i.estimated).length,
    );
    // The project ended in 2021: no month is current.
    expect(gantt).not.toMatch(/class="m[^"]* now/);
    expect(count(html, /<li value=/)).toBe(plan.responsibilities.length);
  });
});

/** A client signed in as a viewer of M-Sec (the plan history is for members). */
async function member(app: TestApp): Promise<TestClient> {
  const user = await makeUser(app.database.db, { role: 'viewer', projectId: 'm-sec' });
  return TestClient.signedIn({ ...app, db: app.database.db }, user.id);
}

describe('history', () => {
  it('sends visitors to sign in', async () => {
    const { res } = await get('/p/m-sec/history');
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get('location')).toMatch(/^\/login/);
  });

  it.each(['en', 'ja'] as const)(
    'lists the imported versions with who, when, source and changes (%s)',
    async (lang) => {
      const client = await member(t);
      const res = await client.get(`/p/m-sec/history?lang=${lang}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const catalog = lang === 'en' ? en : ja;
      expect(html).toMatch(new RegExp(`<html lang="${lang}"`));
      expect(html).toContain(`<h1>${catalog['history.title']}</h1>`);
      expect(count(html, /<tr data-version=/)).toBe(1);
      const text = textOf(html);
      expect(text).toContain('m-sec.yaml');
      expect(text).toContain(catalog['history.initial']);
      expect(html).not.toMatch(/\sstyle=/);
    },
  );

  it('shows the changes of a new version', async () => {
    const other = await createTestApp({ plan: true });
    try {
      const changed = planText.replace(/^ {2}duration_months: 36$/m, '  duration_months: 40');
      const parsed = parsePlan(changed, 'm-sec.yaml');
      if (!parsed.ok) throw new Error('changed plan does not load');
      await importPlan(other.database.db, {
        plan: parsed.plan,
        sourceText: changed,
        sourceName: 'v2.yaml',
        actor: 'lead',
      });
      const client = await member(other);
      const html = await (await client.get('/p/m-sec/history')).text();
      expect(count(html, /<tr data-version=/)).toBe(2);
      expect(html).toContain('<code>project.duration_months</code>');
      expect(textOf(html)).toContain('v2.yaml');
      expect(textOf(html)).toContain(en['history.countOne']);
      const timeline = await (await other.app.request('/p/m-sec/timeline')).text();
      expect(count(timeline, /<th colspan="4" class="py/)).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe('unknown project', () => {
  it.each(['', '/kpis', '/theme.css', '/history'])('/p/nope%s is a 404 page', async (suffix) => {
    const { res } = await get(`/p/nope${suffix}`);
    expect(res.status).toBe(404);
  });
});
