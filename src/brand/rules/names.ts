/**
 * brand/name-spelling: the plan's `forbidden_variants` (exactly as listed: "M-sec" is forbidden while "M-Sec" is the
 * name) and wrong casing of the canonical names' distinctive words, as whole words, never inside URLs, e-mail
 * addresses, #hashtags or @handles. Distinctive words are those with a capital or a non-letter ("M-Sec"); plain
 * lower-case words of a canonical name ("project") may be capitalised in titles and are not checked.
 */
import type { Diagnostic } from '../types';
import { excludedSpans } from '../text';
import { escapeRegExp, type Rule } from './context';

/** A phrase as a pattern: spaces match any white space, whole words only. */
const phrase = (s: string, flags: string) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}_#@\\-])${s.trim().split(/\s+/).map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}_])`,
    flags,
  );

export const nameSpelling: Rule = ({ plan, doc }) => {
  const identity = plan.identity;
  if (!identity) return [];
  const forbidden = identity.forbidden_variants.map((v) => ({ v, re: phrase(v, 'gu') }));
  const distinctive = [
    ...new Set(identity.canonical_names.flatMap((n) => n.split(/\s+/)).filter((w) => /[^\p{Ll}]/u.test(w))),
  ];
  const casing = distinctive.map((w) => ({ w, re: phrase(w, 'giu') }));
  const out: Diagnostic[] = [];
  for (const block of doc.blocks) {
    const spans = excludedSpans(block.text);
    const free = (s: number, e: number) => !spans.some(([a, b]) => s < b && e > a);
    const taken: [number, number][] = [];
    for (const { v, re } of forbidden)
      for (const m of block.text.matchAll(re)) {
        const s = m.index;
        const e = s + m[0].length;
        if (!free(s, e) || taken.some(([a, b]) => s < b && e > a)) continue;
        taken.push([s, e]);
        out.push({
          ruleId: 'brand/name-spelling',
          severity: 'error',
          messageKey: 'brand.name.forbidden',
          suggestionKey: 'brand.name.forbidden.fix',
          params: { found: m[0], variant: v, name: identity.canonical_names[0]! },
          location: block.at(s),
        });
      }
    for (const { w, re } of casing)
      for (const m of block.text.matchAll(re)) {
        const s = m.index;
        const e = s + m[0].length;
        if (m[0] === w || !free(s, e) || taken.some(([a, b]) => s < b && e > a)) continue;
        taken.push([s, e]);
        out.push({
          ruleId: 'brand/name-spelling',
          severity: 'error',
          messageKey: 'brand.name.casing',
          suggestionKey: 'brand.name.casing.fix',
          params: { found: m[0], name: w },
          location: block.at(s),
        });
      }
  }
  return out;
};
