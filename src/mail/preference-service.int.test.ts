/**
 * Changing one's mail preferences: only one's own (or through one's signed link, as the system actor), only in a
 * project one belongs to, validated field by field, audited in the project's chain, and read back by mayMail.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, PROJECT } from '../../test/auth-helpers';
import { createTestDatabase } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { anonymous, systemActor, type Actor } from '../auth/permissions';
import type { Database } from '../db/client';
import { auditEntries, mailPreferences } from '../db/schema';
import { fixedClock } from '../lib/clock';
import { importPlan } from '../projects/service';
import { setMailPreference } from './preference-service';
import { mayMail } from './preferences';

let database: Database;
let me: { id: string };
let other: { id: string };
let outsider: { id: string };
const clock = fixedClock('2024-05-10T09:00:00Z');
const asUser = (id: string): Actor => ({ kind: 'user', userId: id, isAdmin: false, memberships: [] });

beforeAll(async () => {
  database = await createTestDatabase();
  const plan = makePlan();
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'p.yaml',
    actor: 'cli:test',
  });
  me = await makeUser(database.db, { role: 'editor', partnerCode: 'UNIA' });
  other = await makeUser(database.db, { role: 'coordinator' });
  outsider = await makeUser(database.db, {});
});
afterAll(() => database?.close());

const may = (userId: string, topic: 'reminder.monthly' | 'digest', today = '2024-05-10', defaultOn = true) =>
  mayMail(database.db, { userId, projectId: PROJECT, topic, today, defaultOn });

describe('setMailPreference', () => {
  it('unsubscribes, snoozes and opts back in, each audited and read back by mayMail', async () => {
    const db = database.db;
    const base = { userId: me.id, projectId: PROJECT, clock };
    expect(await may(me.id, 'reminder.monthly')).toBe(true);
    await setMailPreference(db, {
      ...base,
      actor: asUser(me.id),
      topic: 'reminder.monthly',
      change: { state: 'off' },
    });
    expect(await may(me.id, 'reminder.monthly')).toBe(false);
    await setMailPreference(db, {
      ...base,
      actor: systemActor('link'),
      topic: 'reminder.monthly',
      change: { state: null, snoozeDays: 14 },
    });
    expect(await may(me.id, 'reminder.monthly', '2024-05-23')).toBe(false);
    expect(await may(me.id, 'reminder.monthly', '2024-05-24')).toBe(true);
    expect(await may(me.id, 'digest', '2024-05-10', false)).toBe(false);
    await setMailPreference(db, { ...base, actor: asUser(me.id), topic: 'digest', change: { state: 'on' } });
    expect(await may(me.id, 'digest', '2024-05-10', false)).toBe(true);
    const entries = await db
      .select({ action: auditEntries.action, entityId: auditEntries.entityId, after: auditEntries.after })
      .from(auditEntries)
      .where(eq(auditEntries.action, 'mail.preference'))
      .orderBy(auditEntries.seq);
    expect(entries.map((e) => e.entityId)).toEqual([
      `${me.id}:reminder.monthly`,
      `${me.id}:reminder.monthly`,
      `${me.id}:digest`,
    ]);
    expect(entries[1]?.after).toEqual({ state: null, snoozedUntil: '2024-05-24' });
  });

  it("refuses someone else's preferences, outsiders and bad values, and changes nothing", async () => {
    const db = database.db;
    const count = async () =>
      (
        await db
          .select()
          .from(mailPreferences)
          .where(and(eq(mailPreferences.projectId, PROJECT)))
      ).length;
    const before = await count();
    const base = { projectId: PROJECT, clock, topic: 'digest', change: { state: 'off' as const } };
    await expect(
      setMailPreference(db, { ...base, userId: other.id, actor: asUser(me.id) }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(setMailPreference(db, { ...base, userId: me.id, actor: anonymous })).rejects.toMatchObject({
      status: 401,
    });
    await expect(
      setMailPreference(db, { ...base, userId: outsider.id, actor: asUser(outsider.id) }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      setMailPreference(db, { ...base, userId: me.id, actor: asUser(me.id), topic: 'newsletter' }),
    ).rejects.toMatchObject({ status: 422, details: [{ path: 'topic' }] });
    await expect(
      setMailPreference(db, { ...base, userId: me.id, actor: asUser(me.id), change: { snoozeDays: 999 } }),
    ).rejects.toMatchObject({ status: 422, details: [{ path: 'snoozeDays' }] });
    expect(await count()).toBe(before);
  });
});
