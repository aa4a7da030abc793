/**
 * Inserts records straight into the tables (no service, no permission check) for tests of what reads them —
 * the KPI engine, dashboards. Each builder fills every required column; pass only what the test is about.
 */
import type { Db } from '../../src/db/client';
import {
  activities,
  events,
  kpiManualValues,
  metricSnapshots,
  publications,
  synergies,
} from '../../src/db/schema';

const who = { createdBy: 'test', updatedBy: 'test' };

type Base = { leadPartner?: string; deletedAt?: Date | null; partners?: string[] };

export function rowInserter(db: Db, projectId: string, defaultPartner: string) {
  const base = (r: Base) => ({ projectId, leadPartner: defaultPartner, ...who, ...r });
  return {
    activities: (rows: Array<Base & Partial<typeof activities.$inferInsert>>) =>
      db.insert(activities).values(
        rows.map((r) => ({
          title: 'Activity',
          startDate: '2019-01-01',
          kind: 'article',
          type: 'Other',
          status: 'Delivered',
          ...base(r),
          ...r,
        })),
      ),
    events: (rows: Array<Base & Partial<typeof events.$inferInsert>>) =>
      db.insert(events).values(
        rows.map((r) => ({
          name: 'Event',
          kind: 'conference',
          city: 'Tokyo',
          country: 'JP',
          startDate: '2019-01-01',
          status: 'attended',
          ...base(r),
          ...r,
        })),
      ),
    publications: (rows: Array<Base & Partial<typeof publications.$inferInsert>>) =>
      db.insert(publications).values(
        rows.map((r) => ({
          type: 'conference_paper',
          title: 'Paper',
          year: 2019,
          openAccess: 'green',
          ...base(r),
          ...r,
        })),
      ),
    synergies: (rows: Array<Base & Partial<typeof synergies.$inferInsert>>) =>
      db.insert(synergies).values(
        rows.map((r) => ({
          initiative: 'Initiative',
          kind: 'project',
          date: '2019-01-01',
          ...base(r),
          ...r,
        })),
      ),
    metrics: (rows: Array<Base & Partial<typeof metricSnapshots.$inferInsert>>) =>
      db.insert(metricSnapshots).values(
        rows.map((r) => ({
          channel: 'https://twitter.com/example',
          channelKind: 'twitter',
          channelScope: 'project',
          metric: 'followers',
          value: 0,
          date: '2019-01-01',
          source: 'manual',
          ...base(r),
          ...r,
        })),
      ),
    manual: (rows: Array<Base & Partial<typeof kpiManualValues.$inferInsert> & { kpiCode: string }>) =>
      db
        .insert(kpiManualValues)
        .values(
          rows.map((r) => ({ value: 0, date: '2019-01-01', evidence: 'letter.pdf', ...base(r), ...r })),
        ),
  };
}
