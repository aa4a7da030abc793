/**
 * Social networks' post length limits, as data (the one place; a `src/social/` table, when it lands, is unified with
 * this one). `weighted`: X counts most CJK characters as 2 and every URL as 23 (its documented "weighted length").
 */
export interface NetworkLimit {
  name: string;
  limit: number;
  weighted?: boolean;
}

export const NETWORKS: Record<string, NetworkLimit> = {
  x: { name: 'X (Twitter)', limit: 280, weighted: true },
  twitter: { name: 'X (Twitter)', limit: 280, weighted: true },
  linkedin: { name: 'LinkedIn', limit: 3000 },
  facebook: { name: 'Facebook', limit: 63206 },
  instagram: { name: 'Instagram', limit: 2200 },
  mastodon: { name: 'Mastodon', limit: 500 },
  bluesky: { name: 'Bluesky', limit: 300 },
  threads: { name: 'Threads', limit: 500 },
  youtube: { name: 'YouTube (description)', limit: 5000 },
};

export const isNetwork = (v: string): boolean => Object.hasOwn(NETWORKS, v);

/** X's weighted length: URLs 23, code points in its weight-1 ranges 1, every other code point 2. */
function xLength(text: string): number {
  let n = 0;
  const rest = text.replace(/https?:\/\/\S+/g, () => {
    n += 23;
    return '';
  });
  for (const ch of rest.normalize('NFC')) {
    const c = ch.codePointAt(0)!;
    const light =
      c <= 0x10ff ||
      (c >= 0x2000 && c <= 0x200d) ||
      (c >= 0x2010 && c <= 0x201f) ||
      (c >= 0x2032 && c <= 0x2037);
    n += light ? 1 : 2;
  }
  return n;
}

/** A post's length as the network counts it (graphemes elsewhere). */
export function postLength(network: NetworkLimit, text: string): number {
  if (network.weighted) return xLength(text);
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].length;
}
