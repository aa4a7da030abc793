/**
 * Hostile parameters: impossible dates, NUL bytes, 20-digit numbers and oversized text sent to every query and
 * path parameter of every GET route the app registers (read from `app.routes`, so a new route without a row fails
 * the first test). A parameter a route declares answers 400 `bad_parameter` naming it, as JSON on the API and as a
 * page on the web; nothing answers 500. On PGlite only: parameter parsing does not depend on the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { recordInput } from '../../test/factories/records';
import { createRecordsTestApp, PARTNER_A, PROJECT, tinyPng } from '../../test/records';
import type { AuthTestApp } from '../../test/auth-helpers';
import { AUDIT_EXPORT_QUERY, AUDIT_PAGE_QUERY } from '../audit/routes';
import { systemActor } from '../auth/permissions';
import { IMPORT_PREVIEW_QUERY } from '../importers/api';
import { PREVIEW_QUERY, UPLOAD_PAGE_QUERY } from '../importers/routes';
import { PREFLIGHT_API_QUERY, REPORTS_API_QUERY } from '../reports/api';
import { KPI_API_QUERY, KPI_RECORDS_QUERY } from '../kpi/api';
import { DRILLDOWN_QUERY, PERIOD_QUERY } from '../kpi/params';
import { DIGEST_QUERY } from '../kpi/digest-page';
import { PORTFOLIO_QUERY } from '../portfolio/routes';
import { LIST_QUERY, RECORD_QUERY } from './../records/api';
import { DELIVERABLES_QUERY } from '../records/deliverables-routes';
import { ALERTS_QUERY } from '../records/consistency-routes';
import { SOURCES_QUERY } from '../sources/page-routes';
import { uploadEvidence } from '../records/files';
import { DOWNLOAD_QUERY } from '../records/files-routes';
import { RECORD_PAGE_QUERY } from '../records/routes';
import { createRecord } from '../records/service';
import { INPUTS_QUERY } from '../reports/inputs-routes';
import { PREFLIGHT_QUERY } from '../reports/preflight-routes';
import { SIGNOFF_QUERY } from '../signoff/routes';
import { PORTAL_QUERY } from '../reports/portal/routes';
import { requestReport } from '../reports/generate';
import { REPORT_JOB_QUERY, REPORTS_QUERY } from '../reports/routes';
import { SUBMIT_QUERY } from '../reports/submit-routes';
import { SITE_DELIVERABLES_QUERY } from '../site/downloads/app-routes';
import { SITE_LIST_QUERY } from '../site/routes';
import { NEWS_QUERY } from '../site/news/routes';
import { SOCIAL_NEW_QUERY, SOCIAL_POST_QUERY, SOCIAL_QUERY } from '../social/routes';
import { SOCIAL_EXPORT_QUERY } from '../social/export-routes';
import { ISSUE_QUERY } from '../newsletter/issue-routes';
import { createIssue } from '../newsletter/issues';
import { createNews } from '../site/news/service';
import { fixedClock } from '../lib/clock';
import { SUGGESTIONS_QUERY } from '../sources/openaire/routes';
import { SUGGESTIONS_API_QUERY } from '../sources/openaire/api';

type Shape = Record<string, z.ZodType>;

/** The query parameters of every GET route (`null`: it reads none). */
const QUERIES: Record<string, Shape | null> = {
  '/healthz': null,
  '/static/htmx.min.js': null,
  '/static/app.css': null,
  '/static/import-upload.js': null,
  '/static/portal-copy.js': null,
  '/login': null, // `next` is the sign-in's own (src/auth)
  '/setup/:token': null,
  '/reset/:token': null,
  '/reset': null,
  '/invite/:token': null,
  '/account': null,
  '/account/export': null,
  '/api/v1/me': null,
  '/p/:id/members': null,
  '/p/:id/tokens': null,
  '/p/:id/audit': AUDIT_PAGE_QUERY,
  '/p/:id/reports/key': null,
  '/api/v1/projects/:id/audit': AUDIT_EXPORT_QUERY,
  '/api/v1/projects/:id/audit/head': null,
  '/admin/outbox': null,
  // A wrong link is the 404 page, whatever the path carries (src/reminders/preference-routes.tsx).
  '/mail/preferences/:project/:user/:topic/:token': null,
  '/p/:id/mail': null,
  '/admin/jobs': null,
  '/portfolio': PORTFOLIO_QUERY,
  '/admin/portfolios': null,
  '/admin/portfolios/:portfolio': null,
  '/': null,
  '/p/:id/theme.css': null,
  '/p/:id': null,
  '/p/:id/partners': null,
  '/p/:id/audiences': null,
  '/p/:id/channels': null,
  '/p/:id/work-packages': null,
  '/p/:id/events': null,
  '/p/:id/synergies': null,
  '/p/:id/kpis': null,
  '/p/:id/timeline': null,
  '/p/:id/history': null,
  '/p/:id/plan.yaml': null,
  '/p/:id/plan/edit': null,
  '/p/:id/plan/edit/facts': null,
  '/p/:id/plan/edit/kpis': null,
  '/projects/new': null,
  '/p/:id/plan/edit/partners': null,
  '/p/:id/plan/edit/audiences': null,
  '/p/:id/plan/edit/key-messages': null,
  '/p/:id/plan/edit/channels': null,
  '/p/:id/plan/edit/cadence': null,
  '/p/:id/plan/edit/events': null,
  '/p/:id/plan/edit/synergies': null,
  '/p/:id/plan/edit/work-packages': null,
  '/p/:id/plan/edit/timeline': null,
  '/p/:id/plan/edit/kpi-definitions': null,
  '/p/:id/dashboard/years/:year/kpis/:kpiId/late': null,
  '/p/:id/dashboard/outside/:type': null,
  '/p/:id/dashboard': PERIOD_QUERY,
  '/p/:id/dashboard/freshness': null,
  '/p/:id/dashboard/kpis/:kpiId': DRILLDOWN_QUERY,
  '/p/:id/digest': DIGEST_QUERY,
  '/p/:id/import': UPLOAD_PAGE_QUERY,
  '/p/:id/import/templates/:file': null,
  '/p/:id/import/:uploadId': PREVIEW_QUERY,
  '/p/:id/import/:uploadId/errors.csv': null,
  '/p/:id/import/:uploadId/progress': null,
  '/p/:id/records/publications/doi': null,
  '/p/:id/records/:kinds/export.csv': LIST_QUERY,
  '/p/:id/records/:kinds/export.xlsx': LIST_QUERY,
  '/p/:id/records/events/export.ics': null,
  '/p/:id/events.ics': null, // `key`: anything but the project's feed key is a 404 (src/records/ical-routes.tsx)
  // OAI-PMH: a bad argument is the protocol's <error code="badArgument"> with status 200, as the protocol requires,
  // never a 400 (src/oai/protocol.ts); tide-x here has no endpoint (404).
  '/p/:id/oai': null,
  '/p/:id/records/publications/export.bib': LIST_QUERY,
  '/p/:id/records/publications/export.ris': LIST_QUERY,
  '/p/:id/records/publications/export.csl.json': LIST_QUERY,
  '/api/v1/projects/:id/:kinds': LIST_QUERY,
  '/api/v1/projects/:id/:kinds/:recordId': RECORD_QUERY,
  '/api/v1/projects/:id/deliverables': null,
  '/api/v1/projects/:id/:kinds/:recordId/files': null,
  '/api/v1/projects/:id/files/:fileId': DOWNLOAD_QUERY,
  '/p/:id/files/:fileId': DOWNLOAD_QUERY,
  '/api/openapi.json': null,
  '/api/v1/projects/:id/kpis': KPI_API_QUERY,
  '/api/v1/projects/:id/kpis/:kpiId': KPI_API_QUERY,
  '/api/v1/projects/:id/kpis/:kpiId/records': KPI_RECORDS_QUERY,
  '/api/v1/projects/:id/imports/:uploadId': IMPORT_PREVIEW_QUERY,
  '/api/v1/projects/:id/imports/:uploadId/job': null,
  '/api/v1/projects/:id/reports': REPORTS_API_QUERY,
  '/api/v1/projects/:id/reports/jobs/:jobId': null,
  '/api/v1/projects/:id/reports/preflight': PREFLIGHT_API_QUERY,
  '/api/v1/projects/:id/reports/:reportId': null,
  '/api/v1/projects/:id/reports/:reportId/files/:format': null,
  '/api/v1/projects/:id/reports/:reportId/manifest': null,
  '/p/:id/records/deliverables': DELIVERABLES_QUERY,
  '/p/:id/alerts': ALERTS_QUERY,
  '/p/:id/sources': SOURCES_QUERY,
  '/p/:id/records': null,
  '/p/:id/records/:kinds': LIST_QUERY,
  '/p/:id/records/:kinds/new': null,
  '/p/:id/records/:kinds/:recordId': RECORD_PAGE_QUERY,
  '/p/:id/records/:kinds/:recordId/edit': null,
  '/p/:id/records/:kinds/:recordId/delete': null,
  '/p/:id/reports/preflight': PREFLIGHT_QUERY,
  '/p/:id/signoff': SIGNOFF_QUERY,
  '/p/:id/reports/portal': PORTAL_QUERY,
  '/p/:id/reports/portal.csv': PORTAL_QUERY,
  '/p/:id/reports/portal.xlsx': PORTAL_QUERY,
  '/p/:id/reports/inputs': INPUTS_QUERY,
  '/p/:id/reports/deviations': null,
  '/p/:id/reports/deviations/:itemId/edit': null,
  '/p/:id/reports/recommendations': null,
  '/p/:id/reports/recommendations/:itemId/edit': null,
  '/p/:id/reports': REPORTS_QUERY,
  '/p/:id/reports/submit': SUBMIT_QUERY,
  '/p/:id/reports/:reportId/manifest.json': null,
  '/p/:id/records/:kinds/:recordId/correct': null,
  '/p/:id/reports/jobs/:jobId': REPORT_JOB_QUERY,
  '/p/:id/reports/jobs/:jobId/progress': REPORT_JOB_QUERY,
  '/p/:id/reports/:reportId/download/:format': null,
  // The public site (src/site): `:lang` is the router's own pattern (en|ja); the lists take a keyset cursor.
  '/site/:id': null,
  '/site/:id/robots.txt': null,
  '/site/:id/sitemap.xml': null,
  '/site/:id/site.css': null,
  '/site/:id/logo': null,
  '/site/:id/:lang': null,
  '/site/:id/:lang/events': SITE_LIST_QUERY,
  '/site/:id/:lang/events.ics': null,
  '/site/:id/:lang/publications': SITE_LIST_QUERY,
  '/site/:id/:lang/publications.bib': null,
  '/site/:id/:lang/accessibility': null,
  // The newsletter (src/newsletter): the link pages' token is a path parameter; the coordinator's pages read none.
  '/site/:id/:lang/newsletter': null,
  '/site/:id/:lang/newsletter/confirm/:token': null,
  '/site/:id/:lang/newsletter/unsubscribe/:token': null,
  '/site/:id/:lang/newsletter/data/:token': null,
  '/site/:id/:lang/newsletter/archive': null,
  '/site/:id/:lang/newsletter/archive/:issueId': null,
  '/p/:id/newsletter/subscribers': null,
  '/p/:id/newsletter/subscribers/:subscriberId/evidence.json': null,
  '/p/:id/newsletter/issues': null,
  '/p/:id/newsletter/issues/new': null,
  '/p/:id/newsletter/issues/:issueId': ISSUE_QUERY,
  '/p/:id/newsletter/issues/:issueId/preview/:lang': null,
  '/p/:id/newsletter/issues/:issueId/progress': null,
  '/site/:id/:lang/deliverables': null,
  '/site/:id/d/:code/:version/:file': null,
  '/p/:id/site/deliverables': SITE_DELIVERABLES_QUERY,
  '/site/:id/:lang/news': SITE_LIST_QUERY,
  '/site/:id/:lang/news/feed.rss': null,
  '/site/:id/:lang/news/feed.atom': null,
  '/site/:id/:lang/news/:slug': null,
  '/site/:id/images/:sha': null,
  '/site/:id/card.png': null,
  // News in the app (src/site/news).
  '/p/:id/news': null,
  '/p/:id/news/new': null,
  '/p/:id/news/:postId': NEWS_QUERY,
  '/p/:id/news/:postId/preview/:lang': null,
  '/p/:id/news/:postId/image': null,
  // The social-media calendar (src/social); `postId` names a news post here: the post pages answer 404.
  '/p/:id/social': SOCIAL_QUERY,
  '/p/:id/social/new': SOCIAL_NEW_QUERY,
  '/p/:id/social/export.ics': SOCIAL_EXPORT_QUERY,
  '/p/:id/social/export.csv': SOCIAL_EXPORT_QUERY,
  // A template's name is checked by the route: anything but <name>.docx|.pptx of a generator is a 404.
  '/p/:id/brand/templates': null,
  '/p/:id/brand/templates/:file': null,
  '/p/:id/brand/kit.zip': null,
  '/p/:id/social/:postId': SOCIAL_POST_QUERY,
  '/p/:id/social/:postId/image': null,
  '/api/v1/projects/:id/social/posts': SOCIAL_EXPORT_QUERY,
  '/p/:id/brand/check': null,
  '/p/:id/brand/check/jobs/:jobId': null,
  '/p/:id/brand/check/jobs/:jobId/progress': null,
  '/p/:id/exports/:jobId': null,
  '/p/:id/exports/:jobId/progress': null,
  '/p/:id/exports/:jobId/download': null,
  '/api/v1/projects/:id/exports/:jobId': null,
  '/api/v1/projects/:id/exports/:jobId/file': null,
  // OpenAIRE's suggested outputs (src/sources/openaire).
  '/p/:id/sources/suggestions': SUGGESTIONS_QUERY,
  '/api/v1/projects/:id/suggestions': SUGGESTIONS_API_QUERY,
};

