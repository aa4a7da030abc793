/** What a news form sends: English required, Japanese optional (the site falls back to English with its notice). */
import { z } from 'zod';
import { lineText, multilineText } from '../../schema-pieces';
import { isoDateSchema } from '../../plan/schema';

export const NEWS_STATES = ['draft', 'proposed', 'published', 'withdrawn'] as const;
export type NewsState = (typeof NEWS_STATES)[number];

/** `/news/<slug>`: lower-case letters, digits and single hyphens. */
export const newsSlug = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'may hold only lower-case letters, digits and single hyphens');

const required = (max: number, multiline = false) =>
  (multiline ? multilineText(max) : lineText(max)).pipe(z.string().min(1, 'is required'));
const optional = (max: number, multiline = false) =>
  (multiline ? multilineText(max) : lineText(max)).optional().transform((v) => (v ? v : null));

export const newsInputSchema = z.strictObject({
  slug: newsSlug,
  title_en: required(200),
  title_ja: optional(200),
  summary_en: required(500, true),
  summary_ja: optional(500, true),
  body_en: required(50_000, true),
  body_ja: optional(50_000, true),
  publish_on: isoDateSchema,
  image_alt_en: optional(300),
  image_alt_ja: optional(300),
  /** Checked: the post's image is removed. */
  remove_image: z.enum(['1']).optional(),
});
export type NewsInput = z.input<typeof newsInputSchema>;

/** The form's field names (the routes take exactly these from the body). */
export const NEWS_FIELDS = [
  'slug',
  'title_en',
  'title_ja',
  'summary_en',
  'summary_ja',
  'body_en',
  'body_ja',
  'publish_on',
  'image_alt_en',
  'image_alt_ja',
  'remove_image',
] as const;

export const rejectSchema = z.strictObject({ reason: required(1000, true) });
