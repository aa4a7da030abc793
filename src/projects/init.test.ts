/** initPlan and the partner table: located errors, and plans that load clean for both programmes and every size. */
import { describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../errors';
import { coreIndicators, INDICATORS } from '../plan/library/indicators';
import { INIT_PROGRAMMES } from '../plan/library/programmes';
import { PROJECT_SIZES } from '../plan/library/types';
import { parsePlan } from '../plan/loader';
import { initPlan, type InitInput } from './init';
import { parsePartnerTable } from './init-partners';

const TSV = [
  'No\tShort name\tLegal name\tCountry\tType\tSector',
  '1\tUNI\tUniversity of Somewhere\tDE\tHES\t',
  '2\tACME\tAcme Robotics GmbH\tAT\tSME\tprivate',
  '3\tNICT\tNational Institute of Information and Communications Technology\tJP\tresearch\tpublic',
].join('\n');

const input = (over: Partial<InitInput> = {}): InitInput => ({
  acronym: 'NEW-Proj',
  programme: 'HORIZON_EUROPE',
  grant: '101070000',
  start: '2025-01-01',
  durationMonths: 36,
  partners: TSV,
  ...over,
});

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the partner table', () => {
  it('reads TSV with forgiving headers and values, and CSV without a header', () => {
    const r = parsePartnerTable(TSV);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.partners.map((p) => [p.code, p.kind, p.sector, p.region])).toEqual([
      ['UNI', 'university', 'public', 'EU'],
      ['ACME', 'sme', 'private', 'EU'],
      ['NICT', 'research', 'public', 'JP'],
    ]);
    const csv = parsePartnerTable('1,ABC,"Alpha, Beta & Co",el,PRC,\r\n2,XYZ,Xyz Ltd,uk,OTH,private\n');
    expect(csv).toMatchObject({
      ok: true,
      partners: [
        {
          number: 1,
          code: 'ABC',
          name: 'Alpha, Beta & Co',
          country: 'GR',
          kind: 'industry',
          sector: 'private',
        },
        { number: 2, code: 'XYZ', country: 'GB', region: 'GB', kind: 'other', sector: 'private' },
      ],
    });
  });

  it('names the row and column of every bad cell, and keeps nothing', () => {
    const r = parsePartnerTable(
      [
        'number;code;name;country;kind;sector;colour',
        '1;A B;Alpha;DE;university;',
        '2;OK;;Germany;university;public',
        'x;OK;Okay;FR;spaceship;middle',
        '4;ZZ;Zed;FR;other;',
      ].join('\n'),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message)).toEqual([
      'row 1, column colour: unknown column "colour"',
      'row 2, column code: "A B" is not a partner code (letters, digits, "_", "-", ".")',
      'row 3, column name: the name is empty',
      'row 3, column country: "Germany" is not a two-letter country code',
      'row 4, column number: "x" is not a whole number from 1',
      'row 4, column kind: "spaceship" is not one of university, research, industry, sme, public_body, other',
      'row 4, column sector: "middle" is not public or private',
      'row 5, column sector: "" is not public or private',
    ]);
    expect(r.errors.every((e) => e.path === 'partners' && typeof e.row === 'number')).toBe(true);
    const dup = parsePartnerTable('1\tA\tAlpha\tDE\tREC\n1\tA\tAlpha again\tDE\tREC\n');
    expect(dup.ok ? [] : dup.errors.map((e) => e.message)).toEqual([
      'row 2, column code: "A" repeats row 1',
      'row 2, column number: 1 repeats row 1',
    ]);
    expect(parsePartnerTable(' \n').ok).toBe(false);
    expect(parsePartnerTable('code\tname\tcountry\tkind\n').ok).toBe(false);
  });
});

describe('initPlan', () => {
  it('makes a plan that loads with no errors for both programmes and every size', () => {
    for (const programme of INIT_PROGRAMMES)
      for (const size of PROJECT_SIZES) {
        const r = initPlan(input({ programme, size }));
        const loaded = parsePlan(r.yaml, 'new.yaml');
        expect(loaded.ok, `${programme} ${size}`).toBe(true);
        if (!loaded.ok) continue;
        expect(loaded.plan).toEqual(r.plan);
        expect(r.warnings, `${programme} ${size}`).toEqual([]);
        expect(r.projectId).toBe('new-proj');
        expect(r.plan.kpis.map((k) => k.id)).toEqual(coreIndicators(size).map((i) => i.id));
        expect(r.plan.project.grants[0]).toMatchObject({
          funder: 'EC',
          number: '101070000',
          doi: '10.3030/101070000',
        });
        expect(r.plan.project.coordinator).toBe('UNI');
      }
  });

  it('fills in the programme: acknowledgement, audiences, and the chosen indicators with the size’s targets', () => {
    const r = initPlan(
      input({
        programme: 'H2020',
        grant: '814917',
        size: 'large',
        indicators: ['newsletters', 'video-views'],
        languages: ['en', 'ja'],
      }),
    );
    expect(r.plan.identity?.funding_acknowledgement).toContain('grant agreement No 814917');
    expect(r.plan.audiences.find((a) => a.id === 'research-community')?.funder_audiences).toEqual([
      'Scientific Community (higher education, Research)',
    ]);
    expect(r.plan.kpis.map((k) => [k.id, k.target])).toEqual([
      ['newsletters', 8],
      ['video-views', 10000],
    ]);
    expect(r.plan.project.languages).toEqual(['en', 'ja']);
    // Every library indicator at once also makes a clean plan.
    const all = initPlan(input({ indicators: INDICATORS.map((i) => i.id) }));
    expect(all.plan.kpis).toHaveLength(INDICATORS.length);
    expect(all.warnings).toEqual([]);
  });

  it('refuses bad facts with an error per field, and bad partner rows by row and column', () => {
    const e = refusal(() =>
      initPlan(
        input({
          acronym: '--',
          programme: 'FP7',
          grant: 'abc',
          start: '2025-13-01',
          durationMonths: 0,
          size: 'huge' as never,
          indicators: ['nope'],
          languages: ['fr'],
          partners: '1\tA\tAlpha\tDE\tspaceship\n',
        }),
      ),
    );
    expect(e.status).toBe(422);
    expect(e.details?.map((d) => d.path)).toEqual([
      'acronym',
      'programme',
      'grant',
      'start',
      'months',
      'size',
      'languages',
      'indicators',
      'partners',
    ]);
    expect(e.details?.at(-1)?.message).toBe(
      'row 1, column kind: "spaceship" is not one of university, research, industry, sme, public_body, other',
    );
  });
});
