/**
 * Charts rasterised for the DOCX show Japanese as glyphs, not boxes: with the system's CJK font (fonts-noto-cjk),
 * two different Japanese strings give different images; with a Latin-only font both give the same boxes.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chartFonts, chartPng } from './chart-png';

const svg = (text: string) =>
  '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60">' +
  `<text x="8" y="40" font-family="sans-serif" font-size="28">${text}</text></svg>`;

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('chartPng', () => {
  it('finds the system Japanese sans-serif font with fontconfig', () => {
    const fonts = chartFonts();
    expect(fonts.family).toBe('Noto Sans CJK JP');
    expect(fonts.files.some((f) => f.endsWith('.ttc') || f.endsWith('.otf'))).toBe(true);
  });

  it('renders Japanese with the CJK font as distinct glyphs, where a Latin-only font draws the same boxes', async () => {
    const withCjk = [
      await chartPng({ svg: svg('普及活動'), width: 240 }),
      await chartPng({ svg: svg('報告書案'), width: 240 }),
    ];
    expect(same(withCjk[0]!, withCjk[1]!)).toBe(false);
    const latinFile = spawnSync('fc-match', ['-f', '%{file}', 'DejaVu Sans'], {
      encoding: 'utf8',
    }).stdout.trim();
    const latin = { files: [latinFile], family: 'DejaVu Sans' };
    const withoutCjk = [
      await chartPng({ svg: svg('普及活動'), width: 240, fonts: latin }),
      await chartPng({ svg: svg('報告書案'), width: 240, fonts: latin }),
    ];
    expect(same(withoutCjk[0]!, withoutCjk[1]!)).toBe(true);
    // And the Japanese PNG is not the blank one: something was drawn.
    const blank = await chartPng({ svg: svg(''), width: 240 });
    expect(same(withCjk[0]!, blank)).toBe(false);
  });

  it('renders Latin text with the same font (its Latin glyphs)', async () => {
    const a = await chartPng({ svg: svg('Followers'), width: 240 });
    const b = await chartPng({ svg: svg('Followees'), width: 240 });
    expect(same(a, b)).toBe(false);
    expect([...a.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });
});
