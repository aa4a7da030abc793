/** Shared zod pieces for every boundary: calendar dates, bounded whole numbers, text without control characters. */
import { z } from 'zod';

/** C0 control characters and DEL: never in one-line text (names, codes, search terms, query parameters). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, except tab, line feed and carriage return: multi-line text (descriptions, titles from files). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True when `text` has a character PostgreSQL or a reader should never get (NUL above all). */
export const hasControlChars = (text: string, multiline = false): boolean =>
  (multiline ? CONTROL_MULTILINE : CONTROL).test(text);

const CONTROL_ISSUE = {
  message: 'must not contain control characters (such as NUL)',
  params: { key: 'validation.controlChars' },
};
const CONTROL_ISSUE_MULTILINE = {
  message: 'must not contain control characters other than tab and line breaks (such as NUL)',
  params: { key: 'validation.controlCharsMultiline' },
};

/**
 * Adds the control-character rule to a string schema (refinements keep the schema's type). `message` replaces
 * the issue's own (the account forms give i18n keys as messages).
 */
export function noControlChars<T extends z.ZodType<string>>(
  schema: T,
  multiline = false,
  message?: string,
): T {
  const issue = message !== undefined ? { message } : multiline ? CONTROL_ISSUE_MULTILINE : CONTROL_ISSUE;
  return schema.refine((s) => !hasControlChars(s, multiline), issue) as T;
}

/** One-line text: no control characters, at most `max` characters (trimmed). */
export const lineText = (max: number) => noControlChars(z.string().trim().max(max));
/** Multi-line text: tab and line breaks allowed, other control characters not; at most `max` characters. */
export const multilineText = (max: number) => noControlChars(z.string().trim().max(max), true);

/** `YYYY-MM-DD` of a day that exists (zod's ISO date checks months, month lengths and leap years). */
export const isoDate = z.iso.date();

/**
 * A whole number written in decimal digits, within bounds (query and path parameters are text): `20` digits or
 * `1e3` never reach the database.
 */
export const wholeNumber = (opts: { min: number; max: number }) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(opts.min).max(opts.max));

/** Paging: page numbers, page sizes, sequence numbers and limits. */
export const PAGE_MAX = 1_000_000;
export const pageNumber = wholeNumber({ min: 1, max: PAGE_MAX });
/** A project year (1-based); the plan says how many there are. */
export const projectYear = wholeNumber({ min: 1, max: 99 });

/** A kebab-case plan id (`joint-papers`) as a parameter. */
export const kebabId = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case id (lower-case letters, digits and "-")');

/** A database id of a record or file. */
export const uuidParam = z.guid();

/** Search and filter text in a query string. */
export const searchText = lineText(200);
