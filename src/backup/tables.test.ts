/**
 * The backup's table list is complete: every table of src/db/schema is either backed up or left out with a reason, so
 * a new project table cannot silently be missing from backups; accounts are backed up by an explicit choice of columns.
 */
import { getTableConfig } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { BACKUP_TABLES, backupColumns, EXCLUDED_TABLES, primaryKeyOf, schemaTables } from './tables';

describe('the backup table list', () => {
  const tables = schemaTables();

  it('classifies every table of the schema exactly once', () => {
    const included = BACKUP_TABLES.map((t) => t.name);
    const excluded = Object.keys(EXCLUDED_TABLES);
    expect(new Set(included).size).toBe(included.length);
    expect(included.filter((n) => excluded.includes(n))).toEqual([]);
    const unclassified = [...tables.keys()].filter((n) => !included.includes(n) && !excluded.includes(n));
    expect(unclassified, 'add the new table to BACKUP_TABLES or EXCLUDED_TABLES (with the reason)').toEqual(
      [],
    );
    expect([...included, ...excluded].filter((n) => !tables.has(n))).toEqual([]);
  });

  it('gives a reason for every table left out', () => {
    for (const [name, reason] of Object.entries(EXCLUDED_TABLES))
      expect(reason.length, name).toBeGreaterThan(20);
  });

  it('backs up every project-scoped table it holds with a scope naming the project, in foreign-key order', () => {
    const order = BACKUP_TABLES.map((t) => t.name);
    for (const spec of BACKUP_TABLES) {
      const table = tables.get(spec.name);
      if (!table) throw new Error(spec.name);
      expect(spec.scope, spec.name).toContain('$1');
      expect(primaryKeyOf(table).length, spec.name).toBeGreaterThan(0);
      for (const fk of getTableConfig(table).foreignKeys) {
        const target = getTableConfig(fk.reference().foreignTable).name;
        if (order.includes(target) && target !== spec.name)
          expect(order.indexOf(target), `${spec.name} → ${target}`).toBeLessThan(order.indexOf(spec.name));
      }
    }
  });

  it('holds accounts without secrets or instance rights: every column of users is a choice', () => {
    const spec = BACKUP_TABLES.find((t) => t.name === 'users');
    const table = tables.get('users');
    if (!spec || !table) throw new Error('users');
    expect(backupColumns(spec, table).map((c) => c.name)).toEqual([
      'id',
      'email',
      'name',
      'lang',
      'created_at',
      'updated_at',
      'deleted_at',
      'tombstone',
    ]);
    expect(Object.keys(spec.omit ?? {}).sort()).toEqual(['is_admin', 'password_hash']);
  });

  it('names no project-scoped table among the instance-level ones by mistake', () => {
    // A table with project_id that is left out must be one of the deliberate project-level exclusions.
    const projectLevel = [
      'figure_cache',
      'jobs',
      'invitations',
      'api_tokens',
      'portfolio_projects',
      'mail_queue',
      'site_download_salts',
      'site_download_events',
    ];
    for (const name of Object.keys(EXCLUDED_TABLES)) {
      const table = tables.get(name);
      const hasProject = table && getTableConfig(table).columns.some((c) => c.name === 'project_id');
      if (hasProject) expect(projectLevel, name).toContain(name);
    }
  });
});
