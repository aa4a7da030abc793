/**
 * zod issues → i18n keys of `./validation-messages.ts`, by issue code, so every form, the API and imports show
 * validation problems in the reader's language. `message` stays the English text; the key and its params are
 * what views translate. Custom issues keep their own message unless they carry `params.key`.
 */
import type { z } from 'zod';
import { hasKey } from './index';

export type Params = Record<string, string | number>;
export interface KeyedMessage {
  key: string;
  params: Params;
}

/** Longest input a message repeats: a 5 MB value is not echoed back whole. */
const SHOWN_MAX = 80;

/** Text fit to repeat: control characters as `\u0000` escapes, cut to {@link SHOWN_MAX} characters. */
export function printable(text: string): string {
  const visible = text.replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return visible.length > SHOWN_MAX ? `${visible.slice(0, SHOWN_MAX - 1)}…` : visible;
}

/** The input as the English messages show it: quoted text, JSON otherwise. */
export const shownValue = (input: unknown): string =>
  typeof input === 'string' ? `"${printable(input)}"` : printable(JSON.stringify(input) ?? String(input));

/** The input as Japanese messages show it, inside 「」: bare text, JSON otherwise. */
export const bareValue = (input: unknown): string =>
  printable(typeof input === 'string' ? input : (JSON.stringify(input) ?? String(input)));

const valueParams = (input: unknown): Params => ({ value: shownValue(input), input: bareValue(input) });

const TYPES = new Set(['string', 'number', 'int', 'boolean', 'array', 'object', 'date']);

/** Custom messages the schemas give to formats (regex, url) → their keys. */
const FORMAT_MESSAGES: Record<string, string> = {
  'must be a DOI (10.NNNN/…)': 'validation.format.doi',
  'must be an ISO 3166-1 alpha-2 country code (e.g. ES, JP)': 'validation.format.country',
  'must be a partner code (letters, digits, "_", "-", ".")': 'validation.format.partnerCode',
  'must be an http(s) URL': 'validation.format.httpUrl',
  'must be a metric name (e.g. url_clicks)': 'validation.format.metricName',
  'must be a whole number': 'validation.format.wholeNumber',
  'must be a kebab-case id (lower-case letters, digits and "-")': 'validation.format.kebabId',
};

const FORMAT_KEYS: Record<string, string> = {
  date: 'validation.format.date',
  datetime: 'validation.format.datetime',
  time: 'validation.format.time',
  url: 'validation.format.url',
  email: 'validation.format.email',
  uuid: 'validation.format.uuid',
  guid: 'validation.format.uuid',
  regex: 'validation.format.regex',
};

const keyed = (key: string, params: Params = {}): KeyedMessage => ({ key, params });

function sizeKey(
  kind: 'tooSmall' | 'tooBig',
  origin: string,
  bound: string,
  inclusive: boolean,
  input: unknown,
): KeyedMessage {
  const name = kind === 'tooSmall' ? 'minimum' : 'maximum';
  const params = { ...valueParams(input), [name]: bound };
  if (origin === 'string' && kind === 'tooSmall' && bound === '1')
    return keyed('validation.tooSmall.emptyString');
  if (origin === 'string' || origin === 'array' || origin === 'date')
    return keyed(`validation.${kind}.${origin}`, params);
  if (origin === 'set') return keyed(`validation.${kind}.array`, params);
  if (origin === 'number' || origin === 'int' || origin === 'bigint')
    return keyed(`validation.${kind}.${inclusive ? 'number' : 'numberExclusive'}`, params);
  return keyed(`validation.${kind}`, params);
}

const boundText = (b: unknown): string =>
  b instanceof Date ? b.toISOString().slice(0, 10) : typeof b === 'bigint' ? b.toString() : String(b);

/**
 * The i18n key and params of a zod issue, or undefined when only its own message says it well (a custom
 * message that has no key). Every key exists in both languages and its params fill every placeholder.
 */
export function issueKey(issue: z.core.$ZodIssue): KeyedMessage | undefined {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return keyed('validation.required');
      return TYPES.has(issue.expected)
        ? keyed(`validation.invalidType.${issue.expected}`, valueParams(input))
        : keyed('validation.invalidType', { ...valueParams(input), expected: issue.expected });
    case 'invalid_value':
      if (input === undefined) return keyed('validation.required');
      return keyed('validation.invalidValue', {
        ...valueParams(input),
        values: issue.values.map(String).join(', '),
      });
    case 'invalid_format': {
      const known = FORMAT_MESSAGES[issue.message];
      if (known !== undefined) return keyed(known, valueParams(input));
      // A regex with a message of its own says what it wants better than "not the expected format".
      if (issue.format === 'regex' && !issue.message.startsWith('Invalid')) return undefined;
      return keyed(FORMAT_KEYS[issue.format] ?? 'validation.format.other', {
        ...valueParams(input),
        format: issue.format,
      });
    }
    case 'too_small':
      return sizeKey('tooSmall', issue.origin, boundText(issue.minimum), issue.inclusive !== false, input);
    case 'too_big':
      return sizeKey('tooBig', issue.origin, boundText(issue.maximum), issue.inclusive !== false, input);
    case 'not_multiple_of':
      return keyed('validation.notMultipleOf', { ...valueParams(input), divisor: boundText(issue.divisor) });
    case 'unrecognized_keys':
      return keyed(issue.keys.length === 1 ? 'validation.unknownKey' : 'validation.unknownFields', {
        keys: issue.keys.map((k) => `"${k}"`).join(', '),
      });
    case 'custom': {
      const { key, ...params } = (issue.params ?? {}) as Record<string, unknown>;
      if (typeof key !== 'string' || !hasKey(key)) return undefined;
      const values = Object.entries(params).filter(
        (e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number',
      );
      return keyed(key, Object.fromEntries(values));
    }
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return input === undefined
        ? keyed('validation.required')
        : keyed('validation.invalid', valueParams(input));
  }
}
