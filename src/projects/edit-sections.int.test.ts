/**
 * The plan editor's row forms on M-Sec (issue 24), one app and database for the file: for each section, an invalid
 * form is refused with errors at the form's own names and nothing stored, a valid one is version N+1 with the
 * expected diff, a form made on an older version is a 409. Pages: "Add a row" without JavaScript, a removed row's
 * neighbours keep their errors beside their fields, and a retired partner stays on the records that name it. A KPI
 * definition change previews old against new figures, matching the KPI report before and after saving.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { rowInserter } from '../../test/factories/rows';
import { userActor } from '../auth/actors';
import type { Actor } from '../auth/permissions';
import { activities, partners, planVersions } from '../db/schema';
import { isAppError, type AppError } from '../errors';
import { EDIT_FORMS, editOf, formOf, withRowAdded, type EditForm, type FormValues } from './edit-forms';
import { relocate } from './edit-rows';
import { readKpiReport } from '../kpi/service';
import { fixedClock } from '../lib/clock';
import { editPlan, previewPlanEdit } from './edit-service';
import type { PlanChange } from './diff';
import { en } from './edit-sections-messages';
import { getCurrentPlan } from './repository';

const P = 'm-sec';
let t: TestApp;
let actor: Actor;
let client: TestClient;

const db = () => t.database.db;
const current = async () => (await getCurrentPlan(db(), P))!;
const versionCount = async () =>
  (await db().select().from(planVersions).where(eq(planVersions.projectId, P))).length;

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** Saves the form of `form` as the editor would: the current plan's form, changed, converted, checked. */
async function save(form: EditForm, change: (v: FormValues) => FormValues, opts: { stale?: boolean } = {}) {
  const { plan, version } = await current();
  const { value, moved } = editOf(form, plan, change(formOf(form, plan)));
  const section = EDIT_FORMS[form];
  const saving = editPlan(db(), {
    actor,
    projectId: P,
    baseVersion: opts.stale ? version - 1 : version,
    edit: { section, value },
    reason: `Edit ${form}`,
  });
  return { version, moved, saving };
}

interface Case {
  form: EditForm;
  /** A change the plan check refuses, and where each error lands (the form's names). */
  invalid: (v: FormValues) => FormValues;
  errorsAt: string[];
  /** A valid change, and the diff it makes. */
  valid: (v: FormValues) => FormValues;
  changes: (changes: PlanChange[]) => void;
}

