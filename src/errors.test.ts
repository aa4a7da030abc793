/** The error factories, and that no source file builds an access or bad-input error by hand. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { denied, ERROR_CODES, forbidden, isAppError, notFound, unauthenticated } from './errors';

const SRC = new URL('.', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

describe('error factories', () => {
  it('unauthenticated is a 401 with its i18n key', () => {
    const e = unauthenticated();
    expect(isAppError(e)).toBe(true);
    expect(e).toMatchObject({ code: 'unauthenticated', status: 401, messageKey: 'error.unauthenticated' });
    expect(e.message).toBe('Sign in to continue');
    expect(unauthenticated('Send a token').message).toBe('Send a token');
  });

  it('forbidden is a 403 that keeps what was needed', () => {
    const e = forbidden('You may not', { permission: 'record.create' });
    expect(e).toMatchObject({
      code: 'forbidden',
      status: 403,
      messageKey: 'error.forbidden',
      message: 'You may not',
    });
    expect(e.params).toEqual({ permission: 'record.create' });
  });

  it('denied asks an anonymous visitor to sign in and refuses anyone else', () => {
    expect(denied({ anonymous: true, message: 'no' }).code).toBe('unauthenticated');
    const e = denied({ anonymous: false, message: 'no', params: { permission: 'x' } });
    expect(e).toMatchObject({ code: 'forbidden', status: 403, message: 'no', params: { permission: 'x' } });
  });

  it('notFound keeps its shape', () => {
    expect(notFound('record')).toMatchObject({ code: 'not_found', status: 404, params: { what: 'record' } });
  });

  it('lists each code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

describe('error sites', () => {
  const files = sources(SRC).filter((f) => !f.endsWith('/errors.ts'));

  it('build forbidden / unauthenticated through the factories only', () => {
    const byHand = files.filter((f) =>
      /code:\s*[^,\n]*'(forbidden|unauthenticated)'/.test(readFileSync(f, 'utf8')),
    );
    expect(byHand.map((f) => f.slice(SRC.length))).toEqual([]);
  });

  it('use one code for bad input (`validation`), not `invalid_input`', () => {
    const old = files.filter((f) => readFileSync(f, 'utf8').includes("'invalid_input'"));
    expect(old.map((f) => f.slice(SRC.length))).toEqual([]);
  });
});
