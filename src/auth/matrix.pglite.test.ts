/**
 * Every route × every role, with the expected allow/deny, through the real app on a real database.
 * On PGlite only: routing and authorization do not depend on the engine (each domain's own tests run on both).
 *
 * Add a row when you add a route: the first test fails while a registered route has no row. A row names who may
 * use it (`public`, `signedIn`, or a list of roles); `prepare` makes what the request needs (a fresh member, token,
 * link…) so rows never depend on each other. Denied means: anonymous → redirect to /login (HTML) or 401 (API);
 * signed in → 403. Allowed means anything else below 400, or one of the row's `reached` statuses (e.g. a failed
 * sign-in is 401 but reached its handler).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { EXPORT_SEGMENT } from '../records/export-routes';
import { LARGE_PDF } from '../brand/jobs';
import { pdfFile } from '../brand/test-documents';
import { feedKey, feedSecret } from '../records/ical';
import { createAdmin } from './links';
import { inviteMember } from './members';
import { systemActor, type Actor, type Role } from './permissions';
import { createNews, decideNews } from '../site/news/service';
import { createToken } from './tokens';
import { importPlanFile } from '../projects/service';
import { KIND_SEGMENT } from '../records/api';
import { uploadEvidence } from '../records/files';
import { uploadDeliverableFile } from '../site/downloads/service';
import { createRecord, deleteRecord } from '../records/service';
import { findAlerts } from '../records/consistency';
import { recordInput } from '../../test/factories/records';
import { tinyPng } from '../../test/records';
import { lastMailText } from '../../test/mail';
import { and, eq } from 'drizzle-orm';
import {
  jobs,
  mailQueue,
  newsletterIssues,
  newsletterSubscribers,
  periodSignoffs,
  reportTexts,
} from '../db/schema';
import { newId } from '../lib/ids';
import { createDeviation } from '../reports/inputs-service';
import { createRecommendation } from '../reports/recommendations';
import { yearClosure } from '../kpi/snapshots';
import { closeYear, reopenYear } from '../kpi/year-closures';
import { addProjects, createPortfolio, grantRole } from '../portfolio/service';
import { reportFiles, reportLocks, reports } from '../db/schema';
import { requestReport } from '../reports/generate';
import { requestRecordExport } from '../records/export-jobs';
import { fixedClock, systemClock } from '../lib/clock';
import { createIssue } from '../newsletter/issues';
import { importSocialPlan, socialPlan } from '../../test/social';
import { createPost } from '../social/service';
import { importPlan } from '../projects/service';
import { preferencePath, preferenceSecret } from '../mail/preferences';
import { sourceConfigs, suggestedOutputs } from '../db/schema';
import { graphProduct } from '../sources/openaire/graph';
import { productToInbox, type InboxFields } from '../sources/openaire/map';
import { storePage } from '../sources/openaire/store';
import { product } from '../sources/openaire/testing/graph-fixtures';

const ROLES = ['admin', 'coordinator', 'editorA', 'editorB', 'viewer', 'anonymous'] as const;
type Who = (typeof ROLES)[number];

interface Prepared {
  path?: string;
  form?: Record<string, string>;
  /** A JSON body (API routes; sent with the session's CSRF header). */
  json?: unknown;
  /** A multipart body (the API's streamed upload; sent with the session's CSRF header). */
  multipart?: FormData;
}

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as registered (`/p/:id/members`); `:id` becomes the test project. */
  route: string;
  allow: 'public' | 'signedIn' | Who[];
  /** Statuses that mean the handler was reached though the request did not succeed (a wrong password…). */
  reached?: number[];
  /** A new user per request (for requests that end the session or the account). */
  fresh?: boolean;
  prepare?: (ctx: { who: Who; client: TestClient; userEmail: string | null }) => Promise<Prepared>;
}

const system = systemActor('matrix');
let t: AuthTestApp;
const clients = new Map<Who, TestClient>();
let n = 0;
const unique = (what: string) => `${what}-${++n}`;

