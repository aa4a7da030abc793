/** The DOCX is reproducible: the same model gives the same bytes whatever the wall clock says and however many before. */
import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportModelFixture } from '../../test/factories/report-model';
import { renderDocx } from './docx';
import { dosDateTime, renumberBookmarks } from './docx-stable';

afterEach(() => {
  vi.useRealTimers();
});

async function renderAt(wall: string, model = reportModelFixture()): Promise<Uint8Array> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(wall));
  try {
    return await renderDocx(model);
  } finally {
    vi.useRealTimers();
  }
}

describe('renderDocx reproducibility', () => {
  it('gives the same bytes for the same model at different wall-clock times', async () => {
    const a = await renderAt('2030-01-01T00:00:00Z');
    const b = await renderAt('2031-07-15T13:37:42Z');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('stamps the model’s time into the core properties and every zip entry', async () => {
    const model = reportModelFixture();
    const bytes = await renderAt('2030-01-01T00:00:00Z', model);
    const zip = await JSZip.loadAsync(bytes);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2019-06-03T09:00:00Z</dcterms:created>',
    );
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2019-06-03T09:00:00Z</dcterms:modified>',
    );
    expect(core).toContain('<dc:creator>Herald</dc:creator>');
    expect(core).toContain('<dc:description>year:1</dc:description>');
    // Every entry's DOS date/time (local header at offset 10) is the model's time, read in UTC.
    const { time, date } = dosDateTime(model.generatedAt);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let headers = 0;
    for (let i = 0; i + 4 <= bytes.byteLength; i++) {
      if (view.getUint32(i, true) !== 0x04034b50) continue;
      headers++;
      expect([view.getUint16(i + 10, true), view.getUint16(i + 12, true)]).toEqual([time, date]);
    }
    expect(headers).toBe(Object.values(zip.files).filter((f) => !f.dir).length);
    // A submitted report carries the submission time instead.
    const submitted = await renderAt('2030-01-01T00:00:00Z', {
      ...model,
      proof: {
        merkleRoot: 'ab'.repeat(32),
        keyFingerprint: 'cd'.repeat(32),
        submittedAt: '2020-02-03T10:00:00.000Z',
      },
    });
    const core2 = await (await JSZip.loadAsync(submitted)).file('docProps/core.xml')!.async('string');
    expect(core2).toContain('>2020-02-03T10:00:00Z</dcterms:created>');
  });

  it('numbers bookmarks from 1 in the order they start, names and anchors alike', () => {
    const xml =
      '<w:hyperlink w:anchor="_Toc57"/><w:instrText>PAGEREF _Toc57 \\h</w:instrText>' +
      '<w:bookmarkStart w:name="_Toc57" w:id="57"/><w:bookmarkEnd w:id="57"/>' +
      '<w:bookmarkStart w:name="_Toc60" w:id="60"/><w:bookmarkEnd w:id="60"/>';
    expect(renumberBookmarks(xml)).toBe(
      '<w:hyperlink w:anchor="_Toc1"/><w:instrText>PAGEREF _Toc1 \\h</w:instrText>' +
        '<w:bookmarkStart w:name="_Toc1" w:id="1"/><w:bookmarkEnd w:id="1"/>' +
        '<w:bookmarkStart w:name="_Toc2" w:id="2"/><w:bookmarkEnd w:id="2"/>',
    );
  });

  it('packs the date of an instant in MS-DOS form', () => {
    expect(dosDateTime('2019-06-03T09:00:00.000Z')).toEqual({
      time: (9 << 11) | (0 << 5) | 0,
      date: ((2019 - 1980) << 9) | (6 << 5) | 3,
    });
  });
});
