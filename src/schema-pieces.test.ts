/** The shared zod pieces refuse what reached PostgreSQL as a 500: impossible dates, NUL bytes, 20-digit numbers. */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  hasControlChars,
  isoDate,
  lineText,
  multilineText,
  pageNumber,
  projectYear,
  searchText,
  uuidParam,
} from './schema-pieces';
import { nameSchema, resetRequestInput, signInInput, tokenInput } from './auth/schema';
import { issueKey } from './i18n/zod';

const ok = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

describe('schema pieces', () => {
  it('take real calendar dates only', () => {
    for (const d of ['2019-02-28', '2020-02-29', '2019-12-31']) expect(ok(isoDate, d), d).toBe(true);
    for (const d of ['2019-02-30', '2019-13-01', '2019-02-29', '2019-04-31', '2019-00-10', '20190210'])
      expect(ok(isoDate, d), d).toBe(false);
  });

  it('take whole numbers within bounds, in plain digits', () => {
    expect(pageNumber.parse('3')).toBe(3);
    expect(projectYear.parse('2')).toBe(2);
    for (const n of ['12345678901234567890', '0', '-1', '1e3', '1.5', ' 2', '0x10', ''])
      expect(ok(pageNumber, n), n).toBe(false);
    expect(ok(projectYear, '100')).toBe(false);
  });

  it('refuse control characters, with a translated message', () => {
    expect(hasControlChars('a\u0000b')).toBe(true);
    expect(hasControlChars('a\tb\nc', true)).toBe(false);
    expect(hasControlChars('a\nb')).toBe(true);
    for (const schema of [lineText(50), searchText, multilineText(50)]) {
      const r = schema.safeParse('a\u0000b');
      expect(r.success).toBe(false);
      const issue = r.error?.issues[0];
      expect(issue && issueKey(issue)?.key).toMatch(/^validation\.controlChars/);
    }
    expect(multilineText(50).parse('line 1\nline 2')).toBe('line 1\nline 2');
    expect(ok(lineText(50), 'line 1\nline 2')).toBe(false);
    expect(ok(searchText, 'x'.repeat(201))).toBe(false);
  });

  it('guard the account inputs too, with their own message keys', () => {
    expect(nameSchema.safeParse('Ana\u0000').error?.issues[0]?.message).toBe('auth.error.name');
    expect(signInInput.safeParse({ email: 'a\u0000@example.org', password: 'x' }).success).toBe(false);
    expect(resetRequestInput.safeParse({ email: 'a\u0000@example.org' }).success).toBe(false);
    const token = tokenInput.safeParse({ name: 'ci\u0007', partnerCode: 'UNIA', access: 'read' });
    expect(token.error?.issues.map((i) => i.message)).toEqual(['auth.error.tokenName']);
  });

  it('take ids that look like UUIDs', () => {
    expect(ok(uuidParam, '0b715326-b55f-4e30-8607-f3a968dc8177')).toBe(true);
    expect(ok(uuidParam, 'not-a-uuid')).toBe(false);
  });
});