/** The plan of createAuthTestApp with the OAI-PMH endpoint on (same content each time: a no-op after the first). */
async function enableOai() {
  const plan = socialPlan({ harvesting: { oai_pmh: true, admin_email: 'oai@tide-x.example' } });
  await importPlan(t.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
}

const freshMember = async () => (await makeUser(t.db, { role: 'viewer' })).id;
const freshToken = async () =>
  (
    await createToken(t.db, {
      actor: system,
      projectId: PROJECT,
      input: { name: unique('t'), partnerCode: PARTNER_A, access: 'read' },
    })
  ).row.id;
/** An invitation made by the system, and its link (read back from the mail queue). */
async function freshInvitation(): Promise<{ id: number; path: string }> {
  const email = `${unique('inv')}@example.org`;
  const { invitationId } = await inviteMember(
    { db: t.db, baseUrl: 'http://localhost' },
    { actor: system, projectId: PROJECT, input: { email, role: 'viewer' }, lang: 'en' },
  );
  const text = await lastMailText(t.db, email);
  return { id: invitationId, path: /http:\/\/localhost(\/invite\/\S+)/.exec(text)?.[1] ?? '' };
}
/** A fresh OpenAIRE suggestion waiting in the inbox (src/sources/openaire); its id. */
async function freshSuggestion(): Promise<number> {
  const fields = productToInbox(graphProduct.parse(product({ n: 5000 + ++n }))) as InboxFields;
  await storePage(t.db, {
    projectId: PROJECT,
    products: [fields],
    now: new Date(),
    decidedBy: 'test',
    dryRun: false,
  });
  const [row] = await t.db
    .select({ id: suggestedOutputs.id })
    .from(suggestedOutputs)
    .where(eq(suggestedOutputs.externalId, fields.externalId));
  return row?.id as number;
}
/** A fresh OpenAIRE suggestion, rejected; its id. */
async function freshRejected(): Promise<number> {
  const id = await freshSuggestion();
  await t.db.update(suggestedOutputs).set({ status: 'rejected' }).where(eq(suggestedOutputs.id, id));
  return id;
}
/** OpenAIRE turned off for the project: "check now" reaches its handler without asking the real service. */
async function openaireOff(): Promise<void> {
  const now = new Date();
  await t.db
    .insert(sourceConfigs)
    .values({
      projectId: PROJECT,
      source: 'openaire',
      settings: {},
      enabled: false,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
}
/** A fresh contradiction (an event still planned long after its date) and its alert's fingerprint. */
async function freshAlert(): Promise<string> {
  const event = await createRecord(t.db, {
    actor: system,
    projectId: PROJECT,
    kind: 'event',
    input: recordInput('event', {
      name: unique('Stale event'),
      website: undefined,
      start_date: '2024-05-01',
      end_date: undefined,
      status: 'planned',
    }),
  });
  const found = await findAlerts(t.db, { projectId: PROJECT, today: systemClock.today() });
  return found.find((f) => f.records[0]?.id === event.id)?.fingerprint ?? 'missing';
}
async function freshPasswordLink(kind: 'setup' | 'reset'): Promise<string> {
  const r = await createAdmin(
    { db: t.db, baseUrl: 'http://localhost' },
    { actor: system, email: `${unique('link')}@example.org` },
  );
  return (r.link ?? '').replace('http://localhost/setup/', `/${kind}/`);
}

/** An upload (pasted BibTeX) made by `client` when it may import; a path nobody owns otherwise. */
async function freshUpload(client: TestClient): Promise<string> {
  const bibtex = `@article{m${++n}, author = {Silva, Ana}, title = {Matrix ${n}}, journal = {J}, year = {2024}}`;
  const res = await client.post(`/p/${PROJECT}/import`, { type: 'publication', bibtex, partner: PARTNER_A });
  const location = res.headers.get('location') ?? '';
  return /^\/p\/[^/]+\/import\/[\w-]{43}$/.test(location)
    ? location
    : `/p/${PROJECT}/import/${'A'.repeat(43)}`;
}

/** The API's address of an upload made through the import page. */
const apiUpload = (webPath: string) =>
  webPath.replace(/^\/p\/([^/]+)\/import\//, '/api/v1/projects/$1/imports/');

/** Records (src/records): an event led by partner A, optionally deleted; an evidence file of one. */
const filesDir = mkdtempSync(join(tmpdir(), 'herald-matrix-files-'));
const matrixKeyFile = join(mkdtempSync(join(tmpdir(), 'herald-matrix-key-')), 'key.pem');
/** Mail preferences (src/reminders): a fresh member's signed link of one topic. */
const PREFS = '/mail/preferences/:project/:user/:topic/:token';
const prefsLink = async () =>
  preferencePath(preferenceSecret(matrixKeyFile), {
    userId: await freshMember(),
    projectId: PROJECT,
    topic: 'reminder.monthly',
  });

async function freshRecord(opts: { deleted?: boolean } = {}): Promise<string> {
  const input = recordInput('event', { lead_partner: PARTNER_A });
  const r = await createRecord(t.db, { actor: system, projectId: PROJECT, kind: 'event', input });
  if (opts.deleted) await deleteRecord(t.db, { actor: system, projectId: PROJECT, kind: 'event', id: r.id });
  return r.id;
}
/** A new version of Tide-X's D1.1 on its public site's list (not published); its id. */
async function freshDeliverableFile(): Promise<string> {
  const f = await uploadDeliverableFile(t.db, {
    actor: system,
    projectId: PROJECT,
    fields: { code: 'D1.1', version: unique('v'), issued_on: '2026-01-01' },
    fileName: 'd.pdf',
    bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
    dir: filesDir,
    clock: fixedClock('2026-01-02T00:00:00Z'),
  });
  return f.id;
}

async function freshFile(): Promise<string> {
  const recordId = await freshRecord();
  const bytes = tinyPng();
  const f = await uploadEvidence(t.db, {
    actor: system,
    projectId: PROJECT,
    kind: 'event',
    recordId,
    fileName: 'photo.png',
    bytes,
    dir: filesDir,
  });
  return f.id;
}
const eventForm = (): Record<string, string> => ({
  name: unique('Matrix fair'),
  lead_partner: PARTNER_A,
  kind: 'conference',
  status: 'planned',
  city: 'Porto',
  country: 'PT',
  start_date: '2024-06-10',
  roles: 'presentation',
});
/** Report inputs (src/reports): a deviation and a recommendation made by the system. */
const deviationForm = (): Record<string, string> => ({ noted_on: '2024-05-01', description: unique('late') });
const freshDeviation = async (): Promise<string> =>
  (await createDeviation(t.db, { actor: system, projectId: PROJECT, input: deviationForm() })).id;
const freshRecommendation = async (): Promise<string> =>
  (
    await createRecommendation(t.db, {
      actor: system,
      projectId: PROJECT,
      input: { review: 'M18', text: unique('r') },
    })
  ).id;
const newsForm = () => ({
  slug: unique('news'),
  title_en: 'Matrix news',
  summary_en: 'Summary.',
  body_en: 'Body.',
  publish_on: '2024-01-01',
});
/** A news post: the coordinator's draft, a partner A editor's proposal, or published; with an image if asked. */
async function freshNews(o: { state?: 'draft' | 'proposed' | 'published'; image?: boolean } = {}) {
  const partnerA: Actor = {
    kind: 'user',
    userId: 'matrix-partner',
    isAdmin: false,
    memberships: [{ projectId: PROJECT, role: 'editor', partnerCode: PARTNER_A }],
  };
  const post = await createNews(t.db, {
    actor: o.state === 'proposed' ? partnerA : system,
    projectId: PROJECT,
    input: { ...newsForm(), ...(o.image ? { image_alt_en: 'Matrix' } : {}) },
    image: o.image ? { bytes: tinyPng() } : undefined,
    filesDir,
  });
  if (o.state !== 'published') return post;
  return decideNews(t.db, {
    actor: system,
    projectId: PROJECT,
    id: post.id,
    version: post.version,
    decision: 'publish',
  });
}
/** A draft social post on the X account partner A runs (the coordinator's), with an image if asked. */
const freshSocial = async (o: { image?: boolean } = {}) =>
  (
    await createPost(t.db, {
      actor: system,
      projectId: PROJECT,
      input: {
        channel: 'x',
        planned_at: '2024-03-05T07:30',
        text: 'Matrix #TideX',
        ...(o.image ? { image_alt: 'Matrix' } : {}),
      },
      image: o.image ? { bytes: tinyPng() } : undefined,
      filesDir,
    })
  ).id;
const SOCIAL_FORM = { channel: 'x', planned_at: '2024-03-05T07:30', text: 'Matrix #TideX' };
/** Project year 1 of the test project (ended) closed or open, whatever the previous request left. */
/** A queued report job (nothing runs it here). */
const freshReportJob = async () =>
  requestReport(t.db, {
    actor: system,
    request: { projectId: PROJECT, year: 1, lang: 'en', format: 'html' },
    clock: fixedClock('2025-06-01T00:00:00Z'),
  });
/** An export job of `who` (started through the API as them), or the system's for a visitor. */
async function exportJobOf(who: Who, client: TestClient): Promise<string> {
  if (who !== 'anonymous') {
    const res = await client.json('POST', `/api/v1/projects/${PROJECT}/activities/exports?format=csv`);
    const id = (res.headers.get('location') ?? '').split('/').pop();
    if (res.status === 202 && id) return id;
  }
  const { jobId } = await requestRecordExport(t.db, {
    actor: system,
    projectId: PROJECT,
    type: 'activity',
    format: 'csv',
    clock: fixedClock('2025-06-01T00:00:00Z'),
  });
  return String(jobId);
}
/** A large PDF's brand check job of `client` (started through the page), or a path nobody owns for anonymous. */
async function brandJobOf(who: Who, client: TestClient): Promise<string> {
  if (who === 'anonymous') return `/p/${PROJECT}/brand/check/jobs/1`;
  const form = new FormData();
  const pages = Array.from({ length: LARGE_PDF.pages + 1 }, (_, i) => [`Page ${i + 1}`]);
  form.set('file', new File([new Uint8Array(pdfFile(pages))], 'big.pdf'));
  const res = await t.app.request(`/p/${PROJECT}/brand/check`, {
    method: 'POST',
    body: form,
    headers: { cookie: client.cookieHeader, 'x-csrf-token': await client.csrfToken() },
  });
  return res.headers.get('location') ?? `/p/${PROJECT}/brand/check/jobs/1`;
}
/** A stored draft report with an HTML file, made once. */
let storedReport: string | undefined;
async function aStoredReport(): Promise<string> {
  if (storedReport) return storedReport;
  const [row] = await t.db
    .insert(reports)
    .values({
      projectId: PROJECT,
      scope: 'year:1',
      year: 1,
      fromDate: '2024-01-01',
      toDate: '2024-12-31',
      lang: 'en',
      planVersion: 1,
      auditSeq: 0,
      figures: [],
      createdBy: 'matrix',
    })
    .returning({ id: reports.id });
  const id = row!.id;
  await t.db.insert(reportFiles).values({
    reportId: id,
    format: 'html',
    fileName: 'r.html',
    contentType: 'text/html; charset=utf-8',
    sha256: '0'.repeat(64),
    size: 4,
    content: new TextEncoder().encode('<p/>'),
  });
  storedReport = id;
  return id;
}

/** A submitted report with a (minimal) manifest, made once. */
let submittedReport: string | undefined;
async function aSubmittedReport(): Promise<string> {
  if (submittedReport) return submittedReport;
  const [row] = await t.db
    .insert(reports)
    .values({
      projectId: PROJECT,
      scope: 'range:2024-01-01..2024-01-31',
      fromDate: '2024-01-01',
      toDate: '2024-01-31',
      lang: 'en',
      state: 'submitted',
      planVersion: 1,
      auditSeq: 0,
      figures: [],
      manifest: { project: { id: PROJECT, acronym: 'Tide-X' }, figures: [] },
      submittedAt: new Date('2025-02-01T00:00:00Z'),
      submittedBy: 'matrix',
      createdBy: 'matrix',
    })
    .returning({ id: reports.id });
  submittedReport = row!.id;
  return submittedReport;
}
/** A fresh event of partner A that a stored report locked (its report_locks row written directly). */
const onLockedRecord =
  (suffix: string, opts: { api?: boolean } = {}) =>
  async (): Promise<Prepared> => {
    const id = await freshRecord();
    await t.db.insert(reportLocks).values({
      reportId: await aStoredReport(),
      projectId: PROJECT,
      kind: 'event',
      recordId: id,
      version: 1,
      digest: '0'.repeat(64),
    });
    return opts.api
      ? { path: `/api/v1/projects/${PROJECT}/events/${id}${suffix}`, json: { reason: '', record: {} } }
      : { path: `/p/${PROJECT}/records/events/${id}${suffix}`, form: { reason: '' } };
  };

async function yearOne(state: 'closed' | 'open'): Promise<void> {
  const closed = (await yearClosure(t.db, PROJECT, 1)) !== undefined;
  if (state === 'closed' && !closed) await closeYear(t.db, { actor: system, projectId: PROJECT, year: 1 });
  if (state === 'open' && closed)
    await reopenYear(t.db, { actor: system, projectId: PROJECT, year: 1, reason: 'matrix' });
}
/** A portfolio made by the system (optionally holding the test project); its id. */
async function freshPortfolio(opts: { project?: boolean } = {}): Promise<string> {
  const { id } = await createPortfolio(t.db, { actor: system, input: { name: unique('Matrix agency') } });
  if (opts.project) await addProjects(t.db, { actor: system, portfolioId: id, projectIds: [PROJECT] });
  return id;
}
const API = '/api/v1/projects/:id';

/** The public site's routes as registered, and an address of each on M-Sec (imported once, on first use). */
const SITE_LANG = ':lang{(?:en|ja)}';
const SITE_ROUTES: Array<[string, string]> = [
  ['/site/:id', '/site/m-sec'],
  ['/site/:id/robots.txt', '/site/m-sec/robots.txt'],
  ['/site/:id/sitemap.xml', '/site/m-sec/sitemap.xml'],
  ['/site/:id/site.css', '/site/m-sec/site.css'],
  ['/site/:id/logo', '/site/m-sec/logo'],
  ['/site/:id/d/:code/:version/:file', '/site/m-sec/d/D5.2/1.0/none.pdf'],
  ['/site/:id/card.png', '/site/m-sec/card.png'],
  ...[
    '',
    '/events',
    '/events.ics',
    '/publications',
    '/publications.bib',
    '/deliverables',
    '/accessibility',
    '/news',
    '/news/feed.rss',
    '/news/feed.atom',
  ].map((page): [string, string] => [`/site/:id/${SITE_LANG}${page}`, `/site/m-sec/ja${page}`]),
];
/** Site addresses of things the matrix's database does not hold (no news post): the site's 404, reached. */
const SITE_MISSING: Array<[string, string]> = [
  [`/site/:id/${SITE_LANG}/news/:slug`, '/site/m-sec/ja/news/no-such-post'],
  ['/site/:id/images/:sha', `/site/m-sec/images/${'0'.repeat(64)}`],
];
let sitePlan: Promise<unknown> | undefined;
const publicSite = () => (sitePlan ??= importPlanFile(t.db, { file: 'plans/m-sec.yaml', actor: 'matrix' }));

/** The newsletter's public routes (src/newsletter/site-routes.tsx) on M-Sec, whose plan enables it. */
const NEWS = `/site/:id/${SITE_LANG}/newsletter`;
/** The subscribe form's fields, with a fresh address and the form's signed token. */
async function newsletterForm(): Promise<Record<string, string>> {
  await publicSite();
  const html = await (await t.app.request('/site/m-sec/en/newsletter')).text();
  const token = /name="form" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { form: token, email: `${unique('reader')}@example.org`, lang: 'en', consent: 'yes' };
}
/** A fresh pending subscription on M-Sec: the paths of its confirmation and unsubscribe links (the mail queue). */
async function freshSubscription(): Promise<{ confirm: string; unsubscribe: string }> {
  const form = await newsletterForm();
  await t.app.request('/site/m-sec/en/newsletter', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const [mail] = await t.db
    .select()
    .from(mailQueue)
    .where(eq(mailQueue.to, form.email ?? ''));
  const path = (kind: string) =>
    new RegExp(`https?://[^/\\s]+(/site/m-sec/en/newsletter/${kind}/[\\w-]+)`).exec(mail?.text ?? '')?.[1] ??
    '';
  return { confirm: path('confirm'), unsubscribe: path('unsubscribe') };
}
/** A subscriber of the test project (inserted directly: its site is not public), for the coordinator's routes. */
async function freshSubscriber(): Promise<string> {
  const id = newId();
  const at = new Date();
  await t.db.insert(newsletterSubscribers).values({
    id,
    projectId: PROJECT,
    address: `${unique('sub')}@example.org`,
    addressHash: newId(),
    lang: 'en',
    status: 'confirmed',
    noticeVersion: '1',
    unsubscribeHash: newId(),
    createdAt: at,
    updatedAt: at,
  });
  return id;
}
const ISSUE_FORM = { subject_en: 'Matrix issue', body_en: 'Hello.' };
/** A sent newsletter issue of M-Sec (inserted directly), for its public archive page. */
async function sentIssue(): Promise<string> {
  const id = newId();
  const at = new Date();
  await t.db.insert(newsletterIssues).values({
    id,
    projectId: 'm-sec',
    subjectEn: 'Sent issue',
    bodyEn: 'Hello.',
    state: 'sent',
    createdBy: 'matrix',
    createdAt: at,
    updatedAt: at,
    sentAt: at,
  });
  return id;
}
/** A draft newsletter issue of the test project. */
async function freshIssue(): Promise<string> {
  return (
    await createIssue(t.db, { actor: system, projectId: PROJECT, input: ISSUE_FORM, clock: systemClock })
  ).id;
}
const REC = `/p/:id/records/${KIND_SEGMENT}`;
const writersA: Who[] = ['admin', 'coordinator', 'editorA'];
const coordinators: Who[] = ['admin', 'coordinator'];
const onRecord =
  (suffix = '', opts: { deleted?: boolean; api?: boolean } = {}) =>
  async () => ({
    path: `${opts.api ? `/api/v1/projects/${PROJECT}` : `/p/${PROJECT}/records`}/events/${await freshRecord(opts)}${suffix}`,
  });
const onFile =
  (api: boolean, suffix = '') =>
  async () => ({
    path: `${api ? `/api/v1/projects/${PROJECT}` : `/p/${PROJECT}`}/files/${await freshFile()}${suffix}`,
  });

const plan = (route: string): Row => ({ method: 'GET', route, allow: 'public' });
const projectReaders: Who[] = ['admin', 'coordinator', 'editorA', 'editorB', 'viewer'];
const importers: Who[] = ['admin', 'coordinator', 'editorA', 'editorB'];

const ROWS: Row[] = [
  { method: 'GET', route: '/healthz', allow: 'public' },
  { method: 'GET', route: '/static/htmx.min.js', allow: 'public' },
  { method: 'GET', route: '/static/app.css', allow: 'public' },
  { method: 'GET', route: '/static/import-upload.js', allow: 'public' },
  { method: 'GET', route: '/static/portal-copy.js', allow: 'public' },
  // The plan is a public deliverable: its pages are public; who imported what is not.
  plan('/'),
  plan('/p/:id'),
  plan('/p/:id/theme.css'),
  plan('/p/:id/partners'),
  plan('/p/:id/audiences'),
  plan('/p/:id/channels'),
  plan('/p/:id/work-packages'),
  plan('/p/:id/events'),
  plan('/p/:id/synergies'),
  plan('/p/:id/kpis'),
  plan('/p/:id/timeline'),
  { method: 'GET', route: '/p/:id/history', allow: projectReaders },
  // Plan editing (src/projects/edit-routes.tsx): members download the YAML; coordinators edit and upload. An empty
  // upload is a 422, an empty preview a page of errors, an empty save (no base version) a 409.
  { method: 'GET', route: '/p/:id/plan.yaml', allow: projectReaders },
  { method: 'POST', route: '/p/:id/plan/import', allow: coordinators, reached: [422] },
  { method: 'GET', route: '/p/:id/plan/edit', allow: coordinators },
  { method: 'GET', route: '/p/:id/plan/edit/facts', allow: coordinators },
  { method: 'POST', route: '/p/:id/plan/edit/facts/preview', allow: coordinators },
  { method: 'POST', route: '/p/:id/plan/edit/facts', allow: coordinators, reached: [409] },
  { method: 'GET', route: '/p/:id/plan/edit/kpis', allow: coordinators },
  { method: 'POST', route: '/p/:id/plan/edit/kpis/preview', allow: coordinators },
  { method: 'POST', route: '/p/:id/plan/edit/kpis', allow: coordinators, reached: [409] },
  // A new project (src/projects/init-routes.tsx): admins; an empty form is refused with 422, nothing created.
  { method: 'GET', route: '/projects/new', allow: ['admin'] },
  { method: 'POST', route: '/projects/new/preview', allow: ['admin'] },
  { method: 'POST', route: '/projects/new', allow: ['admin'], reached: [422] },
  // The row forms (src/projects/edit-sections.ts) and the KPI definitions (edit-kpi-defs.ts): the same three routes each.
  ...[
    'partners',
    'audiences',
    'key-messages',
    'channels',
    'cadence',
    'events',
    'synergies',
    'work-packages',
    'timeline',
    'kpi-definitions',
  ].flatMap((form): Row[] => [
    { method: 'GET', route: `/p/:id/plan/edit/${form}`, allow: coordinators },
    { method: 'POST', route: `/p/:id/plan/edit/${form}/preview`, allow: coordinators },
    { method: 'POST', route: `/p/:id/plan/edit/${form}`, allow: coordinators, reached: [409] },
  ]),
  { method: 'GET', route: '/p/:id/dashboard', allow: projectReaders },
  {
    method: 'GET',
    route: '/p/:id/dashboard/kpis/:kpiId',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/dashboard/kpis/papers` }),
  },
  // Signing in and out, one-time links.
  { method: 'GET', route: '/login', allow: 'public' },
  {
    method: 'POST',
    route: '/login',
    allow: 'public',
    reached: [401],
    prepare: async () => ({ form: { email: `${unique('nobody')}@example.org`, password: 'wrong password' } }),
  },
  { method: 'POST', route: '/logout', allow: 'public', fresh: true },
  { method: 'GET', route: '/reset', allow: 'public' },
  {
    method: 'POST',
    route: '/reset',
    allow: 'public',
    prepare: async () => ({ form: { email: 'nobody@example.org' } }),
  },
  {
    method: 'GET',
    route: '/setup/:token',
    allow: 'public',
    prepare: async () => ({ path: await freshPasswordLink('setup') }),
  },
  {
    method: 'POST',
    route: '/setup/:token',
    allow: 'public',
    reached: [422],
    prepare: async () => ({
      path: await freshPasswordLink('setup'),
      form: { password: 'short', confirm: 'short' },
    }),
  },
  {
    method: 'GET',
    route: '/reset/:token',
    allow: 'public',
    prepare: async () => ({ path: await freshPasswordLink('reset') }),
  },
  {
    method: 'POST',
    route: '/reset/:token',
    allow: 'public',
    reached: [422],
    prepare: async () => ({
      path: await freshPasswordLink('reset'),
      form: { password: 'short', confirm: 'short' },
    }),
  },
  {
    method: 'GET',
    route: '/invite/:token',
    allow: 'public',
    prepare: async () => ({ path: (await freshInvitation()).path }),
  },
  {
    method: 'POST',
    route: '/invite/:token',
    allow: 'public',
    // Anonymous: a new account whose password is too short (422); signed in: joins with their account.
    reached: [422],
    fresh: true,
    prepare: async () => ({
      path: (await freshInvitation()).path,
      form: { name: 'X', password: 'short', confirm: 'short' },
    }),
  },
  // The account.
  { method: 'GET', route: '/account', allow: 'signedIn' },
  {
    method: 'POST',
    route: '/account/profile',
    allow: 'signedIn',
    prepare: async () => ({ form: { name: 'Renamed' } }),
  },
  {
    method: 'POST',
    route: '/account/language',
    allow: 'signedIn',
    prepare: async () => ({ form: { lang: 'en' } }),
  },
  { method: 'POST', route: '/account/sign-out-everywhere', allow: 'signedIn', fresh: true },
  { method: 'GET', route: '/account/export', allow: 'signedIn' },
  {
    method: 'POST',
    route: '/account/delete',
    allow: 'signedIn',
    fresh: true,
    prepare: async ({ userEmail }) => ({ form: { confirm: userEmail ?? '' } }),
  },
  { method: 'GET', route: '/api/v1/me', allow: 'signedIn' },
  // Members: coordinators (and admins) only.
  { method: 'GET', route: '/p/:id/members', allow: ['admin', 'coordinator'] },
  {
    method: 'POST',
    route: '/p/:id/members',
    allow: ['admin', 'coordinator'],
    prepare: async () => ({
      form: { email: `${unique('invitee')}@example.org`, role: 'editor', partnerCode: PARTNER_B },
    }),
  },
  {
    method: 'POST',
    route: '/p/:id/members/:userId',
    allow: ['admin', 'coordinator'],
    prepare: async () => ({
      path: `/p/${PROJECT}/members/${await freshMember()}`,
      form: { role: 'editor', partnerCode: PARTNER_A },
    }),
  },
  {
    method: 'POST',
    route: '/p/:id/members/:userId/remove',
    allow: ['admin', 'coordinator'],
    prepare: async () => ({ path: `/p/${PROJECT}/members/${await freshMember()}/remove` }),
  },
  {
    method: 'POST',
    route: '/p/:id/invitations/:invitationId/revoke',
    allow: ['admin', 'coordinator'],
    prepare: async () => ({ path: `/p/${PROJECT}/invitations/${(await freshInvitation()).id}/revoke` }),
  },
  // Mail preferences (src/reminders): the link pages are anyone's who holds the signed link (a fresh member's); the
  // own page is every member's.
  { method: 'GET', route: PREFS, allow: 'public', prepare: async () => ({ path: await prefsLink() }) },
  {
    method: 'POST',
    route: PREFS,
    allow: 'public',
    prepare: async () => {
      const path = await prefsLink();
      const page = await (await t.app.request(path)).text();
      const form = /name="form" value="([^"]+)"/.exec(page)?.[1] ?? '';
      return { path, form: { form, action: 'snooze-14' } };
    },
  },
  {
    method: 'POST',
    route: `${PREFS}/one-click`,
    allow: 'public',
    prepare: async () => ({
      path: `${await prefsLink()}/one-click`,
      form: { 'List-Unsubscribe': 'One-Click' },
    }),
  },
  { method: 'GET', route: '/p/:id/mail', allow: ['coordinator', 'editorA', 'editorB', 'viewer'] },
  {
    method: 'POST',
    route: '/p/:id/mail',
    allow: ['coordinator', 'editorA', 'editorB', 'viewer'],
    prepare: async () => ({ form: { topic: 'reminder.due', action: 'snooze-14' } }),
  },
  // API tokens: coordinators for any partner, a partner editor for its own partner (A here).
  { method: 'GET', route: '/p/:id/tokens', allow: ['admin', 'coordinator', 'editorA', 'editorB'] },
  {
    method: 'POST',
    route: '/p/:id/tokens',
    allow: ['admin', 'coordinator', 'editorA'],
    prepare: async () => ({ form: { name: unique('script'), partnerCode: PARTNER_A, access: 'write' } }),
  },
  {
    method: 'POST',
    route: '/p/:id/tokens/:tokenId/revoke',
    allow: ['admin', 'coordinator', 'editorA'],
    prepare: async () => ({ path: `/p/${PROJECT}/tokens/${await freshToken()}/revoke` }),
  },
  // Monitoring (src/kpi): figures come from partners' records, so members only.
  { method: 'GET', route: '/p/:id/dashboard', allow: projectReaders },
  { method: 'GET', route: '/p/:id/dashboard/freshness', allow: projectReaders },
  {
    method: 'GET',
    route: '/p/:id/dashboard/kpis/:kpiId',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/dashboard/kpis/papers` }),
  },
  // Project years (src/kpi/year-routes.tsx): coordinators close, re-open and re-baseline; members read the lists.
  {
    method: 'POST',
    route: '/p/:id/dashboard/years/:year/close',
    allow: coordinators,
    prepare: async () => {
      await yearOne('open');
      return { path: `/p/${PROJECT}/dashboard/years/1/close` };
    },
  },
  ...(['reopen', 'rebaseline'] as const).map((what): Row => ({
    method: 'POST',
    route: `/p/:id/dashboard/years/:year/${what}`,
    allow: coordinators,
    prepare: async () => {
      await yearOne('closed');
      return { path: `/p/${PROJECT}/dashboard/years/1/${what}`, form: { reason: 'matrix' } };
    },
  })),
  {
    method: 'GET',
    route: '/p/:id/dashboard/years/:year/kpis/:kpiId/late',
    allow: projectReaders,
    prepare: async () => {
      await yearOne('closed');
      return { path: `/p/${PROJECT}/dashboard/years/1/kpis/papers/late` };
    },
  },
  {
    method: 'GET',
    route: '/p/:id/dashboard/outside/:type',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/dashboard/outside/publication` }),
  },
  // The KPI digest's page (src/kpi/digest-page.tsx): every member.
  { method: 'GET', route: '/p/:id/digest', allow: projectReaders },
  // Period sign-off (src/signoff): members read; partner A's editors and coordinators answer for partner A.
  { method: 'GET', route: '/p/:id/signoff', allow: projectReaders },
  {
    method: 'POST',
    route: '/p/:id/signoff',
    allow: writersA,
    prepare: async () => {
      const [row] = await t.db
        .select({ version: periodSignoffs.version })
        .from(periodSignoffs)
        .where(and(eq(periodSignoffs.projectId, PROJECT), eq(periodSignoffs.partnerCode, PARTNER_A)));
      return {
        form: { period: '1', partner: PARTNER_A, state: 'confirmed', version: String(row?.version ?? 0) },
      };
    },
  },
  // Reports (src/reports/routes.tsx): every member reads and downloads; coordinators and editors generate.
  { method: 'GET', route: '/p/:id/reports', allow: projectReaders },
  {
    method: 'POST',
    route: '/p/:id/reports',
    allow: importers,
    prepare: async () => ({ form: { period: 'year', year: '1', lang: 'en', format: 'html' } }),
  },
  ...(['', '/progress'] as const).map((suffix): Row => ({
    method: 'GET',
    route: `/p/:id/reports/jobs/:jobId${suffix}`,
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/reports/jobs/${await freshReportJob()}${suffix}` }),
  })),
  {
    method: 'GET',
    route: '/p/:id/reports/:reportId/download/:format',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/reports/${await aStoredReport()}/download/html` }),
  },
  // Submission (src/reports/submit-routes.tsx): coordinators see and post the submit page (a form without the
  // confirmation is reached: 422); every member downloads a submitted report's manifest.
  {
    method: 'GET',
    route: '/p/:id/reports/submit',
    allow: coordinators,
    prepare: async () => ({ path: `/p/${PROJECT}/reports/submit?year=1` }),
  },
  {
    method: 'POST',
    route: '/p/:id/reports/submit',
    allow: coordinators,
    reached: [422],
    prepare: async () => ({ form: { year: '1', lang: 'en' } }),
  },
  {
    method: 'GET',
    route: '/p/:id/reports/:reportId/manifest.json',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/reports/${await aSubmittedReport()}/manifest.json` }),
  },
  // Corrections (src/reports/correct-routes.tsx): the record's writers, on a locked record (no reason: 422).
  {
    method: 'GET',
    route: `${REC}/:recordId/correct`,
    allow: writersA,
    prepare: onLockedRecord('/correct'),
  },
  {
    method: 'POST',
    route: `${REC}/:recordId/correct`,
    allow: writersA,
    reached: [422],
    prepare: onLockedRecord('/correct'),
  },
  {
    method: 'POST',
    route: `${API}/${KIND_SEGMENT}/:recordId/corrections`,
    allow: writersA,
    reached: [422],
    prepare: onLockedRecord('/corrections', { api: true }),
  },
  // The audit trail: every member reads it.
  { method: 'GET', route: '/p/:id/audit', allow: projectReaders },
  // Reports (src/reports/submit-routes.tsx): the instance's public signing key, for every member.
  { method: 'GET', route: '/p/:id/reports/key', allow: projectReaders },
  { method: 'GET', route: '/api/v1/projects/:id/audit', allow: projectReaders },
  { method: 'GET', route: '/api/v1/projects/:id/audit/head', allow: projectReaders },
  // Imports: coordinators, and partner editors (for their own partner's rows).
  { method: 'GET', route: '/p/:id/import', allow: importers },
  { method: 'GET', route: '/p/:id/records/publications/doi', allow: importers },
  {
    method: 'POST',
    route: '/p/:id/records/publications/doi',
    allow: importers,
    reached: [422],
    prepare: async () => ({ form: { dois: 'not a doi' } }),
  },
  {
    method: 'POST',
    route: '/p/:id/import',
    allow: importers,
    prepare: async () => ({
      form: {
        type: 'publication',
        partner: PARTNER_A,
        bibtex: `@article{p${++n}, title = {P${n}}, year = {2024}}`,
      },
    }),
  },
  {
    method: 'GET',
    route: '/p/:id/import/templates/:file',
    allow: importers,
    prepare: async () => ({ path: `/p/${PROJECT}/import/templates/activity.csv` }),
  },
  {
    method: 'GET',
    route: '/p/:id/import/:uploadId',
    allow: importers,
    prepare: async ({ client }) => ({ path: await freshUpload(client) }),
  },
  {
    method: 'GET',
    route: '/p/:id/import/:uploadId/errors.csv',
    allow: importers,
    prepare: async ({ client }) => ({ path: `${await freshUpload(client)}/errors.csv` }),
  },
  {
    method: 'POST',
    route: '/p/:id/import/:uploadId',
    allow: importers,
    prepare: async ({ client }) => ({ path: await freshUpload(client), form: { mode: 'valid' } }),
  },
  {
    method: 'GET',
    route: '/p/:id/import/:uploadId/progress',
    allow: importers,
    prepare: async ({ client }) => {
      const path = await freshUpload(client);
      await client.post(path, { mode: 'valid' });
      return { path: `${path}/progress` };
    },
  },
  // Record list exports: every member reads them.
  ...(['csv', 'xlsx'] as const).map((format): Row => ({
    method: 'GET',
    route: `/p/:id/records/${EXPORT_SEGMENT}/export.${format}`,
    allow: projectReaders,
    prepare: async () => ({
      path: `/p/${PROJECT}/records/publications/export.${format}?partner=${PARTNER_A}`,
    }),
  })),
  // Record exports as a job (src/records/export-job-routes.tsx): every member starts one and sees only their own.
  {
    method: 'POST',
    route: `/p/:id/records/${EXPORT_SEGMENT}/export`,
    allow: projectReaders,
    prepare: async () => ({
      path: `/p/${PROJECT}/records/activities/export?partner=${PARTNER_A}`,
      form: { format: 'csv' },
    }),
  },
  {
    method: 'POST',
    route: `${API}/${EXPORT_SEGMENT}/exports`,
    allow: projectReaders,
    prepare: async () => ({ path: `/api/v1/projects/${PROJECT}/activities/exports?format=csv`, json: {} }),
  },
  ...(['', '/progress', '/download'] as const).map((suffix): Row => ({
    method: 'GET',
    route: `/p/:id/exports/:jobId${suffix}`,
    allow: projectReaders,
    reached: [409],
    prepare: async ({ who, client }) => ({
      path: `/p/${PROJECT}/exports/${await exportJobOf(who, client)}${suffix}`,
    }),
  })),
  ...(['', '/file'] as const).map((suffix): Row => ({
    method: 'GET',
    route: `${API}/exports/:jobId${suffix}`,
    allow: projectReaders,
    reached: [409],
    prepare: async ({ who, client }) => ({
      path: `/api/v1/projects/${PROJECT}/exports/${await exportJobOf(who, client)}${suffix}`,
    }),
  })),
  // The brand checker (src/brand): every member checks materials, partner editors too; read tokens through the API.
  { method: 'GET', route: '/p/:id/brand/check', allow: projectReaders },
  {
    method: 'POST',
    route: '/p/:id/brand/check',
    allow: projectReaders,
    prepare: async () => {
      const multipart = new FormData();
      multipart.set('file', new File(['The M-Sec flyer.'], 'flyer.txt'));
      return { multipart };
    },
  },
  {
    method: 'POST',
    route: '/p/:id/brand/check/text',
    allow: projectReaders,
    prepare: async () => ({ form: { text: 'The Tide-X project.', kind: 'text' } }),
  },
  ...(['', '/progress'] as const).map((suffix): Row => ({
    method: 'GET',
    route: `/p/:id/brand/check/jobs/:jobId${suffix}`,
    allow: projectReaders,
    prepare: async ({ who, client }) => ({ path: `${await brandJobOf(who, client)}${suffix}` }),
  })),
  {
    method: 'POST',
    route: '/p/:id/brand/check/attach',
    allow: projectReaders,
    // No checked file waits under this hash: reached, refused as no longer kept.
    reached: [422],
    prepare: async () => ({
      form: { activity: '00000000-0000-4000-8000-000000000000', sha256: 'a'.repeat(64), fileName: 'x.pdf' },
    }),
  },
  {
    method: 'POST',
    route: `${API}/brand/check`,
    allow: projectReaders,
    prepare: async () => ({ json: { text: 'The Tide-X project.', kind: 'text' } }),
  },
  // Events as iCalendar: members download; the feed is public to whoever holds the project's key.
  {
    method: 'GET',
    route: '/p/:id/records/events/export.ics',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/records/events/export.ics` }),
  },
  {
    method: 'GET',
    route: '/p/:id/events.ics',
    allow: 'public',
    prepare: async () => ({
      path: `/p/${PROJECT}/events.ics?key=${feedKey(feedSecret(matrixKeyFile), PROJECT)}`,
    }),
  },
  // The public site (src/site): anyone, signed in or not, on a project that opted in (M-Sec's plan does). The logo
  // is reached but 404: M-Sec's plan names its logo without a file.
  ...SITE_ROUTES.map(([route, path]): Row => ({
    method: 'GET',
    route,
    allow: 'public',
    ...(route.endsWith('/logo') || route.endsWith('/:file') ? { reached: [404] } : {}),
    prepare: async () => {
      await publicSite();
      return { path };
    },
  })),
  // The newsletter (src/newsletter): the public pages are anyone's (the form needs its signed token, the links their
  // token); the subscribers' page, evidence and erasure are the coordinators'.
  {
    method: 'GET',
    route: NEWS,
    allow: 'public',
    prepare: async () => (await publicSite(), { path: '/site/m-sec/en/newsletter' }),
  },
  {
    method: 'POST',
    route: NEWS,
    allow: 'public',
    prepare: async () => ({ path: '/site/m-sec/en/newsletter', form: await newsletterForm() }),
  },
  ...(['GET', 'POST'] as const).flatMap((method): Row[] => [
    {
      method,
      route: `${NEWS}/confirm/:token`,
      allow: 'public',
      prepare: async () => ({ path: (await freshSubscription()).confirm }),
    },
    {
      method,
      route: `${NEWS}/unsubscribe/:token`,
      allow: 'public',
      prepare: async () => ({ path: (await freshSubscription()).unsubscribe }),
    },
  ]),
  {
    method: 'GET',
    route: `${NEWS}/data/:token`,
    allow: 'public',
    prepare: async () => ({
      path: (await freshSubscription()).unsubscribe.replace('/unsubscribe/', '/data/'),
    }),
  },
  {
    method: 'POST',
    route: `${NEWS}/erase/:token`,
    allow: 'public',
    prepare: async () => ({
      path: (await freshSubscription()).unsubscribe.replace('/unsubscribe/', '/erase/'),
    }),
  },
  {
    method: 'GET',
    route: `${NEWS}/archive`,
    allow: 'public',
    prepare: async () => (await publicSite(), { path: '/site/m-sec/en/newsletter/archive' }),
  },
  {
    method: 'GET',
    route: `${NEWS}/archive/:issueId`,
    allow: 'public',
    prepare: async () => (
      await publicSite(),
      { path: `/site/m-sec/ja/newsletter/archive/${await sentIssue()}` }
    ),
  },
  { method: 'GET', route: '/p/:id/newsletter/subscribers', allow: coordinators },
  {
    method: 'GET',
    route: '/p/:id/newsletter/subscribers/:subscriberId/evidence.json',
    allow: coordinators,
    prepare: async () => ({
      path: `/p/${PROJECT}/newsletter/subscribers/${await freshSubscriber()}/evidence.json`,
    }),
  },
  {
    method: 'POST',
    route: '/p/:id/newsletter/subscribers/:subscriberId/erase',
    allow: coordinators,
    prepare: async () => ({ path: `/p/${PROJECT}/newsletter/subscribers/${await freshSubscriber()}/erase` }),
  },
  // Newsletter issues (src/newsletter/issue-routes.tsx): the coordinators'.
  { method: 'GET', route: '/p/:id/newsletter/issues', allow: coordinators },
  { method: 'GET', route: '/p/:id/newsletter/issues/new', allow: coordinators },
  {
    method: 'POST',
    route: '/p/:id/newsletter/issues',
    allow: coordinators,
    prepare: async () => ({ form: ISSUE_FORM }),
  },
  ...(['', '/progress', '/preview/en'] as const).map((suffix): Row => ({
    method: 'GET',
    route: `/p/:id/newsletter/issues/:issueId${suffix.replace(/\/(en|ja)$/, '/:lang')}`,
    allow: coordinators,
    prepare: async () => ({ path: `/p/${PROJECT}/newsletter/issues/${await freshIssue()}${suffix}` }),
  })),
  ...(['', '/test/en', '/send'] as const).map((suffix): Row => ({
    method: 'POST',
    route: `/p/:id/newsletter/issues/:issueId${suffix.replace('/en', '/:lang')}`,
    allow: coordinators,
    prepare: async () => ({
      path: `/p/${PROJECT}/newsletter/issues/${await freshIssue()}${suffix}`,
      ...(suffix === '' ? { form: ISSUE_FORM } : {}),
    }),
  })),
  ...SITE_MISSING.map(([route, path]): Row => ({
    method: 'GET',
    route,
    allow: 'public',
    reached: [404],
    prepare: async () => {
      await publicSite();
      return { path };
    },
  })),
  // News in the app (src/site/news): members read; coordinators and partner editors write (a partner's post is a
  // proposal); coordinators change others' posts and decide.
  { method: 'GET', route: '/p/:id/news', allow: projectReaders },
  { method: 'GET', route: '/p/:id/news/new', allow: importers },
  { method: 'POST', route: '/p/:id/news', allow: importers, prepare: async () => ({ form: newsForm() }) },
  {
    method: 'GET',
    route: '/p/:id/news/:postId',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/news/${(await freshNews()).id}` }),
  },
  {
    method: 'POST',
    route: '/p/:id/news/:postId',
    allow: coordinators,
    prepare: async () => {
      const post = await freshNews();
      return {
        path: `/p/${PROJECT}/news/${post.id}`,
        form: { ...newsForm(), slug: post.slug, version: '1' },
      };
    },
  },
  {
    method: 'GET',
    route: '/p/:id/news/:postId/preview/:lang',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/news/${(await freshNews()).id}/preview/ja` }),
  },
  {
    method: 'GET',
    route: '/p/:id/news/:postId/image',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/news/${(await freshNews({ image: true })).id}/image` }),
  },
  ...(['publish', 'withdraw', 'reject'] as const).map((decision): Row => ({
    method: 'POST',
    route: `/p/:id/news/:postId/${decision}`,
    allow: coordinators,
    prepare: async () => {
      const post = await freshNews({
        state: decision === 'withdraw' ? 'published' : decision === 'reject' ? 'proposed' : 'draft',
      });
      return {
        path: `/p/${PROJECT}/news/${post.id}/${decision}`,
        form: { version: String(post.version), reason: 'matrix' },
      };
    },
  })),
  // The social-media calendar (src/social): members read; coordinators and partner editors draft; the coordinators and
  // the editors of the channel's responsible partner (A runs the X account) change, plan, cancel and mark posted.
  { method: 'GET', route: '/p/:id/social', allow: projectReaders },
  { method: 'GET', route: '/p/:id/social/new', allow: importers },
  { method: 'POST', route: '/p/:id/social', allow: importers, prepare: async () => ({ form: SOCIAL_FORM }) },
  {
    method: 'POST',
    route: '/p/:id/social/count',
    allow: projectReaders,
    prepare: async () => ({ form: { channel: 'x', text: 'Matrix' } }),
  },
  { method: 'GET', route: '/p/:id/social/export.ics', allow: projectReaders },
  { method: 'GET', route: '/p/:id/social/export.csv', allow: projectReaders },
  // Branded templates and the communication kit (src/brand/templates): every member reads.
  { method: 'GET', route: '/p/:id/brand/templates', allow: projectReaders },
  {
    method: 'GET',
    route: '/p/:id/brand/templates/:file',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/brand/templates/agenda.docx` }),
  },
  { method: 'GET', route: '/p/:id/brand/kit.zip', allow: projectReaders },
  { method: 'GET', route: '/api/v1/projects/:id/social/posts', allow: projectReaders },
  {
    method: 'GET',
    route: '/p/:id/social/:postId',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/social/${await freshSocial()}` }),
  },
  {
    method: 'GET',
    route: '/p/:id/social/:postId/image',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/social/${await freshSocial({ image: true })}/image` }),
  },
  ...(['', '/plan', '/cancel', '/posted'] as const).map((suffix): Row => ({
    method: 'POST',
    route: `/p/:id/social/:postId${suffix}`,
    allow: ['admin', 'coordinator', 'editorA'],
    prepare: async () => ({
      path: `/p/${PROJECT}/social/${await freshSocial()}${suffix}`,
      form: {
        version: '1',
        ...(suffix === '' ? SOCIAL_FORM : {}),
        ...(suffix === '/posted'
          ? { url: 'https://x.com/TideX/status/1', posted_at: '2024-03-05T08:00' }
          : {}),
      },
    }),
  })),
  // The OAI-PMH endpoint: public (harvesters sign in nowhere), once the plan turns it on; POST needs no CSRF token.
  ...(['GET', 'POST'] as const).map((method): Row => ({
    method,
    route: '/p/:id/oai',
    allow: 'public',
    prepare: async () => {
      await enableOai();
      return method === 'GET' ? { path: `/p/${PROJECT}/oai?verb=Identify` } : { form: { verb: 'Identify' } };
    },
  })),
  // Publications as citation files (BibTeX, RIS, CSL-JSON): every member reads them.
  ...(['bib', 'ris', 'csl.json'] as const).map((ext): Row => ({
    method: 'GET',
    route: `/p/:id/records/publications/export.${ext}`,
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/records/publications/export.${ext}?partner=${PARTNER_A}` }),
  })),
  // The KPI API (src/kpi/api.ts): whoever reads the dashboard.
  { method: 'GET', route: `${API}/kpis`, allow: projectReaders },
  {
    method: 'GET',
    route: `${API}/kpis/:kpiId`,
    allow: projectReaders,
    prepare: async () => ({ path: `/api/v1/projects/${PROJECT}/kpis/papers` }),
  },
  {
    method: 'GET',
    route: `${API}/kpis/:kpiId/records`,
    allow: projectReaders,
    prepare: async () => ({ path: `/api/v1/projects/${PROJECT}/kpis/papers/records` }),
  },
  // Add publications by DOI (src/sources/doi): the importers; a line that is not a DOI is refused before any lookup.
  {
    method: 'POST',
    route: `${API}/publications/doi`,
    allow: importers,
    reached: [422],
    prepare: async () => ({ json: { dois: ['not a doi'] } }),
  },
  // The imports API (src/importers/api.ts): the import pages' importers; uploads are the sender's.
  {
    method: 'POST',
    route: `${API}/imports`,
    allow: importers,
    prepare: async () => {
      const form = new FormData();
      form.set('type', 'publication');
      form.set('partner', PARTNER_A);
      form.set('file', new File([`@article{api${++n}, title = {API ${n}}, year = {2024}}`], 'p.bib'));
      return { multipart: form };
    },
  },
  {
    method: 'GET',
    route: `${API}/imports/:uploadId`,
    allow: importers,
    prepare: async ({ client }) => ({ path: apiUpload(await freshUpload(client)) }),
  },
  {
    method: 'POST',
    route: `${API}/imports/:uploadId/commit`,
    allow: importers,
    prepare: async ({ client }) => ({ path: `${apiUpload(await freshUpload(client))}/commit`, json: {} }),
  },
  {
    method: 'GET',
    route: `${API}/imports/:uploadId/job`,
    allow: importers,
    prepare: async ({ client }) => {
      const path = apiUpload(await freshUpload(client));
      await client.json('POST', `${path}/commit`, {});
      return { path: `${path}/job` };
    },
  },
  {
    method: 'DELETE',
    route: `${API}/imports/:uploadId`,
    allow: importers,
    prepare: async ({ client }) => ({ path: apiUpload(await freshUpload(client)) }),
  },
  // The reports API (src/reports/api.ts): members read; drafts by who may generate; submission by coordinators.
  { method: 'GET', route: `${API}/reports`, allow: projectReaders },
  {
    method: 'POST',
    route: `${API}/reports`,
    allow: importers,
    prepare: async () => ({ json: { year: 1, lang: 'en', format: 'html' } }),
  },
  {
    method: 'GET',
    route: `${API}/reports/jobs/:jobId`,
    allow: projectReaders,
    prepare: async () => ({ path: `/api/v1/projects/${PROJECT}/reports/jobs/${await freshReportJob()}` }),
  },
  { method: 'GET', route: `${API}/reports/preflight`, allow: projectReaders },
  {
    method: 'POST',
    route: `${API}/reports/submissions`,
    allow: coordinators,
    // Reached: the confirmation is missing (422) after the permission check; nothing is submitted.
    reached: [422],
    prepare: async () => ({ json: { year: 1, lang: 'en' } }),
  },
  {
    method: 'GET',
    route: `${API}/reports/:reportId`,
    allow: projectReaders,
    prepare: async () => ({ path: `/api/v1/projects/${PROJECT}/reports/${await aStoredReport()}` }),
  },
  {
    method: 'GET',
    route: `${API}/reports/:reportId/files/:format`,
    allow: projectReaders,
    prepare: async () => ({
      path: `/api/v1/projects/${PROJECT}/reports/${await aStoredReport()}/files/html`,
    }),
  },
  {
    method: 'GET',
    route: `${API}/reports/:reportId/manifest`,
    allow: projectReaders,
    prepare: async () => ({
      path: `/api/v1/projects/${PROJECT}/reports/${await aSubmittedReport()}/manifest`,
    }),
  },
  // Instance administration.
  { method: 'GET', route: '/admin/outbox', allow: ['admin'] },
  { method: 'GET', route: '/admin/jobs', allow: ['admin'] },
  {
    method: 'POST',
    route: '/admin/jobs/:job/retry',
    allow: ['admin'],
    // A failed job of its own per request: retrying it is the admin's act.
    prepare: async () => {
      const at = new Date('2026-03-01T00:00:00Z');
      const [job] = await t.db
        .insert(jobs)
        .values({
          kind: 'audit.sign-heads',
          payload: {},
          state: 'failed',
          runAt: at,
          attempts: 5,
          lastError: 'failed in the matrix test',
          createdBy: 'test',
          createdAt: at,
        })
        .returning({ id: jobs.id });
      return { path: `/admin/jobs/${job?.id}/retry`, form: {} };
    },
  },
  // Portfolios (src/portfolio): every signed-in person has a portfolio page; admins manage portfolios.
  { method: 'GET', route: '/portfolio', allow: 'signedIn' },
  { method: 'GET', route: '/admin/portfolios', allow: ['admin'] },
  {
    method: 'POST',
    route: '/admin/portfolios',
    allow: ['admin'],
    prepare: async () => ({ form: { name: unique('Matrix portfolio'), kind: 'agency' } }),
  },
  {
    method: 'GET',
    route: '/admin/portfolios/:portfolio',
    allow: ['admin'],
    prepare: async () => ({ path: `/admin/portfolios/${await freshPortfolio()}` }),
  },
  {
    method: 'POST',
    route: '/admin/portfolios/:portfolio/projects',
    allow: ['admin'],
    prepare: async () => ({
      path: `/admin/portfolios/${await freshPortfolio()}/projects`,
      form: { project: PROJECT },
    }),
  },
  {
    method: 'POST',
    route: '/admin/portfolios/:portfolio/projects/:projectId/remove',
    allow: ['admin'],
    prepare: async () => ({
      path: `/admin/portfolios/${await freshPortfolio({ project: true })}/projects/${PROJECT}/remove`,
      form: {},
    }),
  },
  {
    method: 'POST',
    route: '/admin/portfolios/:portfolio/members',
    allow: ['admin'],
    prepare: async () => {
      const user = await makeUser(t.db);
      return {
        path: `/admin/portfolios/${await freshPortfolio()}/members`,
        form: { email: user.email, role: 'viewer' },
      };
    },
  },
  {
    method: 'POST',
    route: '/admin/portfolios/:portfolio/members/:userId/revoke',
    allow: ['admin'],
    prepare: async () => {
      const user = await makeUser(t.db);
      const id = await freshPortfolio();
      await grantRole(t.db, { actor: system, portfolioId: id, input: { email: user.email, role: 'viewer' } });
      return { path: `/admin/portfolios/${id}/members/${user.id}/revoke`, form: {} };
    },
  },
  // Records (src/records): members read; a partner's records are written by its editors and coordinators.
  { method: 'GET', route: '/api/openapi.json', allow: 'public' },
  {
    method: 'GET',
    route: `${API}/${KIND_SEGMENT}`,
    allow: projectReaders,
    prepare: async () => ({ path: `/api/v1/projects/${PROJECT}/events` }),
  },
  {
    method: 'POST',
    route: `${API}/${KIND_SEGMENT}`,
    allow: writersA,
    prepare: async () => ({
      path: `/api/v1/projects/${PROJECT}/events`,
      json: recordInput('event', { lead_partner: PARTNER_A }),
    }),
  },
  {
    method: 'GET',
    route: `${API}/${KIND_SEGMENT}/:recordId`,
    allow: projectReaders,
    prepare: onRecord('', { api: true }),
  },
  {
    method: 'PATCH',
    route: `${API}/${KIND_SEGMENT}/:recordId`,
    allow: writersA,
    prepare: async () => ({ ...(await onRecord('', { api: true })()), json: { city: 'Braga', version: 1 } }),
  },
  {
    method: 'DELETE',
    route: `${API}/${KIND_SEGMENT}/:recordId`,
    allow: writersA,
    prepare: onRecord('', { api: true }),
  },
  {
    method: 'POST',
    route: `${API}/${KIND_SEGMENT}/:recordId/restore`,
    allow: coordinators,
    prepare: onRecord('/restore', { api: true, deleted: true }),
  },
  {
    method: 'GET',
    route: `${API}/${KIND_SEGMENT}/:recordId/files`,
    allow: projectReaders,
    prepare: onRecord('/files', { api: true }),
  },
  {
    method: 'POST',
    route: `${API}/${KIND_SEGMENT}/:recordId/files`,
    allow: writersA,
    // Reached: a form without a file is a bad request (400); the permission is checked before the body is read.
    reached: [400],
    prepare: onRecord('/files', { api: true }),
  },
  { method: 'GET', route: `${API}/files/:fileId`, allow: projectReaders, prepare: onFile(true) },
  { method: 'DELETE', route: `${API}/files/:fileId`, allow: writersA, prepare: onFile(true) },
  { method: 'GET', route: `${API}/deliverables`, allow: projectReaders },
  {
    method: 'PUT',
    route: `${API}/deliverables/:code`,
    allow: coordinators,
    prepare: async () => ({
      path: `/api/v1/projects/${PROJECT}/deliverables/D1.1`,
      json: { status: 'Draft' },
    }),
  },
  { method: 'GET', route: '/p/:id/records', allow: projectReaders },
  { method: 'GET', route: '/p/:id/records/deliverables', allow: projectReaders },
  {
    method: 'POST',
    route: '/p/:id/records/deliverables/:code',
    allow: coordinators,
    prepare: async () => ({ path: `/p/${PROJECT}/records/deliverables/D1.1`, form: { status: 'Draft' } }),
  },
  // OpenAIRE's suggested outputs (src/sources/openaire): coordinators (sources.manage) read and decide them.
  { method: 'GET', route: '/p/:id/sources/suggestions', allow: coordinators },
  {
    method: 'POST',
    route: '/p/:id/sources/suggestions/check',
    allow: coordinators,
    prepare: async () => (await openaireOff(), {}),
  },
  {
    method: 'POST',
    route: '/p/:id/sources/suggestions/:sid/accept',
    allow: coordinators,
    prepare: async () => ({
      path: `/p/${PROJECT}/sources/suggestions/${await freshSuggestion()}/accept`,
      form: { lead_partner: PARTNER_A },
    }),
  },
  {
    method: 'POST',
    route: '/p/:id/sources/suggestions/:sid/reject',
    allow: coordinators,
    prepare: async () => ({
      path: `/p/${PROJECT}/sources/suggestions/${await freshSuggestion()}/reject`,
      form: { reason: 'matrix' },
    }),
  },
  {
    method: 'POST',
    route: '/p/:id/sources/suggestions/:sid/reopen',
    allow: coordinators,
    prepare: async () => ({ path: `/p/${PROJECT}/sources/suggestions/${await freshRejected()}/reopen` }),
  },
  { method: 'GET', route: '/api/v1/projects/:id/suggestions', allow: coordinators },
  {
    method: 'POST',
    route: '/api/v1/projects/:id/suggestions/:sid/accept',
    allow: coordinators,
    prepare: async () => ({
      path: `/api/v1/projects/${PROJECT}/suggestions/${await freshSuggestion()}/accept`,
      json: { lead_partner: PARTNER_A },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/projects/:id/suggestions/:sid/reject',
    allow: coordinators,
    prepare: async () => ({
      path: `/api/v1/projects/${PROJECT}/suggestions/${await freshSuggestion()}/reject`,
      json: { reason: 'matrix' },
    }),
  },
  // Inconsistency alerts (src/records/consistency-routes.tsx): coordinators read and dismiss them.
  { method: 'GET', route: '/p/:id/alerts', allow: coordinators },
  {
    method: 'POST',
    route: '/p/:id/alerts/:fingerprint/dismiss',
    allow: coordinators,
    prepare: async () => ({
      path: `/p/${PROJECT}/alerts/${await freshAlert()}/dismiss`,
      form: { reason: 'matrix' },
    }),
  },
  // Live sources (src/sources/page-routes.tsx): coordinators configure and run them. The run asks a source that is
  // not configured (409; 404 while its adapter is not built): no request leaves the test.
  { method: 'GET', route: '/p/:id/sources', allow: coordinators },
  {
    method: 'POST',
    route: '/p/:id/sources/:source',
    allow: coordinators,
    reached: [409, 422],
    prepare: async () => ({ path: `/p/${PROJECT}/sources/openaire`, form: {} }),
  },
  {
    method: 'POST',
    route: '/p/:id/sources/:source/enabled',
    allow: coordinators,
    reached: [404, 409],
    prepare: async () => ({
      path: `/p/${PROJECT}/sources/openaire/enabled`,
      form: { enabled: '1', version: '0' },
    }),
  },
  {
    method: 'POST',
    route: '/p/:id/sources/:source/delete',
    allow: coordinators,
    reached: [404, 409],
    prepare: async () => ({ path: `/p/${PROJECT}/sources/openaire/delete`, form: { version: '0' } }),
  },
  {
    method: 'POST',
    route: '/p/:id/sources/:source/run',
    allow: coordinators,
    reached: [404, 409],
    prepare: async () => ({ path: `/p/${PROJECT}/sources/zenodo/run`, form: {} }),
  },
  {
    method: 'GET',
    route: REC,
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/records/events` }),
  },
  {
    method: 'GET',
    route: `${REC}/new`,
    allow: ['admin', 'coordinator', 'editorA', 'editorB'],
    prepare: async () => ({ path: `/p/${PROJECT}/records/events/new` }),
  },
  {
    method: 'POST',
    route: REC,
    allow: writersA,
    prepare: async () => ({ path: `/p/${PROJECT}/records/events`, form: eventForm() }),
  },
  { method: 'GET', route: `${REC}/:recordId`, allow: projectReaders, prepare: onRecord() },
  { method: 'GET', route: `${REC}/:recordId/edit`, allow: writersA, prepare: onRecord('/edit') },
  {
    method: 'POST',
    route: `${REC}/:recordId`,
    allow: writersA,
    prepare: async () => ({ ...(await onRecord()()), form: { ...eventForm(), version: '1' } }),
  },
  { method: 'GET', route: `${REC}/:recordId/delete`, allow: writersA, prepare: onRecord('/delete') },
  { method: 'POST', route: `${REC}/:recordId/delete`, allow: writersA, prepare: onRecord('/delete') },
  {
    method: 'POST',
    route: `${REC}/:recordId/restore`,
    allow: coordinators,
    prepare: onRecord('/restore', { deleted: true }),
  },
  {
    method: 'POST',
    route: `${REC}/:recordId/files`,
    allow: writersA,
    reached: [400],
    prepare: onRecord('/files'),
  },
  { method: 'GET', route: '/p/:id/files/:fileId', allow: projectReaders, prepare: onFile(false) },
  { method: 'GET', route: '/p/:id/site/deliverables', allow: coordinators },
  // Reached: a form without a file is a bad request (400), shown on the page; the permission is checked first.
  { method: 'POST', route: '/p/:id/site/deliverables/files', allow: coordinators, reached: [400] },
  ...(['publish', 'unpublish'] as const).map((action): Row => ({
    method: 'POST',
    route: `/p/:id/site/deliverables/:fileId/${action}`,
    allow: coordinators,
    prepare: async () => ({
      path: `/p/${PROJECT}/site/deliverables/${await freshDeliverableFile()}/${action}`,
    }),
  })),
  {
    method: 'POST',
    route: '/p/:id/files/:fileId/delete',
    allow: writersA,
    prepare: onFile(false, '/delete'),
  },
  // Reports (src/reports): the pre-flight and what the coordinator keeps (members read, coordinators write).
  ...['preflight', 'inputs', 'deviations', 'recommendations'].map((page): Row => ({
    method: 'GET',
    route: `/p/:id/reports/${page}`,
    allow: projectReaders,
    prepare: async () => ({
      path: `/p/${PROJECT}/reports/${page}${page === 'preflight' || page === 'inputs' ? '?year=1' : ''}`,
    }),
  })),
  // The Portal tables (src/reports/portal): the page and its downloads, for every member.
  ...['', '.csv', '.xlsx'].map((ext): Row => ({
    method: 'GET',
    route: `/p/:id/reports/portal${ext}`,
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/reports/portal${ext}?tab=publications&since=report` }),
  })),
  {
    method: 'POST',
    route: '/p/:id/reports/inputs',
    allow: coordinators,
    prepare: async () => {
      const [row] = await t.db
        .select({ version: reportTexts.version })
        .from(reportTexts)
        .where(and(eq(reportTexts.projectId, PROJECT), eq(reportTexts.key, 'summary')));
      return {
        form: {
          scope: 'year:1',
          key: 'summary',
          lang: 'en',
          body: unique('s'),
          version: String(row?.version ?? 0),
        },
      };
    },
  },
  {
    method: 'POST',
    route: '/p/:id/reports/deviations',
    allow: coordinators,
    prepare: async () => ({ form: deviationForm() }),
  },
  {
    method: 'GET',
    route: '/p/:id/reports/deviations/:itemId/edit',
    allow: projectReaders,
    prepare: async () => ({ path: `/p/${PROJECT}/reports/deviations/${await freshDeviation()}/edit` }),
  },
  {
    method: 'POST',
    route: '/p/:id/reports/deviations/:itemId',
    allow: coordinators,
    prepare: async () => ({
      path: `/p/${PROJECT}/reports/deviations/${await freshDeviation()}`,
      form: { ...deviationForm(), version: '1' },
    }),
  },
  {
    method: 'POST',
    route: '/p/:id/reports/deviations/:itemId/delete',
    allow: coordinators,
    prepare: async () => ({
      path: `/p/${PROJECT}/reports/deviations/${await freshDeviation()}/delete`,
      form: { version: '1' },
    }),
  },
  {
    method: 'POST',
    route: '/p/:id/reports/recommendations',
    allow: coordinators,
    prepare: async () => ({ form: { review: 'M18', text: unique('r'), kpis: 'papers' } }),
  },
  {
    method: 'GET',
    route: '/p/:id/reports/recommendations/:itemId/edit',
    allow: projectReaders,
    prepare: async () => ({
      path: `/p/${PROJECT}/reports/recommendations/${await freshRecommendation()}/edit`,
    }),
  },
  {
    method: 'POST',
    route: '/p/:id/reports/recommendations/:itemId',
    allow: coordinators,
    prepare: async () => ({
      path: `/p/${PROJECT}/reports/recommendations/${await freshRecommendation()}`,
      form: { review: 'M18', text: unique('r'), status: 'addressed', version: '1' },
    }),
  },
  {
    method: 'POST',
    route: '/p/:id/reports/recommendations/:itemId/delete',
    allow: coordinators,
    prepare: async () => ({
      path: `/p/${PROJECT}/reports/recommendations/${await freshRecommendation()}/delete`,
      form: { version: '1' },
    }),
  },
];

