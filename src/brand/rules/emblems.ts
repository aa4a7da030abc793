/**
 * brand/emblem-missing and brand/emblem-merged, for DOCX, PPTX, ODT, HTML and Markdown (formats whose images the
 * checker sees; PDF images are not read). A required emblem (`identity.required_emblems`) is recognised by:
 * 1. the SHA-256 of the plan's asset file (`assets[].file`, when readable) equal to an embedded image's;
 * 2. the image's file name: the asset file's name, or a name containing one of the asset's phrases;
 * 3. the image's alt text containing one of the asset's phrases.
 * An asset's phrases: its id with hyphens as spaces ("eu-emblem" → "eu emblem"), its name(s) and the parts of a name
 * split at parentheses ("EU emblem (flag of the European Union)" → "eu emblem", "flag of the european union"), plus,
 * for an asset naming the EU, the programme's EU emblem phrases.
 *
 * Merged (a heuristic, from words only: the pixels are not analysed): an image recognised as the EU emblem whose alt
 * text or file name also names another asset or says "logo", "combined", "merged", "lockup" or "banner" is reported as
 * a warning: the 2021–27 visibility rules forbid merging the EU emblem with other graphics.
 */
import { basename } from 'node:path';
import type { Asset, Plan } from '../../plan/schema';
import { EU_EMBLEM_PHRASES, MERGED_WORDS } from '../reference/programmes';
import type { Diagnostic, ImageRef } from '../types';
import { programmeOf } from './acknowledgement';
import type { Rule } from './context';

const IMAGE_FORMATS = new Set(['docx', 'pptx', 'odt', 'html', 'md']);

/** Lower case, letters and digits in words separated by single spaces. */
export const normPhrase = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const names = (a: Asset): string[] =>
  typeof a.name === 'string' ? [a.name] : [a.name.en, ...(a.name.ja ? [a.name.ja] : [])];

/** The asset's name as a localized parameter (English in `params`, Japanese when the plan gives it). */
const localizedName = (a: Asset) => ({ emblem: typeof a.name === 'string' ? { en: a.name } : a.name });

const isEu = (a: Asset): boolean =>
  names(a).some((n) => /\b(EU|European Union)\b/i.test(n)) || /(^|-)eu(-|$)/.test(a.id);

export function assetPhrases(plan: Plan, asset: Asset): string[] {
  const phrases = new Set<string>([normPhrase(asset.id)]);
  for (const n of names(asset)) {
    phrases.add(normPhrase(n));
    for (const part of n.split(/[()（）]/)) if (normPhrase(part).length > 2) phrases.add(normPhrase(part));
  }
  if (asset.kind === 'emblem' && isEu(asset))
    for (const p of programmeOf(plan)?.euEmblem ?? EU_EMBLEM_PHRASES) phrases.add(p);
  return [...phrases].filter((p) => p.length > 0);
}

const contains = (hay: string, phrase: string): boolean => ` ${hay} `.includes(` ${phrase} `);

function recognises(plan: Plan, asset: Asset, image: ImageRef, hashes: ReadonlyMap<string, string>): boolean {
  if (image.sha256 && hashes.get(image.sha256) === asset.id) return true;
  const file = basename(image.name);
  if (asset.file && basename(asset.file).toLowerCase() === file.toLowerCase()) return true;
  const text = `${normPhrase(file.replace(/\.[a-z0-9]+$/i, ''))} ${normPhrase(image.alt)}`;
  return assetPhrases(plan, asset).some((p) => contains(text, p));
}

export const emblems: Rule = ({ plan, doc, assetHashes }) => {
  const identity = plan.identity;
  if (!identity || !IMAGE_FORMATS.has(doc.kind)) return [];
  const out: Diagnostic[] = [];
  const required = identity.required_emblems
    .map((id) => identity.assets.find((a) => a.id === id))
    .filter((a): a is Asset => a !== undefined);
  for (const asset of required) {
    const hits = doc.images.filter((img) => recognises(plan, asset, img, assetHashes));
    if (!hits.length) {
      out.push({
        ruleId: 'brand/emblem-missing',
        severity: 'error',
        messageKey: 'brand.emblem.missing',
        suggestionKey: 'brand.emblem.missing.fix',
        params: { emblem: names(asset)[0]! },
        localized: localizedName(asset),
        location: { file: doc.file },
      });
      continue;
    }
    if (asset.kind !== 'emblem' || !isEu(asset)) continue;
    const others = identity.assets.filter((a) => a.id !== asset.id);
    for (const img of hits) {
      const text = `${normPhrase(basename(img.name).replace(/\.[a-z0-9]+$/i, ''))} ${normPhrase(img.alt)}`;
      const merged =
        MERGED_WORDS.some((w) => contains(text, w)) ||
        others.some((o) => assetPhrases(plan, o).some((p) => contains(text, p)));
      if (merged)
        out.push({
          ruleId: 'brand/emblem-merged',
          severity: 'warning',
          messageKey: 'brand.emblem.merged',
          suggestionKey: 'brand.emblem.merged.fix',
          params: { emblem: names(asset)[0]!, image: img.alt || basename(img.name) },
          localized: localizedName(asset),
          location: img.location,
        });
    }
  }
  return out;
};