const CASES: Case[] = [
  {
    form: 'partners',
    // YNU (row 8) removed: the rows after it move up, their errors stay at the form's names.
    invalid: (v) => ({
      ...v,
      'partners.8._remove': 'true',
      'partners.9.country': 'Japan',
      'partners.0.kind': 'x',
    }),
    errorsAt: ['partners.0.kind', 'partners.9.country'],
    valid: (v) => ({ ...v, 'partners.8._remove': 'true', 'partners.3.aliases': 'F6S\nF6S Network' }),
    changes: (c) =>
      expect(c).toEqual([
        {
          path: 'partners.[code=F6S].aliases',
          kind: 'changed',
          before: expect.any(Array),
          after: ['F6S', 'F6S Network'],
        },
        expect.objectContaining({ path: 'partners.[code=YNU]', kind: 'removed' }),
      ]),
  },
  {
    form: 'audiences',
    invalid: (v) => ({ ...v, 'audiences.0.id': 'Not An Id', 'audiences.1.who.en': '' }),
    errorsAt: ['audiences.0.id', 'audiences.1.who'],
    valid: (v) => ({ ...v, 'audiences.0.name.ja': '一般市民' }),
    changes: (c) =>
      expect(c).toEqual([
        expect.objectContaining({ path: expect.stringMatching(/^audiences\.\[id=.+\]\.name\.ja$/) }),
      ]),
  },
  {
    form: 'key-messages',
    invalid: (v) => ({ ...v, 'key_messages.0.audience': 'everyone' }),
    errorsAt: ['key_messages.0.audience'],
    valid: (v) => ({ ...v, 'key_messages.0.text.en': 'M-Sec makes smart cities safer.' }),
    changes: (c) =>
      expect(c.map((x) => x.path)).toEqual([expect.stringMatching(/^key_messages\.\[id=.+\]\.text/)]),
  },
  {
    form: 'channels',
    invalid: (v) => ({ ...v, 'channels.0.url': 'not a url', 'channels.1.kind': 'pigeon' }),
    errorsAt: ['channels.0.url', 'channels.1.kind'],
    valid: (v) => {
      const n = Object.keys(v).filter((k) => /^channels\.\d+\._from$/.test(k)).length;
      return {
        ...withRowAdded('channels', v, 'channels')!,
        [`channels.${n}.id`]: 'mastodon',
        [`channels.${n}.kind`]: 'other',
        [`channels.${n}.url`]: 'https://social.example/@msec',
        [`channels.${n}.label.en`]: 'Mastodon',
        [`channels.${n}.label.ja`]: 'マストドン',
        [`channels.${n}.responsible`]: 'F6S',
      };
    },
    changes: (c) =>
      expect(c).toEqual([expect.objectContaining({ path: 'channels.[id=mastodon]', kind: 'added' })]),
  },
  {
    form: 'cadence',
    invalid: (v) => ({ ...v, 'cadence.0.per_year': 'often' }),
    errorsAt: ['cadence.0.per_year'],
    valid: (v) => ({ ...v, 'cadence.0.note': 'Checked at the review' }),
    changes: (c) => expect(c.map((x) => x.path)).toEqual(['cadence']),
  },
  {
    form: 'events',
    invalid: (v) => ({ ...v, 'events.planned.0.start_date': '2019-13-01', 'events.planned.1.partners': '' }),
    errorsAt: ['events.planned.0.start_date', 'events.planned.1.partners'],
    valid: (v) => ({ ...v, 'events.planned.0.city': 'Bilbao' }),
    changes: (c) =>
      expect(c).toEqual([
        expect.objectContaining({
          path: expect.stringMatching(/^events\.planned\.\[id=.+\]\.city$/),
          after: 'Bilbao',
        }),
      ]),
  },
  {
    form: 'synergies',
    invalid: (v) => ({ ...v, 'synergies.standard_bodies.0.website': 'ftp://x' }),
    errorsAt: ['synergies.standard_bodies.0.website'],
    valid: (v) => ({ ...v, 'synergies.communication_kit.en': 'The kit is on the website.' }),
    changes: (c) => expect(c.map((x) => x.path)).toEqual(['synergies.communication_kit']),
  },
  {
    form: 'work-packages',
    invalid: (v) => ({ ...v, 'work_packages.0.deliverables.0.due_month': 'soon' }),
    errorsAt: ['work_packages.0.deliverables.0.due_month'],
    valid: (v) => {
      const added = withRowAdded('work-packages', v, 'work_packages.0.deliverables')!;
      const n =
        Object.keys(added).filter((k) => /^work_packages\.0\.deliverables\.\d+\._from$/.test(k)).length - 1;
      const d = `work_packages.0.deliverables.${n}`;
      return {
        ...added,
        [`${d}.code`]: 'D1.9',
        [`${d}.title`]: 'Extension report',
        [`${d}.due_month`]: '39',
        [`${d}.dissemination_level`]: 'PU',
      };
    },
    changes: (c) =>
      expect(c).toEqual([
        expect.objectContaining({ path: 'work_packages.[code=WP1].deliverables.[code=D1.9]', kind: 'added' }),
      ]),
  },
  {
    form: 'timeline',
    invalid: (v) => ({ ...v, 'timeline.0.months': '0, 3' }),
    errorsAt: ['timeline.0.months.0'],
    valid: (v) => ({ ...v, 'timeline.0.months': `${String(v['timeline.0.months'])}, 36` }),
    changes: (c) =>
      expect(c).toEqual([
        expect.objectContaining({ path: expect.stringMatching(/^timeline\.\[id=.+\]\.months$/) }),
      ]),
  },
  {
    form: 'kpi-definitions',
    // Newsletters (kpis.1): where { kind: newsletter, status: Delivered }.
    invalid: (v) => ({
      ...v,
      'kpis.1.measure.where.0.value': 'carrier_pigeon',
      'kpis.1.measure.where.1.op': 'gt',
    }),
    // The consistency checks (run when the schema holds): each on its condition's row.
    errorsAt: ['kpis.1.measure.where.0', 'kpis.1.measure.where.1'],
    valid: (v) => ({ ...v, 'kpis.1.measure.where.1._remove': 'true' }),
    changes: (c) =>
      expect(c).toEqual([
        { path: 'kpis.[id=newsletters].measure.where.status', kind: 'removed', before: 'Delivered' },
      ]),
  },
];

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  await rowInserter(db(), P, 'YNU').activities([
    { title: 'YNU workshop', startDate: '2019-03-01' },
    { kind: 'newsletter', status: 'Delivered', startDate: '2019-01-10' },
    { kind: 'newsletter', status: 'Ongoing', startDate: '2019-02-10' },
  ]);
  const user = await makeUser(db(), { role: 'coordinator', projectId: P, name: 'Coordinator' });
  actor = (await userActor(db(), user.id))!;
  client = await TestClient.signedIn({ ...t, db: db() }, user.id);
});
afterAll(async () => {
  await t.close();
});

