import { describe, expect, it } from 'vitest';
import { h2020 } from './vocabularies';
import { activitySchema, publicationSchema } from './schema';
import { activityInput, publicationInput, validationContext } from '../../test/factories/records';
import { applyContext, partnerIndex } from './apply-context';

describe('applyContext', () => {
  const ctx = validationContext();

  it('resolves partner aliases (case-insensitive) in lead, partners and authors, without touching the input', () => {
    const record = publicationSchema.parse(
      publicationInput({
        lead_partner: 'unia',
        partners: ['CorpB', 'UNIA'],
        authors: [{ name: 'A, B', partner: 'corpb' }],
      }),
    );
    const { value, issues } = applyContext('publication', record, ctx);
    expect(issues).toEqual([]);
    expect(value).toMatchObject({
      lead_partner: 'UNIA',
      partners: ['CORPB', 'UNIA'],
      authors: [{ name: 'A, B', partner: 'CORPB' }],
    });
    expect(record.authors[0]?.partner).toBe('corpb');
  });

  it('checks the H2020 vocabulary, which has one audience list for both categories', () => {
    const h2020ctx = validationContext({ vocabulary: h2020 });
    const record = activitySchema.parse(
      activityInput({
        type: 'press release',
        audiences: ['general public'],
        channels: ['Website'],
        category: 'dissemination',
      }),
    );
    const { value, issues } = applyContext('activity', record, h2020ctx);
    expect(issues).toEqual([]);
    expect(value).toMatchObject({ type: 'Press release', audiences: ['General Public'] });
    const wrong = applyContext('activity', { ...record, audiences: ['Citizens'] }, h2020ctx);
    expect(wrong.issues.map((i) => i.path.join('.'))).toEqual(['audiences.0']);
  });

  it('checks plan codes when the context knows them', () => {
    const withLinks = validationContext({ links: { wp: new Set(['WP1', 'WP5']), kpi: new Set(['papers']) } });
    const { value, issues } = applyContext(
      'activity',
      activityInput({ wp: 'wp5', kpi: 'posters' }),
      withLinks,
    );
    expect(value.wp).toBe('WP5');
    expect(issues).toEqual([
      {
        path: ['kpi'],
        message: 'unknown KPI "posters" (known: papers)',
        key: 'validation.context.unknownLink.kpi',
        params: { code: 'posters', known: 'papers' },
      },
    ]);
  });

  it('builds the partner index from plan partners', () => {
    const index = partnerIndex([{ code: 'WLI', aliases: ['Waseda', 'Waseda University'] }, { code: 'ICCS' }]);
    expect([...index]).toEqual([
      ['wli', 'WLI'],
      ['waseda', 'WLI'],
      ['waseda university', 'WLI'],
      ['iccs', 'ICCS'],
    ]);
  });
});
