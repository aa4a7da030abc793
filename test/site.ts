/**
 * The public site's test setting: the M-Sec plan (public, English and Japanese), a public plan with English-only
 * prose (Wave-Y: the Japanese fallback), a plan that has not opted in (Tide-X), records of each kind the site shows,
 * and the app on a fixed clock (2019-06-01) with M-Sec mapped to its own host name.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { systemActor } from '../src/auth/permissions';
import type { Database } from '../src/db/client';
import { fixedClock } from '../src/lib/clock';
import { createLogger } from '../src/log';
import { importPlan, importPlanFile } from '../src/projects/service';
import { createRecord, deleteRecord } from '../src/records/service';
import { parseSiteHosts } from '../src/site/hosts';
import { createApp } from '../src/web/app';
import type { AppDeps, AppEnv } from '../src/web/env';
import { M_SEC_PLAN } from './app';
import { createTestDatabase } from './db';
import { makePlan } from './factories/plan';
import { eventInput, publicationInput } from './factories/records';

export const SITE_HOST = 'www.msecproject.eu';
export const SITE_HOSTS = `m-sec=https://${SITE_HOST}`;
export const TODAY = '2019-06-01';

export interface SiteTestApp {
  database: Database;
  /** Base URL http://herald.test, M-Sec mapped to https://www.msecproject.eu. */
  app: Hono<AppEnv>;
  /** The same database with no host mapped. */
  plainApp: Hono<AppEnv>;
  ids: Record<string, string>;
  close(): Promise<void>;
}

const system = systemActor('site-test');

/** A public plan whose prose has no Japanese (Wave-Y), and the private Tide-X. */
export function waveYPlan() {
  return makePlan({
    project: {
      acronym: 'Wave-Y',
      title: 'Wave energy for islands',
      programme: 'HORIZON_EUROPE',
      grants: [{ funder: 'European Commission', programme: 'HORIZON_EUROPE', number: '101000002' }],
      start_date: '2024-01-01',
      duration_months: 24,
      languages: ['en', 'ja'],
      description: { short: 'Wave-Y brings wave power to island grids.' },
    },
    website: { url: 'https://wave-y.example.eu/', languages: ['en', 'ja'], public: true, features: [] },
  });
}

export async function createSiteTestApp(deps: Partial<AppDeps> = {}): Promise<SiteTestApp> {
  const database = await createTestDatabase();
  const db = database.db;
  await importPlanFile(db, { file: M_SEC_PLAN, actor: 'test' });
  for (const plan of [waveYPlan(), makePlan()])
    await importPlan(db, {
      plan,
      sourceText: JSON.stringify(plan),
      sourceName: `${plan.project.acronym}.yaml`,
      actor: 'test',
    });
  const ids: Record<string, string> = {};
  const add = async (key: string, kind: 'event' | 'publication', input: Record<string, unknown>) => {
    const r = await createRecord(db, { actor: system, projectId: 'm-sec', kind, input });
    ids[key] = r.id;
  };
  const event = (o: Parameters<typeof eventInput>[0]) =>
    eventInput({ lead_partner: 'WLI', partners: ['ICCS'], ...o });
  await add('past', 'event', {
    ...event({
      name: 'Smart City Expo 2018',
      start_date: '2018-11-13',
      end_date: '2018-11-15',
      status: 'attended',
    }),
    description: 'INTERNAL: travel budget 4,000 EUR',
  });
  await add(
    'upcoming',
    'event',
    event({ name: 'IoT Week 2019', start_date: '2019-06-17', end_date: '2019-06-20', status: 'planned' }),
  );
  await add(
    'cancelled',
    'event',
    event({ name: 'Cancelled summit', start_date: '2019-03-01', end_date: undefined, status: 'cancelled' }),
  );
  await add(
    'deleted',
    'event',
    event({ name: 'Withdrawn meetup', start_date: '2019-02-01', end_date: undefined }),
  );
  await deleteRecord(db, { actor: system, projectId: 'm-sec', kind: 'event', id: ids.deleted as string });
  const publication = (o: Parameters<typeof publicationInput>[0]) =>
    publicationInput({
      lead_partner: 'WLI',
      authors: [{ name: 'Silva, Ana', partner: 'WLI' }, { name: 'Tanaka, Kenji' }],
      ...o,
    });
  await add(
    'gold',
    'publication',
    publication({
      title: 'Blockchain for smart-city data markets',
      year: 2019,
      date: '2019-03-01',
      doi: '10.1000/msec.1',
      open_access: 'gold',
    }),
  );
  await add(
    'green',
    'publication',
    publication({
      title: 'Securing IoT gateways',
      year: 2018,
      date: '2018-12-01',
      doi: '10.1000/msec.2',
      open_access: 'green',
      repository_url: 'https://zenodo.org/record/123',
      venue: 'IEEE IoT Journal',
    }),
  );
  const keyFile = join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem');
  const common = { database, log: createLogger('silent'), keyFile, clock: fixedClock(`${TODAY}T09:00:00Z`) };
  const app = createApp({
    ...common,
    baseUrl: 'http://herald.test',
    siteHosts: parseSiteHosts(SITE_HOSTS),
    ...deps,
  });
  const plainApp = createApp({ ...common, baseUrl: 'http://herald.test' });
  return { database, app, plainApp, ids, close: () => database.close() };
}
