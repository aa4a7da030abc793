import { describe, expect, it } from 'vitest';
import { publicationInput } from '../../test/factories/records';
import { publicationSchema } from '../records/schema';
import { DoiIndex, markContainerDois } from './shared-doi';
import type { CandidateRow } from './types';

const row = (n: number, title: string, doi?: string): CandidateRow => ({
  row: n,
  input: { title, ...(doi ? { doi } : {}) },
  errors: [],
});
const paper = (title: string, doi = '10.1000/x.1') =>
  publicationSchema.parse(publicationInput({ title, doi }));

describe('markContainerDois', () => {
  it('moves a DOI that entries with different titles share to container_doi', () => {
    const rows = [
      row(1, 'Paper one', '10.1/vol'),
      row(2, 'Paper two', '10.1/vol'),
      row(3, 'Own', '10.1/own'),
    ];
    const notes = markContainerDois(rows);
    expect(rows.map((r) => [r.input.doi, r.input.container_doi, r.sharedDoi])).toEqual([
      [undefined, '10.1/vol', '10.1/vol'],
      [undefined, '10.1/vol', '10.1/vol'],
      ['10.1/own', undefined, undefined],
    ]);
    expect(notes).toHaveLength(1);
  });

  it('leaves a DOI that entries with the same title share (duplicates) alone', () => {
    const rows = [row(1, 'Same Title!', '10.1/a'), row(2, 'same title', '10.1/a')];
    expect(markContainerDois(rows)).toEqual([]);
    expect(rows.map((r) => r.input.doi)).toEqual(['10.1/a', '10.1/a']);
  });
});

describe('DoiIndex', () => {
  it('reports the same DOI under another title as a conflict, never as a duplicate', () => {
    const index = new DoiIndex();
    index.add(paper('Tidal power for coastal grids'), 1);
    expect(index.conflict(paper('TIDAL POWER for coastal grids.'), { row: 2 })).toBeUndefined();
    expect(index.conflict(paper('Wave energy markets'), { row: 3, line: 12 })).toEqual({
      row: 3,
      line: 12,
      doi: '10.1000/x.1',
      title: 'Wave energy markets',
      of: 1,
      otherTitle: 'Tidal power for coastal grids',
    });
    expect(index.conflict(paper('Wave energy markets', '10.1000/x.2'), { row: 4 })).toBeUndefined();
  });
});
