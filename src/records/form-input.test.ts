import { describe, expect, it } from 'vitest';
import { recordInput } from '../../test/factories/records';
import { recordsPlan } from '../../test/records';
import { RECORD_TYPES } from '../plan/schema';
import { recordContextOf } from './context';
import { FORM_FIELDS, formToInput, recordToForm } from './form-input';
import { COMPUTED_FIELDS, inputFields } from './kinds';
import { recordSchemas } from './schema';
import { jointFlags, validateRecord } from './validate';

const rc = recordContextOf('tide-x', recordsPlan());

describe('record forms', () => {
  it.each(RECORD_TYPES)('offer every input field of a %s, and read back what they show', (type) => {
    const shown = FORM_FIELDS[type].map((s) => s.field);
    const computed: readonly string[] = COMPUTED_FIELDS[type] ?? [];
    expect(inputFields(type).filter((f) => !shown.includes(f) && !computed.includes(f))).toEqual([]);
    const input = recordInput(type);
    const back = formToInput(type, recordToForm(type, input));
    expect(back.errors).toEqual([]);
    expect(recordSchemas[type].parse(back.input)).toEqual(recordSchemas[type].parse(input));
  });

  it('reads lists, authors and reach per audience from text, and says which field it could not read', () => {
    const { input, errors } = formToInput('activity', {
      title: 'Talk',
      audiences: ['Citizens', 'Investors'],
      countries: 'pt\njp',
      links: 'https://a.example.org\nhttps://b.example.org',
      reach_by_audience: 'Citizens: 120\nInvestors: 4',
      persons_reached: 'a lot',
      joint_with_other_projects: 'on',
    });
    expect(input).toMatchObject({
      audiences: ['Citizens', 'Investors'],
      countries: ['PT', 'JP'],
      links: ['https://a.example.org', 'https://b.example.org'],
      reach_by_audience: { Citizens: 120, Investors: 4 },
      joint_with_other_projects: true,
      channels: [],
    });
    expect(errors.map((e) => e.path)).toEqual(['persons_reached']);
    const pub = formToInput('publication', { authors: 'Silva, Ana (Univ. A) [UNIA]\nSato, Ken [UNIJ]' });
    expect(pub.input.authors).toEqual([
      { name: 'Silva, Ana', affiliation: 'Univ. A', partner: 'UNIA' },
      { name: 'Sato, Ken', partner: 'UNIJ' },
    ]);
  });
});

describe('computed publication flags', () => {
  it('span regions and sectors of the lead and the authors’ partners', () => {
    expect(jointFlags(['UNIA', 'UNIJ'], rc.partners)).toEqual({
      joint_eu_jp: true,
      joint_public_private: false,
    });
    expect(jointFlags(['UNIA', 'CORPB'], rc.partners)).toEqual({
      joint_eu_jp: false,
      joint_public_private: true,
    });
    expect(jointFlags(['UNIA', 'NOBODY'], rc.partners)).toEqual({
      joint_eu_jp: false,
      joint_public_private: false,
    });
    const p = validateRecord(
      'publication',
      recordInput('publication', {
        lead_partner: 'CORPB',
        authors: [{ name: 'Sato, Ken', partner: 'univ. j' }],
      }),
      rc,
    );
    expect(p).toMatchObject({ partners: ['UNIJ'], joint_eu_jp: true, joint_public_private: true });
  });
});