/** The values of the 52 failing probes, and a few more of their kind. */
const MALFORMED = [
  '2019-02-30',
  '2019-13-01',
  '2019-00-10',
  'a\u0000b',
  '\u0000',
  'x\u0007y',
  '12345678901234567890',
  '-1',
  '1e3',
  'x'.repeat(5000),
];

/** `:type{(?:activities|…)}` → `:kinds`, the name the table uses. */
const routeName = (path: string) =>
  path.replace(/:type\{[^}]*\}/, ':kinds').replace(/:lang\{[^}]*\}/, ':lang');

let t: AuthTestApp;
let admin: TestClient;
const values: Record<string, string> = {
  id: PROJECT,
  kinds: 'events',
  type: 'event',
  year: '1',
  kpiId: 'papers',
  file: 'event.csv',
  token: 'A'.repeat(43),
  itemId: '00000000-0000-4000-8000-000000000000',
  lang: 'en',
};

beforeAll(async () => {
  t = await createRecordsTestApp();
  const system = systemActor('params');
  admin = await TestClient.signedIn(t, (await makeUser(t.db, { isAdmin: true })).id);
  const record = await createRecord(t.db, {
    actor: system,
    projectId: PROJECT,
    kind: 'event',
    input: recordInput('event', { lead_partner: PARTNER_A }),
  });
  values.recordId = record.id;
  const file = await uploadEvidence(t.db, {
    actor: system,
    projectId: PROJECT,
    kind: 'event',
    recordId: record.id,
    fileName: 'photo.png',
    bytes: tinyPng(),
    dir: (t as AuthTestApp & { filesDir: string }).filesDir,
  });
  values.fileId = file.id;
  const bibtex = '@article{p1, author = {Silva, Ana}, title = {Probe}, journal = {J}, year = {2024}}';
  const upload = await admin.post(`/p/${PROJECT}/import`, {
    type: 'publication',
    bibtex,
    partner: PARTNER_A,
  });
  values.uploadId = (upload.headers.get('location') ?? '').split('/').pop() ?? '';
  values.jobId = String(
    await requestReport(t.db, {
      actor: system,
      request: { projectId: PROJECT, year: 1, lang: 'en', format: 'html' },
      clock: fixedClock('2025-06-01T00:00:00Z'),
    }),
  );
  values.reportId = '00000000-0000-4000-8000-000000000000';
  const post = await createNews(t.db, {
    actor: system,
    projectId: PROJECT,
    input: {
      slug: 'probe',
      title_en: 'Probe',
      summary_en: 'Probe.',
      body_en: 'Probe.',
      publish_on: '2024-01-01',
      image_alt_en: 'Probe',
    },
    image: { bytes: tinyPng() },
    filesDir: (t as AuthTestApp & { filesDir: string }).filesDir,
  });
  values.postId = post.id;
  values.issueId = (
    await createIssue(t.db, {
      actor: system,
      projectId: PROJECT,
      input: { subject_en: 'Probe', body_en: 'Probe.' },
      clock: fixedClock('2025-06-01T00:00:00Z'),
    })
  ).id;
  values.format = 'html';
  expect(values.uploadId).toMatch(/^[\w-]{43}$/);
});
afterAll(async () => {
  await t?.close();
});

