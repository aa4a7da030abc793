/** A publication's licence: CC names and addresses → SPDX ids, other identifiers and addresses kept, the rest refused. */
import { describe, expect, it } from 'vitest';
import { isHorizonEuropeLicence, licenceSchema, normaliseLicence } from './licence';
import { publicationObjectSchema } from './schema';

describe('normaliseLicence', () => {
  it('turns Creative Commons addresses into SPDX identifiers', () => {
    expect(normaliseLicence('http://creativecommons.org/licenses/by/4.0/')).toBe('CC-BY-4.0');
    expect(normaliseLicence('https://creativecommons.org/licenses/by/4.0/legalcode.de')).toBe('CC-BY-4.0');
    expect(normaliseLicence('creativecommons.org/licenses/by/4.0')).toBe('CC-BY-4.0');
    expect(normaliseLicence('https://www.creativecommons.org/licenses/by-nc-nd/3.0/igo/')).toBe(
      'CC-BY-NC-ND-3.0-IGO',
    );
    expect(normaliseLicence('https://creativecommons.org/publicdomain/zero/1.0/')).toBe('CC0-1.0');
  });

  it('turns Creative Commons names into SPDX identifiers, whatever their spelling', () => {
    expect(normaliseLicence('CC BY 4.0')).toBe('CC-BY-4.0');
    expect(normaliseLicence(' cc-by-4.0 ')).toBe('CC-BY-4.0');
    expect(normaliseLicence('CC BY-NC-SA 4.0')).toBe('CC-BY-NC-SA-4.0');
    expect(normaliseLicence('CC0')).toBe('CC0-1.0');
    expect(normaliseLicence('CC0 1.0')).toBe('CC0-1.0');
  });

  it('keeps other identifiers and addresses, and refuses what is neither', () => {
    expect(normaliseLicence('MIT')).toBe('MIT');
    expect(normaliseLicence('LicenseRef-publisher-1')).toBe('LicenseRef-publisher-1');
    expect(normaliseLicence('https://www.elsevier.com/tdm/userlicense/1.0/')).toBe(
      'https://www.elsevier.com/tdm/userlicense/1.0/',
    );
    expect(normaliseLicence('CC BY')).toBeUndefined(); // which version?
    expect(normaliseLicence('all rights reserved')).toBeUndefined();
    expect(normaliseLicence('')).toBeUndefined();
    expect(normaliseLicence('https://')).toBeUndefined();
  });

  it('says which licences meet Horizon Europe’s rule: CC BY (any version) or CC0', () => {
    expect(['CC-BY-4.0', 'CC-BY-3.0-IGO', 'CC0-1.0'].map(isHorizonEuropeLicence)).toEqual([true, true, true]);
    expect(
      ['CC-BY-NC-4.0', 'CC-BY-SA-4.0', 'MIT', 'https://example.org/l'].map(isHorizonEuropeLicence),
    ).toEqual([false, false, false, false]);
  });
});

describe('the licence field', () => {
  it('validates and normalises, and says what is wrong with its i18n key', () => {
    expect(licenceSchema.parse('https://creativecommons.org/licenses/by/4.0/')).toBe('CC-BY-4.0');
    const r = publicationObjectSchema.shape.licence.safeParse('all rights reserved');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      message:
        '"all rights reserved" is not a licence: write an identifier such as CC-BY-4.0 or the licence\'s address',
      params: { key: 'validation.record.licence', input: 'all rights reserved' },
    });
  });
});
