import { describe, expect, it } from 'vitest';
import { RECORD_FIELDS, RECORD_TYPES } from '../plan/schema';
import {
  activitySchema,
  duplicateKey,
  eventSchema,
  isFieldOptional,
  metricSchema,
  normaliseDoi,
  normaliseIsbn,
  normaliseIssn,
  publicationSchema,
  recordFieldNames,
  recordSchemas,
  synergySchema,
} from './schema';
import {
  activityInput,
  eventInput,
  metricInput,
  publicationInput,
  recordInput,
  synergyInput,
} from '../../test/factories/records';

const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('record schemas', () => {
  it.each(RECORD_TYPES)('accepts the factory %s', (type) => {
    const result = recordSchemas[type].safeParse(recordInput(type));
    expect(messages(result)).toEqual([]);
  });

  it('names fields as the KPI filters do (RECORD_FIELDS), apart from the computed ones', () => {
    // Computed when a record is written (joint_*), or an SQL name of a stored field (activity date = start_date).
    const computed = new Set([
      'activity.date',
      'publication.joint_eu_jp',
      'publication.joint_public_private',
    ]);
    for (const type of RECORD_TYPES) {
      const fields = new Set(recordFieldNames(type));
      const absent = Object.keys(RECORD_FIELDS[type]).filter(
        (f) => !fields.has(f) && !computed.has(`${type}.${f}`),
      );
      expect(absent, type).toEqual([]);
    }
  });

  it('applies defaults and rejects unknown fields', () => {
    const parsed = synergySchema.parse(synergyInput());
    expect(parsed.partners).toEqual([]);
    const extra = synergySchema.safeParse({ ...synergyInput(), colour: 'blue' });
    expect(messages(extra)).toEqual([': Unrecognized key: "colour"']);
    expect(isFieldOptional('metric', 'channel_scope')).toBe(true);
    expect(isFieldOptional('metric', 'channel')).toBe(false);
  });

  it('rejects an end date before the start and impossible dates', () => {
    expect(
      messages(activitySchema.safeParse(activityInput({ start_date: '2024-03-15', end_date: '2024-03-01' }))),
    ).toEqual(['end_date: end date 2024-03-01 is before the start 2024-03-15']);
    expect(eventSchema.safeParse(eventInput({ start_date: '2024-02-30', end_date: undefined })).success).toBe(
      false,
    );
  });

  it('refuses NUL and other control characters in every kind of text field, naming the field', () => {
    expect(messages(eventSchema.safeParse(eventInput({ name: 'Fair\u0000', city: 'Por\u0001to' })))).toEqual([
      'name: must not contain control characters other than tab and line breaks (such as NUL)',
      'city: must not contain control characters (such as NUL)',
    ]);
    const paper = publicationInput();
    const authors = [{ ...paper.authors[0], name: 'Silva\u0000' }];
    expect(messages(publicationSchema.safeParse({ ...paper, authors, venue: 'J\u007f' }))).toEqual([
      'authors.0.name: must not contain control characters (such as NUL)',
      'venue: must not contain control characters other than tab and line breaks (such as NUL)',
    ]);
    // Line breaks and tabs stay allowed in descriptions and titles.
    expect(activitySchema.safeParse(activityInput({ description: 'One\n\tTwo\r\n' })).success).toBe(true);
  });

  it('limits the description to 2000 characters and needs an audience', () => {
    const result = activitySchema.safeParse(activityInput({ description: 'x'.repeat(2001), audiences: [] }));
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['description', 'audiences']);
  });

  it('checks the reach per audience against the audiences', () => {
    const result = activitySchema.safeParse(
      activityInput({ reach_by_audience: { Citizens: 10, Investors: 5 } }),
    );
    expect(messages(result)).toEqual([
      'reach_by_audience.Investors: reach given for "Investors", which is not among the audiences',
    ]);
  });

  it('requires a venue for articles, papers and chapters, not for theses', () => {
    expect(messages(publicationSchema.safeParse(publicationInput({ venue: undefined })))).toEqual([
      'venue: a journal article needs a venue (journal, proceedings or book title)',
    ]);
    expect(publicationSchema.safeParse(publicationInput({ type: 'thesis', venue: undefined })).success).toBe(
      true,
    );
  });

  it('keeps the date in the publication year and embargoes to green open access', () => {
    const result = publicationSchema.safeParse(
      publicationInput({ date: '2023-12-01', embargo_end: '2024-06-01' }),
    );
    expect(messages(result)).toEqual([
      'date: date 2023-12-01 is not in year 2024',
      'embargo_end: an embargo applies only to the green open-access route',
    ]);
  });

  it('accepts metric values of 0 and more only', () => {
    expect(metricSchema.safeParse(metricInput({ value: 0 })).success).toBe(true);
    expect(messages(metricSchema.safeParse(metricInput({ value: -1 })))).toEqual([
      'value: must be 0 or more',
    ]);
  });

  it('takes any metric name (open vocabulary), written lower case with "_"', () => {
    for (const metric of ['likes', 'url_clicks', 'promoted_engagement_rate', 'フォロワー'])
      expect(metricSchema.safeParse(metricInput({ metric })).success).toBe(true);
    for (const metric of ['URL clicks', 'url__clicks', '_likes', ''])
      expect(metricSchema.safeParse(metricInput({ metric })).success).toBe(false);
  });
});

