import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { multipartBody, type Part } from '../../test/multipart';
import { AppError } from '../errors';
import { MIB, receiveUpload, safeFileName, type ReceiveOptions } from './upload-stream';

const TOKEN = 'a'.repeat(43);
const csrfError = () => new AppError({ code: 'csrf', status: 403, message: 'csrf' });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-receive-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function receive(parts: readonly Part[], opts: Partial<ReceiveOptions> = {}) {
  const { body, contentType } = multipartBody(parts);
  return receiveUpload({
    body,
    contentType,
    dir,
    maxBytes: MIB,
    maxFiles: 5,
    csrfVerified: false,
    checkCsrf: (token) => token === TOKEN,
    csrfField: '_csrf',
    csrfError,
    ...opts,
  });
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('safeFileName', () => {
  it('keeps a name as text: last segment, no control or bidi characters, NFC, bounded', () => {
    expect(safeFileName('C:\\Users\\ana\\news.csv')).toBe('news.csv');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('ok\u0000\u202Evsc.exe')).toBe('okvsc.exe');
    expect(safeFileName('  two\tspaces  .csv ')).toBe('two spaces .csv');
    expect(safeFileName('café.csv'.normalize('NFD'))).toBe('café.csv'.normalize('NFC'));
    expect(safeFileName('..')).toBe('upload');
    expect(safeFileName('')).toBe('upload');
    expect([...safeFileName('データ'.repeat(100))]).toHaveLength(200);
  });
});

describe('receiveUpload', () => {
  it('writes each file to disk with its hash and size, and returns the fields', async () => {
    const got = await receive([
      { name: '_csrf', value: TOKEN },
      { name: 'type', value: 'activity' },
      { name: 'file', filename: 'a.csv', data: 'title\nOne\n' },
      { name: 'file', filename: '', data: '' },
      { name: 'file', filename: '報告.csv', data: 'title\nTwo\n' },
    ]);
    expect(got.fields).toEqual({ type: 'activity' });
    expect(got.files).toEqual([
      { name: 'a.csv', path: join(dir, '0'), bytes: 10, sha256: sha('title\nOne\n') },
      { name: '報告.csv', path: join(dir, '1'), bytes: 10, sha256: sha('title\nTwo\n') },
    ]);
    expect(readFileSync(join(dir, '1'), 'utf8')).toBe('title\nTwo\n');
  });

  it('refuses a file before the CSRF token, a wrong token, and a form without one, writing nothing', async () => {
    const file = { name: 'file', filename: 'a.csv', data: 'x'.repeat(1000) };
    await expect(receive([file, { name: '_csrf', value: TOKEN }])).rejects.toMatchObject({ code: 'csrf' });
    expect(readdirSync(dir)).toEqual([]);
    await expect(receive([{ name: '_csrf', value: 'b'.repeat(43) }, file])).rejects.toMatchObject({
      code: 'csrf',
    });
    await expect(receive([{ name: 'type', value: 'activity' }])).rejects.toMatchObject({ code: 'csrf' });
    expect(readdirSync(dir)).toEqual([]);
    // A token already checked from the header needs no field.
    expect((await receive([file], { csrfVerified: true })).files).toHaveLength(1);
  });

  it('stops at the limit (all files together), naming the file that passed it', async () => {
    const half = new Uint8Array(600 * 1024);
    const err = await receive([
      { name: '_csrf', value: TOKEN },
      { name: 'file', filename: 'first.csv', data: half },
      { name: 'file', filename: 'second.csv', data: half },
    ]).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'payload_too_large',
      status: 413,
      params: { file: 'second.csv', max: 1 },
    });
    // What was written stays bounded by the limit (the caller deletes the folder).
    const written = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(written).toBeLessThanOrEqual(MIB);
  });

  it('refuses a body declared larger than the limit at its first file, before writing', async () => {
    const err = await receive(
      [
        { name: '_csrf', value: TOKEN },
        { name: 'file', filename: 'huge.csv', data: 'x' },
      ],
      { contentLength: 50 * MIB },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 413, params: { file: 'huge.csv' } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says the disk is full (507) when writing fails with ENOSPC', async () => {
    const full = () =>
      new Writable({
        write(_chunk, _encoding, done) {
          done(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
        },
      });
    const err = await receive(
      [
        { name: '_csrf', value: TOKEN },
        { name: 'file', filename: 'a.csv', data: 'title\nOne\n' },
      ],
      { open: full },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'upload_no_space', status: 507, params: { file: 'a.csv' } });
  });

  it('refuses more files than allowed, and a body that is not multipart', async () => {
    const one = { name: 'file', filename: 'a.csv', data: 'x' };
    await expect(
      receive([{ name: '_csrf', value: TOKEN }, one, one, one], { maxFiles: 2 }),
    ).rejects.toMatchObject({ status: 400, params: { max: 2 } });
    await expect(receive([one], { contentType: 'text/plain' })).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});