describe.each(CASES)('the $form form', (k) => {
  it('refuses an invalid edit with errors at the form’s names, and stores nothing', async () => {
    const before = await versionCount();
    const { moved, saving } = await save(k.form, k.invalid);
    const e = await refusal(saving);
    expect(e.status).toBe(422);
    expect(e.details.map((d) => relocate(moved, d.path)).filter((p) => p !== 'reason')).toEqual(k.errorsAt);
    expect(await versionCount()).toBe(before);
  });

  it('saves a valid edit as version N+1 with the expected diff', async () => {
    const { version, saving } = await save(k.form, k.valid);
    const r = await saving;
    expect(r.version).toBe(version + 1);
    k.changes(r.changes);
  });

  it('refuses an edit made on an older version with 409', async () => {
    const before = await versionCount();
    const e = await refusal((await save(k.form, k.valid, { stale: true })).saving);
    expect(e.status).toBe(409);
    expect(await versionCount()).toBe(before);
  });
});

describe('the row pages', () => {
  const post = async (path: string, body: URLSearchParams) =>
    t.app.request(path, {
      method: 'POST',
      body,
      headers: { cookie: client.cookieHeader, 'x-csrf-token': await client.csrfToken() },
    });
  const bodyOf = async (form: EditForm, change: FormValues, reason = '') => {
    const { plan, version } = await current();
    const body = new URLSearchParams({ base_version: String(version), reason });
    for (const [k, v] of Object.entries({ ...formOf(form, plan), ...change }))
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return body;
  };

  it('keep a retired partner on the records that name it', async () => {
    const [row] = await db()
      .select()
      .from(partners)
      .where(and(eq(partners.projectId, P), eq(partners.code, 'YNU')));
    expect(row?.retiredAt).toBeInstanceOf(Date);
    expect((await current()).plan.partners.map((p) => p.code)).not.toContain('YNU');
    const [activity] = await db().select().from(activities).where(eq(activities.projectId, P));
    const page = await client.get(`/p/${P}/records/activities/${activity!.id}?lang=en`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/data-field="lead_partner">[^<]*YNU/);
    const list = await client.get(`/p/${P}/records/activities?lang=en`);
    expect(await list.text()).toContain('YNU workshop');
  });

  it('add a row without JavaScript, and show each error beside its field after a removal', async () => {
    const page = await client.get(`/p/${P}/plan/edit/partners?lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(en['planEdit.rows.retired']);
    expect(html).toContain('data-add="partners"');
    const n = (await current()).plan.partners.length;
    const added = await post(
      `/p/${P}/plan/edit/partners?lang=en`,
      await bodyOf('partners', { _add: 'partners' }),
    );
    expect(added.status).toBe(200);
    const addedHtml = await added.text();
    expect(addedHtml).toContain(`data-row="partners.${n}" data-from=""`);
    expect(addedHtml).toContain(en['planEdit.rows.added']);

    const before = await versionCount();
    const refused = await post(
      `/p/${P}/plan/edit/partners?lang=en`,
      await bodyOf('partners', { 'partners.0._remove': 'true', 'partners.2.country': 'Spain' }, 'x'),
    );
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('data-error-for="partners.2.country"');
    expect(refusedHtml).not.toContain('data-error-for="partners.1.country"');
    const preview = await post(
      `/p/${P}/plan/edit/partners/preview?lang=en`,
      await bodyOf('partners', { 'partners.0._remove': 'true', 'partners.2.country': 'Spain' }),
    );
    expect(await preview.text()).toContain('data-path="partners.2.country"');
    expect(await versionCount()).toBe(before);
  });

  it('show bilingual texts side by side, in Japanese too', async () => {
    const html = await (await client.get(`/p/${P}/plan/edit/audiences?lang=ja`)).text();
    expect(html).toMatch(
      /name="audiences\.0\.name\.en"[^>]*lang="en"|lang="en"[^>]*name="audiences\.0\.name\.en"/,
    );
    expect(html).toContain('name="audiences.0.name.ja"');
    expect(html).toContain('対象者');
  });
});

describe('a KPI definition change', () => {
  it('previews old against new figures as the KPI report gives them before and after saving', async () => {
    const clock = fixedClock('2019-07-01T12:00:00Z');
    const { plan, version } = await current();
    const v = formOf('kpi-definitions', plan);
    // Newsletters (every status since the edit above) leave out the ongoing ones again.
    const { value } = editOf('kpi-definitions', plan, {
      ...v,
      'kpis.1.measure.where.1._from': '',
      'kpis.1.measure.where.1.field': 'status',
      'kpis.1.measure.where.1.op': 'ne',
      'kpis.1.measure.where.1.value': 'Ongoing',
    });
    const edit = { section: 'kpis' as const, value };
    const preview = await previewPlanEdit(db(), { actor, projectId: P, baseVersion: version, edit, clock });
    const before = (await readKpiReport(db(), { actor, projectId: P, clock })).kpis.find(
      (k) => k.id === 'newsletters',
    );
    expect(preview.figures).toEqual([
      expect.objectContaining({
        id: 'newsletters',
        before: expect.objectContaining({ value: before?.value }),
      }),
    ]);
    await editPlan(db(), {
      actor,
      projectId: P,
      baseVersion: version,
      edit,
      reason: 'Not the ongoing ones',
      clock,
    });
    const after = (await readKpiReport(db(), { actor, projectId: P, clock })).kpis.find(
      (k) => k.id === 'newsletters',
    );
    expect(preview.figures[0]?.after?.value).toBe(after?.value);
    expect([before?.value, after?.value]).toEqual([2, 1]);
  });

  it('is a page that offers the record type’s fields and their values', async () => {
    const html = await (await client.get(`/p/${P}/plan/edit/kpi-definitions?lang=en`)).text();
    expect(html).toContain('name="kpis.1.measure.where.0.field"');
    expect(html).toMatch(/<datalist id="dl-activity-status">.*value="Delivered"/s);
    expect(html).toContain('data-add="kpis.1.parts"');
  });
});
