import { describe, expect, it } from 'vitest';
import { LineDecoder, decodeText, describeEncoding } from './encoding';

describe('LineDecoder', () => {
  it('decodes UTF-8 split anywhere across chunks, and a BOM split too', async () => {
    const bytes = Buffer.from('\uFEFFnom,ville\nCafé,Logroño\n', 'utf8');
    const decoder = new LineDecoder();
    const out: string[] = [];
    decoder.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));
    for (let i = 0; i < bytes.length; i += 1) decoder.write(bytes.subarray(i, i + 1));
    decoder.end();
    await new Promise((resolve) => decoder.on('end', resolve));
    expect(out.join('')).toBe('nom,ville\nCafé,Logroño\n');
    expect(describeEncoding(decoder.report)).toBe('UTF-8 with BOM');
  });

  it('falls back to Windows-1252 per line, including the euro sign and curly quotes', () => {
    const { text, report } = decodeText(Buffer.from([0x80, 0x20, 0x92, 0x6f, 0x6b, 0x92, 0x0a, 0x61]));
    expect(text).toBe('€ ’ok’\na');
    expect(report).toMatchObject({ fallbackLines: 1, fallbackLineNumbers: [1], lines: 2 });
    expect(describeEncoding(report)).toBe('Windows-1252 (Latin-1)');
  });
});
