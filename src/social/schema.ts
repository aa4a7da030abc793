/** What the social post forms send. The plan-dependent checks (channel, partner) are the service's. */
import { z } from 'zod';
import { lineText, multilineText } from '../schema-pieces';
import { urlSchema } from '../plan/schema';
import { LOCAL_DATETIME } from './time';

export const SOCIAL_STATES = ['draft', 'planned', 'posted', 'cancelled'] as const;
export type SocialState = (typeof SOCIAL_STATES)[number];

/** Channel kinds that are not social networks (no posts are planned on them). */
export const NOT_SOCIAL = ['website', 'blog', 'newsletter', 'press_releases', 'repository'] as const;

/** The longest text accepted (Facebook's limit; every network's own limit is a finding, not a refusal). */
export const MAX_TEXT = 63_206;

const localDateTime = lineText(16).pipe(
  z.string().regex(LOCAL_DATETIME, { error: 'is not a date and time (YYYY-MM-DDTHH:MM)' }),
);
const optional = (max: number) =>
  lineText(max)
    .optional()
    .transform((v) => (v ? v : null));

export const socialInputSchema = z.strictObject({
  channel: lineText(100).pipe(z.string().min(1, 'is required')),
  /** Local time in the strategy's time zone, as a `datetime-local` input sends it. */
  planned_at: localDateTime,
  text: multilineText(MAX_TEXT).pipe(z.string().min(1, 'is required')),
  image_alt: optional(1000),
  partner: optional(40),
  remove_image: z.enum(['1']).optional(),
});
export type SocialInput = z.input<typeof socialInputSchema>;

export const SOCIAL_FIELDS = [
  'channel',
  'planned_at',
  'text',
  'image_alt',
  'partner',
  'remove_image',
] as const;

export const postedInputSchema = z.strictObject({
  url: lineText(2000).pipe(urlSchema),
  /** Local time in the strategy's time zone; default: now. */
  posted_at: localDateTime.optional(),
});
export const POSTED_FIELDS = ['url', 'posted_at'] as const;
