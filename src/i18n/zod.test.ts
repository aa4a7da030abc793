import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueKey } from './zod';
import { en, ja } from './catalog';
import { hasKey, translate } from './index';
import * as validation from './validation-messages';

/** The issues of parsing `input` with `schema` (with the input on each issue, as the app parses). */
const issuesOf = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error.issues;
};

const urlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const cases: [string, z.ZodType, unknown, string][] = [
  ['invalid_type, missing', z.object({ a: z.string() }), {}, 'validation.required'],
  ['invalid_type, number', z.number(), 'many', 'validation.invalidType.number'],
  ['invalid_type, string', z.string(), 12, 'validation.invalidType.string'],
  ['invalid_type, int', z.int(), 1.5, 'validation.invalidType.int'],
  ['invalid_type, array', z.array(z.string()), 'x', 'validation.invalidType.array'],
  ['invalid_type, other', z.bigint(), 'x', 'validation.invalidType'],
  ['too_small, empty string', z.string().min(1), '', 'validation.tooSmall.emptyString'],
  ['too_small, string', z.string().min(3), 'ab', 'validation.tooSmall.string'],
  ['too_small, number', z.number().min(0), -1, 'validation.tooSmall.number'],
  ['too_small, exclusive', z.number().positive(), 0, 'validation.tooSmall.numberExclusive'],
  ['too_small, array', z.array(z.string()).min(1), [], 'validation.tooSmall.array'],
  [
    'too_small, date',
    z.date().min(new Date('2024-01-01')),
    new Date('2023-01-01'),
    'validation.tooSmall.date',
  ],
  ['too_big, string', z.string().max(2), 'abc', 'validation.tooBig.string'],
  ['too_big, number', z.number().max(10), 11, 'validation.tooBig.number'],
  ['too_big, exclusive', z.number().lt(10), 10, 'validation.tooBig.numberExclusive'],
  ['too_big, array', z.array(z.number()).max(1), [1, 2], 'validation.tooBig.array'],
  ['not_multiple_of', z.number().multipleOf(5), 7, 'validation.notMultipleOf'],
  ['invalid_format, date', z.iso.date(), '2024-02-30', 'validation.format.date'],
  ['invalid_format, datetime', z.iso.datetime(), 'yesterday', 'validation.format.datetime'],
  ['invalid_format, url', z.url(), 'not a url', 'validation.format.url'],
  ['invalid_format, http url', urlSchema, 'ftp://x.org', 'validation.format.httpUrl'],
  ['invalid_format, email', z.email(), 'me@', 'validation.format.email'],
  ['invalid_format, uuid', z.uuid(), 'x', 'validation.format.uuid'],
  ['invalid_format, regex', z.string().regex(/^\d+$/), 'abc', 'validation.format.regex'],
  [
    'invalid_format, known regex message',
    z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code (e.g. ES, JP)'),
    'Spain',
    'validation.format.country',
  ],
  ['invalid_format, other', z.string().startsWith('x'), 'abc', 'validation.format.other'],
  ['invalid_value, enum', z.enum(['a', 'b']), 'c', 'validation.invalidValue'],
  ['invalid_value, literal', z.literal('yes'), 'no', 'validation.invalidValue'],
  ['invalid_value, missing', z.object({ e: z.enum(['a', 'b']) }), {}, 'validation.required'],
  ['unrecognized_keys, one', z.strictObject({ a: z.string() }), { a: 'x', b: 1 }, 'validation.unknownKey'],
  [
    'unrecognized_keys, several',
    z.strictObject({ a: z.string() }),
    { a: 'x', b: 1, c: 2 },
    'validation.unknownFields',
  ],
  ['invalid_union', z.union([z.string(), z.number()]), true, 'validation.invalid'],
  [
    'custom with a key',
    z.string().superRefine((v, ctx) =>
      ctx.addIssue({
        code: 'custom',
        message: `reach given for "${v}", which is not among the audiences`,
        params: { key: 'validation.record.reachAudience', audience: v },
      }),
    ),
    'Citizens',
    'validation.record.reachAudience',
  ],
];

const leftover = /\{\w+\}/;

describe('issueKey', () => {
  it.each(cases)('%s → a key filled in both languages', (_name, schema, input, key) => {
    const [issue] = issuesOf(schema, input);
    expect(issue).toBeDefined();
    const mapped = issueKey(issue!);
    expect(mapped?.key).toBe(key);
    expect(hasKey(key)).toBe(true);
    expect(en[key as keyof typeof en]).toBeTruthy();
    expect(ja[key as keyof typeof ja]).toBeTruthy();
    for (const lang of ['en', 'ja'] as const) {
      const text = translate(lang, key, mapped?.params);
      expect(text, `${lang}: ${text}`).not.toMatch(leftover);
    }
  });

  it('writes Japanese that names the value', () => {
    const [issue] = issuesOf(z.iso.date(), '2024-02-30');
    const mapped = issueKey(issue!);
    expect(translate('ja', mapped!.key, mapped!.params)).toBe(
      '「2024-02-30」は日付ではありません（YYYY-MM-DD の形式で入力してください）',
    );
    const [choice] = issuesOf(z.enum(['online', 'onsite']), 'hybrid');
    const values = issueKey(choice!);
    expect(values?.params.values).toBe('online, onsite');
    expect(translate('ja', values!.key, values!.params)).toContain('online, onsite');
  });

  it('keeps a custom message without a key, and a regex message of its own', () => {
    const custom = issuesOf(
      z.string().refine(() => false, { message: 'an inferred standard body needs an inference_note' }),
      'x',
    );
    expect(issueKey(custom[0]!)).toBeUndefined();
    const regex = issuesOf(z.string().regex(/^#\w+$/, 'must be a #hashtag'), 'x');
    expect(issueKey(regex[0]!)).toBeUndefined();
  });
});

describe('the validation catalog', () => {
  it('has every key in Japanese, with only placeholders the English side is given', () => {
    const names = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
    for (const [key, text] of Object.entries(validation.en)) {
      const jaText = validation.ja[key as keyof typeof validation.en];
      expect(jaText, key).toBeTruthy();
      // Japanese shows a value bare in 「」 ({input}) where English quotes it ({value}).
      const allowed = new Set([...names(text), ...(names(text).has('value') ? ['input'] : [])]);
      if (key === 'validation.import.duplicateColumns') allowed.add('list');
      for (const name of names(jaText)) expect(allowed, `${key}: {${name}}`).toContain(name);
    }
  });
});
