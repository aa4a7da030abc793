/** Starts a throwaway PostgreSQL cluster for the run and migrates a template database that each test file clones. */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { fromPostgresUrl } from '../../src/db/postgres';
import { startCluster } from '../../scripts/pg-cluster';

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE herald_template');
  await admin.end();
  const template = fromPostgresUrl(cluster.url('herald_template'), { max: 1 });
  await template.migrate();
  await template.close();
  project.provide('pgClusterUrl', cluster.url());
  return () => cluster.stop();
}
