/**
 * The schedule on both engines, with the injected clock moved through a project year: each due time runs exactly
 * once (instance-wide and per project where the plan says so), and a restart that missed several due times runs
 * exactly one catch-up job, neither losing nor repeating a run.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { createEffectsTable, effectJob, effects } from '../../test/jobs';
import type { Database } from '../db/client';
import { jobs, jobSchedules } from '../db/schema';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { importPlan } from '../projects/service';
import type { AnyJob } from './define';
import { createRunner } from './runner';
import { type AnySchedule, type ScheduleEntry } from './schedule';

// A year of ticks on a shared machine: a generous limit (nothing here waits for time, only for work).
vi.setConfig({ testTimeout: 300_000 });

let database: Database;
const log = createLogger('silent');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const entry = (e: Omit<ScheduleEntry<{ tag: string }>, 'job' | 'payload'>): AnySchedule =>
  ({
    ...e,
    job: effectJob,
    payload: ({ projectId }) => ({ tag: `${e.name}:${projectId ?? ''}` }),
  }) as AnySchedule;

const daily = entry({ name: 'test.daily', cron: '0 6 * * *', scope: 'instance' });
const monthly = entry({ name: 'test.monthly', cron: '0 0 1 * *', scope: 'instance' });
// Per project, only where the plan lists Japanese among its languages.
const weekly = entry({
  name: 'test.weekly-ja',
  cron: '30 9 * * 1',
  scope: 'project',
  when: (plan) => plan.project.languages.includes('ja'),
});

const runnerAt = (clock: ReturnType<typeof fixedClock>, schedules: AnySchedule[]) =>
  createRunner({ db: database.db, clock, log, deps: {}, jobs: [effectJob as AnyJob], schedules });

beforeAll(async () => {
  database = await createTestDatabase();
  await createEffectsTable(database.db);
  for (const [acronym, languages] of [
    ['Tide-X', ['en', 'ja']],
    ['Reef-Y', ['en']],
  ] as const) {
    const base = makePlan();
    const plan = makePlan({ project: { ...base.project, acronym, languages: [...languages] } });
    await importPlan(database.db, {
      plan,
      sourceText: JSON.stringify(plan),
      sourceName: 'p.yaml',
      actor: 'test',
    });
  }
});
afterAll(() => database?.close());
beforeEach(async () => {
  await database.db.execute(sql`DELETE FROM test_job_effects`);
  await database.db.delete(jobSchedules);
  await database.db.delete(jobs);
});

/** Every due time of `cron` in (from, to], computed by walking the calendar, not by the scheduler. */
function expectedDays(from: Date, to: Date, hourUtc: number): string[] {
  const out: string[] = [];
  for (
    let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), hourUtc);
    t <= to.getTime();
    t += DAY
  )
    if (t > from.getTime()) out.push(new Date(t).toISOString());
  return out;
}

describe('schedule through a simulated year', () => {
  it('fires once per due time: daily, monthly, and weekly for the project whose plan says so', async () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const end = new Date('2027-01-01T00:00:00Z');
    const clock = fixedClock(start);
    const runner = runnerAt(clock, [daily, monthly, weekly]);
    // Steps of 23 h: shorter than a day, never aligned with the due times, so each step holds at most one daily due
    // time and it falls anywhere inside the step.
    let ticks = 0;
    while (clock.now() < end) {
      await runner.tick();
      ticks++;
      clock.set(new Date(Math.min(clock.now().getTime() + 23 * HOUR, end.getTime())));
    }
    await runner.runUntilIdle();
    expect(ticks).toBeGreaterThan(365);

    const dailyRuns = (await effects(database.db)).filter((e) => e.tag === 'test.daily:');
    const dueOf = (rows: { due_at: string | null }[]) =>
      rows.map((r) => new Date(r.due_at ?? '').toISOString());
    expect(dueOf(dailyRuns)).toEqual(expectedDays(start, end, 6));
    expect(dailyRuns).toHaveLength(365);

    const monthlyRuns = (await effects(database.db)).filter((e) => e.tag === 'test.monthly:');
    expect(dueOf(monthlyRuns)).toEqual(
      Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, i + 1, 1)).toISOString()),
    );

    const weeklyRuns = (await effects(database.db)).filter((e) => e.tag?.startsWith('test.weekly-ja:'));
    expect(new Set(weeklyRuns.map((r) => r.tag))).toEqual(new Set(['test.weekly-ja:tide-x']));
    const mondays = expectedDays(start, end, 9).filter((d) => new Date(d).getUTCDay() === 1);
    expect(dueOf(weeklyRuns)).toEqual(mondays.map((d) => d.replace('T09:00', 'T09:30')));
  });

  it('a new entry starts from now: no back-fill of earlier due times', async () => {
    const clock = fixedClock('2026-06-15T12:00:00Z');
    const runner = runnerAt(clock, [daily]);
    await runner.runUntilIdle();
    expect(await effects(database.db)).toEqual([]);
    clock.set('2026-06-16T06:00:00Z');
    expect(await runner.runUntilIdle()).toBe(1);
  });
});

describe('a restart between due times', () => {
  it('neither loses nor repeats a run: exactly one catch-up job for the missed due times', async () => {
    const clock = fixedClock('2026-02-01T00:00:00Z');
    const first = runnerAt(clock, [daily]);
    await first.runUntilIdle();
    clock.set('2026-02-01T07:00:00Z');
    expect(await first.runUntilIdle()).toBe(1);
    await first.stop();

    // The server was down for four due times; a new process (new runner) on the same database.
    clock.set('2026-02-05T08:00:00Z');
    const second = runnerAt(clock, [daily]);
    expect(await second.runUntilIdle()).toBe(1);
    expect(await second.runUntilIdle()).toBe(0);
    // A third start before the next due time runs nothing; the next due time runs once.
    const third = runnerAt(clock, [daily]);
    expect(await third.runUntilIdle()).toBe(0);
    clock.set('2026-02-06T06:00:00Z');
    expect(await third.runUntilIdle()).toBe(1);
    expect(await second.runUntilIdle()).toBe(0);

    const due = (await effects(database.db)).map((e) => new Date(e.due_at ?? '').toISOString());
    expect(due).toEqual(['2026-02-01T06:00:00.000Z', '2026-02-05T06:00:00.000Z', '2026-02-06T06:00:00.000Z']);
  });
});
