/**
 * How long a post is on its network, and each network's limit (data, with its source). A post over its limit is an
 * error on the calendar; the form counts the same way in the browser (static/social-count.js mirrors `postLength`).
 *
 * Sources (as of 2026): X/Twitter — twitter-text configuration v3 (developer.x.com, "Counting characters"): 280,
 * every URL counts 23, code points of U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and U+2032–U+2037 count 1,
 * every other code point 2 (CJK text: 140 characters), an emoji sequence 2. Mastodon — 500 by default (docs.joinmastodon.org),
 * every URL 23. Bluesky — 300 graphemes (the app.bsky.feed.post lexicon's maxGraphemes). LinkedIn — 3,000
 * (a member's or page's post), Facebook — 63,206, Instagram — 2,200 (captions): characters (code points).
 */
import type { ChannelKind } from '../plan/schema';

export type Counting = 'twitter' | 'urls23' | 'graphemes' | 'codepoints';

export interface NetworkLimit {
  max: number;
  counting: Counting;
}

/** Length limits per channel kind; kinds without a row have none. */
export const NETWORK_LIMITS: Partial<Record<ChannelKind, NetworkLimit>> = {
  twitter: { max: 280, counting: 'twitter' },
  linkedin: { max: 3000, counting: 'codepoints' },
  mastodon: { max: 500, counting: 'urls23' },
  bluesky: { max: 300, counting: 'graphemes' },
  facebook: { max: 63206, counting: 'codepoints' },
  instagram: { max: 2200, counting: 'codepoints' },
};

/** What X and Mastodon take for a link: http(s) up to the next space. */
export const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/giu;
export const URL_LENGTH = 23;

const ONE = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
] as const;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const EMOJI = /\p{Extended_Pictographic}/u;

function twitterWeight(text: string): number {
  let n = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (EMOJI.test(segment)) {
      n += 2;
      continue;
    }
    for (const ch of segment) {
      const cp = ch.codePointAt(0) ?? 0;
      n += ONE.some(([a, b]) => cp >= a && cp <= b) ? 1 : 2;
    }
  }
  return n;
}

/** The length of `text` as `counting` measures it. */
export function countLength(text: string, counting: Counting): number {
  switch (counting) {
    case 'twitter': {
      const urls = text.match(URL_PATTERN) ?? [];
      return twitterWeight(text.replace(URL_PATTERN, '')) + urls.length * URL_LENGTH;
    }
    case 'urls23': {
      const urls = text.match(URL_PATTERN) ?? [];
      return [...text.replace(URL_PATTERN, '')].length + urls.length * URL_LENGTH;
    }
    case 'graphemes':
      return [...segmenter.segment(text)].length;
    case 'codepoints':
      return [...text].length;
  }
}

/** The post's length on `kind` and the limit, or undefined when the network has none. */
export function postLength(text: string, kind: ChannelKind): { length: number; max: number } | undefined {
  const limit = NETWORK_LIMITS[kind];
  return limit ? { length: countLength(text, limit.counting), max: limit.max } : undefined;
}