const getRoutes = () => [
  ...new Set(t.app.routes.filter((r) => r.method === 'GET').map((r) => routeName(r.path))),
];

/** A route with its path parameters filled in (`override` replaces one of them). */
function pathOf(route: string, override?: { name: string; value: string }): string {
  return route.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent(override?.name === name ? override.value : (values[name] ?? name)),
  );
}

const withQuery = (path: string, name: string, value: string) =>
  `${path}?${new URLSearchParams({ [name]: value }).toString()}`;

interface ErrorBody {
  error: { code: string; message: string; details: { path?: string; key?: string }[] };
}

describe('every GET route', () => {
  it('has a row in the parameter table', () => {
    const missing = getRoutes().filter((r) => !(r in QUERIES));
    expect(missing).toEqual([]);
  });

  it('answers 400 naming the parameter for every malformed value a declared parameter refuses', async () => {
    const failures: string[] = [];
    for (const [route, shape] of Object.entries(QUERIES)) {
      if (!shape) continue;
      for (const [name, piece] of Object.entries(shape)) {
        for (const value of MALFORMED) {
          // Values the parameter accepts (digits in a search) are the next test's: they must not be 500s.
          if (piece.safeParse(value).success) continue;
          const path = withQuery(pathOf(route), name, value);
          const res = await admin.get(path, { accept: 'application/json' });
          const body = (await res.json().catch(() => null)) as ErrorBody | null;
          if (
            res.status !== 400 ||
            body?.error.code !== 'bad_parameter' ||
            !body.error.details.some((d) => d.path === name && d.key)
          )
            failures.push(`${path} → ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('refuses the reported values in dates, searches and paging', () => {
    const refuses = (shape: Shape, name: string, value: string) =>
      expect(shape[name]?.safeParse(value).success, `${name}=${JSON.stringify(value)}`).toBe(false);
    for (const name of ['from', 'to']) {
      refuses(LIST_QUERY, name, '2019-02-30');
      refuses(LIST_QUERY, name, '2019-13-01');
      refuses(PERIOD_QUERY, name, '2019-02-30');
    }
    for (const name of ['q', 'partner', 'kind', 'type', 'status', 'audience', 'open_access'])
      refuses(LIST_QUERY, name, 'a\u0000b');
    for (const name of ['page', 'page_size', 'year']) refuses(LIST_QUERY, name, '12345678901234567890');
    refuses(AUDIT_EXPORT_QUERY, 'limit', '12345678901234567890');
    refuses(AUDIT_EXPORT_QUERY, 'after', '12345678901234567890');
  });

  it('never answers 500, whatever the query carries', async () => {
    const failures: string[] = [];
    const names = ['q', 'partner', 'from', 'to', 'year', 'page', 'page_size', 'notice', 'next', 'lang', 'x'];
    for (const route of Object.keys(QUERIES)) {
      for (const value of ['2019-02-30', 'a\u0000b', '12345678901234567890']) {
        const query = new URLSearchParams(names.map((n): [string, string] => [n, value])).toString();
        for (const accept of ['application/json', 'text/html']) {
          const res = await admin.get(`${pathOf(route)}?${query}`, { accept });
          if (res.status >= 500) failures.push(`${route} ${value} ${accept} → ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers a malformed path parameter with 400 or 404 (410 for a one-time link), never 500', async () => {
    const failures: string[] = [];
    // Malformed for every kind of id; the others may name something that does not exist, or even exist.
    const malformed = ['\u0000', 'a\u0000b', 'x'.repeat(300)];
    const odd = ['not-a-uuid', '12345678901234567890', '2019-02-30'];
    for (const route of Object.keys(QUERIES)) {
      for (const name of [...route.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '')) {
        if (name === 'kinds') continue; // the router's own pattern: anything else is another route
        for (const value of [...malformed, ...odd]) {
          const path = pathOf(route, { name, value });
          const res = await admin.get(path, { accept: 'application/json' });
          const ok = malformed.includes(value) ? [400, 404, 410].includes(res.status) : res.status < 500;
          if (!ok) failures.push(`${path} → ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

describe('a bad parameter on a page', () => {
  it('is a translated 400 page naming the parameter', async () => {
    const en = await admin.get(`/p/${PROJECT}/records/events?from=2019-02-30&lang=en`);
    expect(en.status).toBe(400);
    const html = await en.text();
    expect(html).toContain('The address has a parameter that is not valid: from.');
    expect(html).toContain('is not a date (expected YYYY-MM-DD)');
    const ja = await admin.get(`/p/${PROJECT}/dashboard?to=2019-13-01&lang=ja`);
    expect(ja.status).toBe(400);
    const jaHtml = await ja.text();
    expect(jaHtml).toContain('アドレスに正しくないパラメーターがあります: to');
    expect(jaHtml).toContain('「2019-13-01」は日付ではありません');
  });

  it('is the API error shape on the API', async () => {
    const res = await admin.get(`/api/v1/projects/${PROJECT}/events?page=12345678901234567890`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('bad_parameter');
    expect(body.error.details[0]).toMatchObject({ path: 'page', key: 'validation.format.wholeNumber' });
    expect(body.error.message).toContain('page');
  });

  it('keeps valid parameters working', async () => {
    const res = await admin.get(
      `/api/v1/projects/${PROJECT}/events?from=2020-02-29&to=2030-12-31&page=1&page_size=10&q=`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { page: number; page_size: number };
    expect(body).toMatchObject({ page: 1, page_size: 10 });
  });
});

describe('a NUL byte in a record field', () => {
  const total = async () =>
    ((await (await admin.get(`/api/v1/projects/${PROJECT}/events?page_size=1`)).json()) as { total: number })
      .total;

  it('is a validation error naming the field through the API and the form, and nothing is written', async () => {
    const before = await total();
    const res = await t.app.request(`/api/v1/projects/${PROJECT}/events`, {
      method: 'POST',
      headers: {
        cookie: admin.cookieHeader,
        'x-csrf-token': admin.csrf ?? '',
        'content-type': 'application/json',
      },
      body: JSON.stringify(
        recordInput('event', { lead_partner: PARTNER_A, name: 'Fair\u0000', city: 'Po\u0000rto' }),
      ),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation');
    expect(body.error.details.map((d) => [d.path, d.key])).toEqual([
      ['name', 'validation.controlCharsMultiline'],
      ['city', 'validation.controlChars'],
    ]);
    const form = await admin.post(`/p/${PROJECT}/records/events?lang=en`, {
      name: 'Matrix\u0000fair',
      lead_partner: PARTNER_A,
      kind: 'conference',
      status: 'planned',
      city: 'Porto',
      country: 'PT',
      start_date: '2024-06-10',
      roles: 'presentation',
    });
    expect(form.status).toBe(422);
    const html = await form.text();
    expect(html).toContain('must not contain control characters');
    expect(await total()).toBe(before);
  });
});
