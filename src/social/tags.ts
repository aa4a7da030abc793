/**
 * Hashtags and mentions as a post's text carries them: `#word` (letters, digits, underscore, any script) and
 * `@handle` (X, LinkedIn, Bluesky `@name.domain`, Mastodon `@user@server`), not inside a word, an e-mail address or
 * a URL. The text is the truth; the lists are stored beside it for exports and the API.
 */
import { URL_PATTERN } from './length';

const HASHTAG = /(^|[^\p{L}\p{N}_&/])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
const MENTION =
  /(^|[^\p{L}\p{N}_.@/])@([A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)/gu;

const unique = (xs: string[]): string[] => {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = x.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

/** `#tags` and `@mentions` of `text` (with their sign, first spelling kept, in order). */
export function parseTags(text: string): { hashtags: string[]; mentions: string[] } {
  const plain = text.replace(URL_PATTERN, ' ');
  return {
    hashtags: unique([...plain.matchAll(HASHTAG)].map((m) => `#${m[2]}`)),
    mentions: unique([...plain.matchAll(MENTION)].map((m) => `@${m[2]}`)),
  };
}

/** Whether `text` carries `hashtag` (case-insensitively, as the networks match them). */
export const hasHashtag = (tags: readonly string[], hashtag: string): boolean =>
  tags.some((t) => t.toLowerCase() === hashtag.toLowerCase());
