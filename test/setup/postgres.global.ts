/** Starts a throwaway PostgreSQL cluster for the run and migrates a template database that each test file clones. */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { fromPostgresUrl } from '../../src/db/postgres';
import { startCluster, type Cluster } from '../../scripts/pg-cluster';

/** On globalThis: the PGlite setup (run first) may start it, so initdb overlaps the PGlite template's migration. */
const holder = globalThis as typeof globalThis & {
  heraldPgTemplate?: Promise<Cluster>;
  /** Set while the postgres project holds the cluster: a later project's early start would make a second one. */
  heraldPgClaimed?: boolean;
};

/**
 * Migrates the template, again on a lost connection: the PGlite template is made in this process at the same time,
 * and its WebAssembly holds the event loop long enough, on a loaded machine, for the 5 s connect timeout to pass.
 * drizzle's migrator skips what was applied, so a new attempt finishes the work.
 */
async function migrateTemplate(url: string, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const template = fromPostgresUrl(url, { max: 1 });
    try {
      await template.migrate();
      return;
    } catch (e) {
      if (attempt >= attempts || !/connection/i.test(String((e as Error).cause ?? e))) throw e;
    } finally {
      await template.close().catch(() => undefined);
    }
  }
}

/** The run's cluster with its migrated `herald_template`, started once (by whichever setup asks first). */
export function startPgTemplate(): Promise<Cluster> {
  holder.heraldPgTemplate ??= (async () => {
    const cluster = await startCluster();
    try {
      const admin = new pg.Client({ connectionString: cluster.url() });
      await admin.connect();
      await admin.query('CREATE DATABASE herald_template');
      await admin.end();
      await migrateTemplate(cluster.url('herald_template'));
      return cluster;
    } catch (e) {
      cluster.stop();
      throw e;
    }
  })();
  return holder.heraldPgTemplate;
}

/**
 * Starts the cluster ahead of the postgres project's setup (which claims it), unless that setup already ran: the
 * browser project's setup runs after it, and a start there made a second cluster (initdb + migrations) nobody used.
 */
export function startPgTemplateEarly(): void {
  if (!holder.heraldPgClaimed) startPgTemplate().catch(() => undefined);
}

/** Stops a cluster started early that no postgres setup took (its files were filtered out of the run). */
export async function stopUnclaimedPgTemplate(): Promise<void> {
  const started = holder.heraldPgTemplate;
  holder.heraldPgTemplate = undefined;
  (await started?.catch(() => undefined))?.stop();
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPgTemplate();
  holder.heraldPgTemplate = undefined;
  holder.heraldPgClaimed = true;
  project.provide('pgClusterUrl', cluster.url());
  return () => {
    holder.heraldPgClaimed = false;
    cluster.stop();
  };
}
