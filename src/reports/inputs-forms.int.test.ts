/**
 * The report-input forms keep what was typed: a save the use case refuses as invalid shows the form again (422) with
 * the input in its fields and each error beside its field, in English and Japanese; nothing is saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientsFor, createRecordsTestApp, PROJECT, type Who } from '../../test/records';
import type { AuthTestApp, TestClient } from '../../test/auth-helpers';
import { systemActor } from '../auth/permissions';
import { createDeviation, listDeviations, listReportTexts } from './inputs-service';
import { createRecommendation, listRecommendations } from './recommendations';

let t: AuthTestApp;
let clients: Record<Who, TestClient>;
const system = systemActor('inputs-forms');

beforeAll(async () => {
  t = await createRecordsTestApp();
  clients = await clientsFor(t);
});
afterAll(async () => t.close());

/** The element with this id and what it holds (up to its closing tag). */
const element = (html: string, id: string): string => {
  const m = new RegExp(`<[a-z]+[^>]*id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  if (!m) throw new Error(`no element #${id} in the page`);
  return m[1] ?? '';
};

describe('report texts', () => {
  it('shows a refused text again in its own box, the error beside it (en, ja)', async () => {
    const body = `A summary that is far too long. ${'x'.repeat(20_000)}`;
    const form = { scope: 'year:1', key: 'summary', lang: 'en', body, version: '0' };
    const res = await clients.coordinator.post(`/p/${PROJECT}/reports/inputs?lang=en`, form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="text-summary"');
    // The typed text is in the summary's English box, with the error beside it; the other boxes are untouched.
    const box =
      /<textarea name="body" rows="4" lang="en"[^>]*aria-invalid="true"[^>]*>([^<]*)<\/textarea>/.exec(html);
    expect(box?.[1]).toBe(body);
    expect(element(html, 'err-body')).toMatch(/20,?000/);
    expect(html.match(/id="err-body"/g)).toHaveLength(1);
    const ja = await clients.coordinator.post(`/p/${PROJECT}/reports/inputs?lang=ja`, {
      ...form,
      lang: 'ja',
    });
    expect(ja.status).toBe(422);
    expect(element(await ja.text(), 'err-body')).toMatch(/文字/);
    expect(await listReportTexts(t.db, { actor: system, projectId: PROJECT, scope: 'year:1' })).toEqual([]);
  });
});

describe('deviations', () => {
  const form = {
    noted_on: '2024-13-45',
    kpi: 'papers',
    wp: '',
    description: 'Fewer papers than planned',
    corrective_action: 'Two more submissions',
  };

  it('a refused new deviation keeps what was typed, the error beside the date (en, ja)', async () => {
    const res = await clients.coordinator.post(`/p/${PROJECT}/reports/deviations?lang=en`, form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('>Fewer papers than planned</textarea>');
    expect(html).toContain('>Two more submissions</textarea>');
    expect(html).toContain('value="2024-13-45"');
    expect(html).toMatch(/<option value="papers" selected/);
    expect(element(html, 'err-noted_on')).not.toBe('');
    const ja = await (
      await clients.coordinator.post(`/p/${PROJECT}/reports/deviations?lang=ja`, form)
    ).text();
    expect(element(ja, 'err-noted_on')).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(await listDeviations(t.db, { actor: system, projectId: PROJECT })).toEqual([]);
  });

  it('a refused change keeps what was typed and the version it was loaded at', async () => {
    const row = await createDeviation(t.db, {
      actor: system,
      projectId: PROJECT,
      input: { noted_on: '2024-05-01', description: 'Late newsletter' },
    });
    const res = await clients.coordinator.post(`/p/${PROJECT}/reports/deviations/${row.id}?lang=en`, {
      ...form,
      kpi: 'no-such-kpi',
      noted_on: '2024-05-02',
      version: String(row.version),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="2024-05-02"');
    expect(html).toContain(`name="version" value="${row.version}"`);
    expect(element(html, 'err-kpi')).toContain('no-such-kpi');
    const [stored] = await listDeviations(t.db, { actor: system, projectId: PROJECT });
    expect(stored).toMatchObject({ description: 'Late newsletter', version: row.version });
  });
});

describe('recommendations', () => {
  const form = {
    review: '',
    received_on: '2024-09-01',
    text: 'Reach more SMEs',
    response: 'A webinar series',
    kpis: 'papers',
    records: '',
    status: 'in_progress',
  };

  it('a refused new recommendation keeps the text, the KPIs ticked and the status; the error beside the review', async () => {
    const res = await clients.coordinator.post(`/p/${PROJECT}/reports/recommendations?lang=en`, form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('>Reach more SMEs</textarea>');
    expect(html).toContain('>A webinar series</textarea>');
    expect(html).toMatch(/<input type="checkbox" name="kpis" value="papers" checked/);
    expect(html).toMatch(/<option value="in_progress" selected/);
    expect(element(html, 'err-review')).not.toBe('');
    const ja = await (
      await clients.coordinator.post(`/p/${PROJECT}/reports/recommendations?lang=ja`, {
        ...form,
        review: 'M18 review',
        records: 'nope',
      })
    ).text();
    expect(element(ja, 'err-records')).toContain('「nope」はどの記録も指していません');
    expect(ja).toContain('>nope</textarea>');
    expect(await listRecommendations(t.db, { actor: system, projectId: PROJECT })).toEqual([]);
  });

  it('a refused change keeps what was typed', async () => {
    const row = await createRecommendation(t.db, {
      actor: system,
      projectId: PROJECT,
      input: { review: 'M18 review', text: 'More videos' },
    });
    const res = await clients.coordinator.post(`/p/${PROJECT}/reports/recommendations/${row.id}?lang=en`, {
      ...form,
      review: 'M18 review, revised',
      text: '',
      version: String(row.version),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="M18 review, revised"');
    expect(element(html, 'err-text')).not.toBe('');
    expect(html).toContain(`name="version" value="${row.version}"`);
    const [stored] = await listRecommendations(t.db, { actor: system, projectId: PROJECT });
    expect(stored).toMatchObject({ review: 'M18 review', text: 'More videos' });
  });
});
