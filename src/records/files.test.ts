import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tinyPng } from '../../test/records';
import { AppError } from '../errors';
import {
  checkEvidence,
  cleanFileName,
  contentDisposition,
  downloadHeaders,
  type EvidenceFileRow,
} from './files';
import { sniffContentType, zipEntryNames } from './sniff';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

async function xlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('s').addRow(['a', 1]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'ok';
};

describe('sniffContentType', () => {
  it('recognises the accepted types from their bytes', async () => {
    expect(sniffContentType(tinyPng())).toBe('image/png');
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg');
    expect(sniffContentType(bytes('GIF89a', [1, 0, 1, 0]))).toBe('image/gif');
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffContentType(bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0]))).toBe('video/mp4');
    expect(sniffContentType(await xlsx())).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });

  it('refuses everything else: HTML, SVG, scripts, HEIF, plain ZIPs', async () => {
    for (const text of [
      '<!doctype html><p>x',
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      '#!/bin/sh\n',
      '',
    ])
      expect(sniffContentType(bytes(text)), text).toBeUndefined();
    expect(sniffContentType(bytes([0, 0, 0, 0x18], 'ftypheic'))).toBeUndefined();
    const office = await xlsx();
    expect(zipEntryNames(office)).toContain('[Content_Types].xml');
    // A ZIP whose names were changed is no longer an Office file.
    const renamed = Buffer.from(office)
      .toString('latin1')
      .replaceAll('[Content_Types].xml', '[Content_Typez].xml');
    expect(sniffContentType(bytes(renamed))).toBeUndefined();
  });
});

describe('checkEvidence', () => {
  it('needs the name and the declared type to agree with the content', () => {
    const png = tinyPng();
    expect(checkEvidence({ fileName: 'a.PNG', bytes: png, declaredType: 'image/png' })).toBe('image/png');
    expect(checkEvidence({ fileName: 'a.png', bytes: png, declaredType: 'application/octet-stream' })).toBe(
      'image/png',
    );
    expect(codeOf(() => checkEvidence({ fileName: 'a.jpg', bytes: png }))).toBe('file_mismatch');
    expect(codeOf(() => checkEvidence({ fileName: 'a.png', bytes: png, declaredType: 'text/html' }))).toBe(
      'file_mismatch',
    );
    expect(codeOf(() => checkEvidence({ fileName: 'a.jpg', bytes: bytes('<html>') }))).toBe('file_type');
    expect(codeOf(() => checkEvidence({ fileName: 'a.png', bytes: new Uint8Array(0) }))).toBe('file_empty');
  });
});

describe('downloads', () => {
  const file = (contentType: string, fileName: string) =>
    ({ contentType, fileName, size: 10 }) as EvidenceFileRow;

  it('are attachments (images may be inline), sandboxed, with the stored type', () => {
    const pdf = downloadHeaders(file('application/pdf', 'r.pdf'), true);
    expect(pdf['content-disposition']).toMatch(/^attachment;/);
    expect(pdf['content-security-policy']).toMatch(/^sandbox/);
    expect(pdf['x-content-type-options']).toBe('nosniff');
    expect(downloadHeaders(file('image/png', 'p.png'), true)['content-disposition']).toMatch(/^inline;/);
    expect(downloadHeaders(file('image/png', 'p.png'), false)['content-disposition']).toMatch(/^attachment;/);
  });

  it('keep any file name safe in the header', () => {
    expect(contentDisposition('attachment', '写真 "1".png')).toBe(
      `attachment; filename="__ _1_.png"; filename*=UTF-8''${encodeURIComponent('写真 "1".png')}`,
    );
    expect(cleanFileName('C:\\temp\\..\\evil\n"name".png')).toBe('evilname.png');
  });
});
