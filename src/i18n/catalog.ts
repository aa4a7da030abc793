/**
 * The UI catalogs: one `messages.ts` per domain, each with `en` and a `ja` typed against the English keys, so a
 * missing Japanese string fails `npm run typecheck`. Add a domain's catalog here when it has UI strings.
 */
import * as audit from '../audit/messages';
import * as auth from '../auth/messages';
import * as backup from '../backup/messages';
import * as brand from '../brand/messages';
import * as brandTemplates from '../brand/templates/messages';
import * as brandPage from '../brand/page-messages';
import * as importers from '../importers/messages';
import * as kpi from '../kpi/messages';
import * as kpiDigest from '../kpi/digest-messages';
import * as jobs from '../jobs/messages';
import * as mail from '../mail/messages';
import * as plan from '../plan/messages';
import * as portfolio from '../portfolio/messages';
import * as projects from '../projects/messages';
import * as planEdit from '../projects/edit-messages';
import * as projectInit from '../projects/init-messages';
import * as planEditSections from '../projects/edit-sections-messages';
import * as records from '../records/messages';
import * as reminders from '../reminders/messages';
import * as reports from '../reports/messages';
import * as reportInputs from '../reports/inputs-messages';
import * as preflight from '../reports/preflight-messages';
import * as signoff from '../signoff/messages';
import * as reportSubmit from '../reports/submit-messages';
import * as portal from '../reports/portal/messages';
import * as dates from '../records/date-messages';
import * as ical from '../records/ical-messages';
import * as consistency from '../records/consistency-messages';
import * as sources from '../sources/messages';
import * as sourceMetrics from '../sources/metrics/messages';
import * as sourcesDoi from '../sources/doi/messages';
import * as openaireSuggestions from '../sources/openaire/messages';
import * as sourcesPage from '../sources/page-messages';
import * as newsletter from '../newsletter/messages';
import * as newsletterIssues from '../newsletter/issue-messages';
import * as site from '../site/messages';
import * as siteDownloads from '../site/downloads/messages';
import * as siteNews from '../site/news/messages';
import * as social from '../social/messages';
import * as oai from '../oai/messages';
import * as exportJobs from '../records/export-messages';
import * as web from '../web/messages';
import * as validation from './validation-messages';

const domains = [
  web,
  validation,
  projects,
  planEdit,
  projectInit,
  planEditSections,
  auth,
  audit,
  mail,
  jobs,
  kpi,
  kpiDigest,
  importers,
  records,
  dates,
  ical,
  consistency,
  sources,
  sourceMetrics,
  sourcesDoi,
  sourcesPage,
  oai,
  exportJobs,
  plan,
  portfolio,
  reminders,
  reports,
  reportInputs,
  preflight,
  signoff,
  reportSubmit,
  portal,
  backup,
  brand,
  brandPage,
  site,
  newsletter,
  newsletterIssues,
  siteDownloads,
  siteNews,
  social,
  brandTemplates,
  openaireSuggestions,
] as const;

type Domain = (typeof domains)[number];
type KeysOf<D> = D extends { en: infer E } ? keyof E : never;
export type MessageKey = KeysOf<Domain> & string;

const merge = (lang: 'en' | 'ja'): Record<MessageKey, string> =>
  Object.assign({}, ...domains.map((d) => d[lang])) as Record<MessageKey, string>;

export const en = merge('en');
export const ja = merge('ja');
