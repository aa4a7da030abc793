/** The one clock through the app: a `fixedClock` moved through a project year decides "today", not the machine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInput } from '../../test/factories/records';
import { clientsFor, createRecordsTestApp, PARTNER_A, PROJECT } from '../../test/records';
import type { AuthTestApp, TestClient } from '../../test/auth-helpers';
import { formatDate } from '../i18n';
import { fixedClock } from '../lib/clock';

// The test project runs from 2024-01-01 for 24 months; the machine's own date is long after it.
const clock = fixedClock('2024-06-15T10:00:00Z');
let t: AuthTestApp;
let coordinator: TestClient;

beforeAll(async () => {
  t = await createRecordsTestApp({ clock });
  coordinator = (await clientsFor(t)).coordinator;
});
afterAll(() => t.close());

const snapshot = (date: string) =>
  coordinator.json('POST', `/api/v1/projects/${PROJECT}/metrics`, {
    ...recordInput('metric', { lead_partner: PARTNER_A }),
    date,
  });

describe('the app clock', () => {
  it('refuses a snapshot after the clock’s day and takes it once the clock has passed it', async () => {
    clock.set('2024-06-15T10:00:00Z');
    const early = await snapshot('2024-07-01');
    expect(early.status).toBe(422);
    const body = (await early.json()) as { error: { details: { path?: string; key?: string }[] } };
    expect(body.error.details).toContainEqual(
      expect.objectContaining({ path: 'date', key: 'validation.record.future' }),
    );
    expect((await snapshot('2024-06-15')).status).toBe(201);

    clock.set('2024-07-02T08:00:00Z');
    expect((await snapshot('2024-07-01')).status).toBe(201);
  });

  it('shows the dashboard as of the clock’s day and project month, moving with it through the year', async () => {
    for (const [at, day, month] of [
      ['2024-03-10T12:00:00Z', '2024-03-10', 3],
      ['2024-11-30T23:00:00Z', '2024-11-30', 11],
    ] as const) {
      clock.set(at);
      const res = await coordinator.request('GET', `/p/${PROJECT}/dashboard`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`Figures as of ${formatDate('en', day)} · project month ${month} of 24`);
    }
  });

  it('offers today’s date on a new snapshot form', async () => {
    clock.set('2024-09-05T06:00:00Z');
    const res = await coordinator.request('GET', `/p/${PROJECT}/records/metrics/new`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('value="2024-09-05"');
  });
});