describe('identifiers', () => {
  it('normalises DOIs and rejects what is not one', () => {
    expect(normaliseDoi(' https://doi.org/10.1109/ACCESS.2020.ABC ')).toBe('10.1109/access.2020.abc');
    expect(normaliseDoi('doi:10.1000/XyZ')).toBe('10.1000/xyz');
    expect(publicationSchema.parse(publicationInput({ doi: 'https://dx.doi.org/10.1016/J.X.1' })).doi).toBe(
      '10.1016/j.x.1',
    );
    expect(messages(publicationSchema.safeParse(publicationInput({ doi: '11.2/abc' })))).toEqual([
      'doi: must be a DOI (10.NNNN/…)',
    ]);
  });

  it('validates ISBN-10 and ISBN-13 check digits', () => {
    expect(normaliseIsbn('978-3-16-148410-0')).toBe('9783161484100');
    expect(normaliseIsbn('ISBN 0-306-40615-2')).toBe('0306406152');
    expect(normaliseIsbn('0-8044-2957-X')).toBe('080442957X');
    expect(normaliseIsbn('978-3-16-148410-1')).toBeUndefined();
    expect(normaliseIsbn('0-306-40615-3')).toBeUndefined();
    const bad = publicationSchema.safeParse(publicationInput({ isbn: '978-3-16-148410-1' }));
    expect(messages(bad)).toEqual([
      'isbn: "978-3-16-148410-1" is not a valid ISBN-10 or ISBN-13 (wrong format or check digit)',
    ]);
  });

  it('validates ISSN check digits and formats them NNNN-NNNC', () => {
    expect(normaliseIssn('21693536')).toBe('2169-3536');
    expect(normaliseIssn('2434-561x')).toBe('2434-561X');
    expect(normaliseIssn('2169-3537')).toBeUndefined();
    expect(publicationSchema.parse(publicationInput({ issn: '1932 6203' })).issn).toBe('1932-6203');
  });
});

describe('open access', () => {
  it('is unknown unless given, never assumed closed', () => {
    const p = publicationSchema.parse(publicationInput({ open_access: undefined }));
    expect(p.open_access).toBe('unknown');
  });
});

describe('duplicateKey', () => {
  it('keys publications by DOI and title, else by title + date + lead partner', () => {
    const a = publicationSchema.parse(publicationInput({ doi: 'https://doi.org/10.1234/AB' }));
    const b = publicationSchema.parse(
      publicationInput({
        doi: '10.1234/ab',
        title: 'TIDAL power for coastal micro grids!',
        lead_partner: 'CORPB',
      }),
    );
    expect(duplicateKey('publication', a)).toBe(duplicateKey('publication', b));
    // One DOI, two titles: never one record (an import reports a conflict instead).
    const other = publicationSchema.parse(publicationInput({ doi: '10.1234/ab', title: 'Another title' }));
    expect(duplicateKey('publication', a)).not.toBe(duplicateKey('publication', other));
    const noDoi = publicationSchema.parse(publicationInput({ doi: undefined, title: 'Tidal  Power!' }));
    const same = publicationSchema.parse(publicationInput({ doi: undefined, title: 'tidal power' }));
    const otherLead = publicationSchema.parse(
      publicationInput({ doi: undefined, title: 'tidal power', lead_partner: 'CORPB' }),
    );
    expect(duplicateKey('publication', noDoi)).toBe(duplicateKey('publication', same));
    expect(duplicateKey('publication', noDoi)).not.toBe(duplicateKey('publication', otherLead));
  });

  it('keys metric snapshots by channel, metric and date', () => {
    const m = metricSchema.parse(metricInput());
    expect(duplicateKey('metric', m)).toBe(duplicateKey('metric', { ...m, value: 99 }));
    expect(duplicateKey('metric', m)).not.toBe(duplicateKey('metric', { ...m, date: '2024-07-01' }));
  });
});
