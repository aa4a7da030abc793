import { describe, expect, it } from 'vitest';
import { PUBLICATION_TYPES } from '../../plan/schema';
import { audiencesFor, h2020, horizonEurope, vocabularyFor } from './index';
import { VOCABULARY_LABELS_JA, vocabularyLabel } from './labels-ja';

describe('vocabularyFor', () => {
  it('gives each programme its own lists and falls back to Horizon Europe', () => {
    expect(vocabularyFor('H2020')).toBe(h2020);
    expect(vocabularyFor('Horizon 2020')).toBe(h2020);
    expect(vocabularyFor('HORIZON_EUROPE')).toBe(horizonEurope);
    expect(vocabularyFor('DIGITAL_EUROPE')).toBe(horizonEurope);
    expect(vocabularyFor(undefined)).toBe(horizonEurope);
  });

  it('keeps the Portal strings verbatim', () => {
    expect(horizonEurope.activityTypes).toContain('Other scientific cooperation');
    expect(horizonEurope.channels).toContain('Print materials (brochure, leaflet, posters, stickers, etc)');
    expect(h2020.activityTypes).toContain('Participation to an Event other than a Conference or a Workshop');
    expect(h2020.disseminationAudiences).toContain('Scientific Community (higher education, Research)');
    expect(horizonEurope.statuses).toEqual(['Cancelled', 'Delivered', 'Ongoing', 'Postponed']);
  });

  it('separates Horizon Europe communication and dissemination audiences', () => {
    expect(audiencesFor(horizonEurope, 'communication')).toContain('Civil authorities');
    expect(audiencesFor(horizonEurope, 'communication')).not.toContain('Civil society');
    expect(audiencesFor(horizonEurope, 'dissemination')).toContain('Civil society');
    expect(audiencesFor(h2020, 'communication')).toEqual(audiencesFor(h2020, 'dissemination'));
  });

  it('reuses the Horizon Europe channels for H2020 and labels every publication type', () => {
    expect(h2020.channels).toEqual(horizonEurope.channels);
    for (const v of [h2020, horizonEurope])
      for (const type of PUBLICATION_TYPES)
        expect(v.publicationTypes).toContain(v.publicationTypeLabels[type]);
  });
});

describe('Japanese labels', () => {
  it('labels every string of every vocabulary in Japanese, and leaves English verbatim', () => {
    for (const v of [h2020, horizonEurope]) {
      const all = [
        ...v.activityTypes,
        ...v.disseminationAudiences,
        ...v.communicationAudiences,
        ...v.channels,
        ...v.statuses,
        ...v.publicationTypes,
      ];
      const missing = all.filter((s) => !VOCABULARY_LABELS_JA[s]);
      expect(missing, v.programme).toEqual([]);
      for (const s of all) {
        expect(vocabularyLabel('en', s)).toBe(s);
        expect(vocabularyLabel('ja', s)).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      }
    }
  });
});