const allowed = (row: Row, who: Who): boolean =>
  row.allow === 'public' ? true : row.allow === 'signedIn' ? who !== 'anonymous' : row.allow.includes(who);

const membership: Record<Exclude<Who, 'anonymous' | 'admin'>, { role: Role; partnerCode?: string }> = {
  coordinator: { role: 'coordinator' },
  editorA: { role: 'editor', partnerCode: PARTNER_A },
  editorB: { role: 'editor', partnerCode: PARTNER_B },
  viewer: { role: 'viewer' },
};

async function userFor(who: Who): Promise<{ id: string; email: string } | null> {
  if (who === 'anonymous') return null;
  if (who === 'admin') return makeUser(t.db, { isAdmin: true });
  return makeUser(t.db, membership[who]);
}

beforeAll(async () => {
  t = await createAuthTestApp({ filesDir, keyFile: matrixKeyFile });
  await importSocialPlan(t.db);
  for (const who of ROLES) {
    const u = await userFor(who);
    clients.set(who, u ? await TestClient.signedIn(t, u.id) : new TestClient(t.app));
  }
});
afterAll(async () => {
  await t?.close();
});

type Outcome = 'allowed' | 'denied';

function outcomeOf(row: Row, who: Who, res: Response): Outcome | `unexpected ${number}` {
  const location = res.headers.get('location') ?? '';
  if (
    who === 'anonymous' &&
    (res.status === 302 || res.status === 303) &&
    /^\/login(\?next=|$)/.test(location)
  )
    return 'denied';
  if (res.status === 401 && row.route.startsWith('/api/')) return 'denied';
  if (res.status === 403) return 'denied';
  if (res.status < 400 || row.reached?.includes(res.status)) return 'allowed';
  return `unexpected ${res.status}`;
}

describe('route × role matrix', () => {
  it('has a row for every registered route', () => {
    const registered = t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
    const rows = ROWS.map((r) => `${r.method} ${r.route}`);
    expect(
      registered.filter((r) => !rows.includes(r)),
      'routes without a matrix row',
    ).toEqual([]);
    expect(
      rows.filter((r) => !registered.includes(r)),
      'rows without a route',
    ).toEqual([]);
  });

  it.each(ROWS.map((row) => [`${row.method} ${row.route}`, row] as const))('%s', async (_name, row) => {
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const who of ROLES) {
      let client = clients.get(who) as TestClient;
      let email: string | null = null;
      if (row.fresh && who !== 'anonymous') {
        const u = (await userFor(who)) as { id: string; email: string };
        client = await TestClient.signedIn(t, u.id);
        email = u.email;
      } else if (row.fresh) {
        client = new TestClient(t.app);
      }
      const prepared = row.prepare ? await row.prepare({ who, client, userEmail: email }) : {};
      const path = prepared.path ?? row.route.replace(':id', PROJECT);
      const res =
        prepared.multipart !== undefined
          ? await t.app.request(path, {
              method: row.method,
              body: prepared.multipart,
              headers: {
                cookie: client.cookieHeader,
                'x-csrf-token': await client.csrfToken(),
                'x-forwarded-for': client.ip,
              },
            })
          : row.method === 'GET'
            ? await client.get(path)
            : row.method === 'POST' && prepared.json === undefined
              ? await client.post(path, prepared.form ?? {})
              : await client.json(row.method, path, prepared.json);
      got[who] = outcomeOf(row, who, res);
      want[who] = allowed(row, who) ? 'allowed' : 'denied';
    }
    expect(got).toEqual(want);
  });
});
