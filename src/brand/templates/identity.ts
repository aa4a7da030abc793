/**
 * What the branded templates and the communication kit draw from the plan: names, palette, logo, the emblems every
 * material must carry (each with its image, or null when the plan names no readable file: a labelled placeholder
 * then), the funding acknowledgement (en + ja), description, hashtags and channels. `at` is the fixed instant stamped
 * into every generated file (the project's start), so the same plan always gives the same bytes.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import type { Lang } from '../../i18n';
import { localize, type Asset, type LocalizedText, type Plan } from '../../plan/schema';

export interface BrandImage {
  /** The file's base name (what the checker matches emblems by, with the alt text). */
  fileName: string;
  contentType: string;
  /** Base64 of the file's bytes. */
  data: string;
  /** The asset's name: the image's alt text. */
  alt: string;
}

/** A logo or emblem of the plan: its image when the plan has a readable file for it. */
export interface BrandAsset {
  id: string;
  name: string;
  image: BrandImage | null;
}

export interface PaletteColour {
  name: string;
  /** Upper-case RRGGBB without '#'. */
  hex: string;
}

export interface TemplateIdentity {
  lang: Lang;
  acronym: string;
  longName: string;
  programme: string;
  grants: { funder: string; programme: string | null; number: string; label: string | null }[];
  palette: PaletteColour[];
  logo: BrandAsset | null;
  emblems: BrandAsset[];
  /** The acknowledgement in `lang` (verbatim from the plan). */
  acknowledgement: string;
  acknowledgements: { en: string; ja: string | null };
  description: { short: string; technical: string | null };
  descriptions: Record<Lang, { short: string | null; technical: string | null }>;
  hashtags: string[];
  website: string | null;
  channels: { label: string; url: string }[];
  /** ISO instant written into every file (the project's first day, UTC). */
  at: string;
}

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

/** Used when the plan has no palette: a dark blue, a mid blue and a red (as the reports). */
const DEFAULT_PALETTE: PaletteColour[] = [
  { name: 'Primary', hex: '1F4E79' },
  { name: 'Secondary', hex: '5B9BD5' },
  { name: 'Accent', hex: 'C0504D' },
];

/** "#abc" / "#aabbcc" → "AABBCC". */
export const hex6 = (hex: string): string => {
  const h = hex.replace(/^#/, '').toUpperCase();
  return h.length === 3 ? [...h].map((c) => c + c).join('') : h;
};

async function assetImage(
  asset: Asset,
  lang: Lang,
  assetsDir: string | undefined,
): Promise<BrandImage | null> {
  if (!asset.file) return null;
  const contentType = IMAGE_TYPES[extname(asset.file).toLowerCase()];
  if (!contentType) return null;
  const candidates = isAbsolute(asset.file)
    ? [asset.file]
    : [...(assetsDir ? [join(assetsDir, asset.file)] : []), asset.file];
  for (const path of candidates) {
    try {
      const bytes = await readFile(path);
      return {
        fileName: asset.file.split(/[\\/]/).at(-1) ?? asset.file,
        contentType,
        data: bytes.toString('base64'),
        alt: localize(asset.name, lang),
      };
    } catch {
      // Not there: try the next place.
    }
  }
  return null;
}

const own = (t: LocalizedText | undefined, lang: Lang): string | null =>
  t === undefined
    ? null
    : typeof t === 'string'
      ? lang === 'en'
        ? t
        : null
      : lang === 'en'
        ? t.en
        : (t.ja ?? null);

/** The generic acknowledgement when the plan has no identity: "… received funding from <grants>." */
const genericAcknowledgement = (plan: Plan): string =>
  `This project has received funding from ${plan.project.grants
    .map((g) => `${g.label ?? g.funder} under grant agreement No ${g.number}`)
    .join(' and from ')}.`;

/** The plan's identity for templates in `lang`; asset files are looked for in `assetsDir` then the working directory. */
export async function templateIdentity(
  plan: Plan,
  o: { lang: Lang; assetsDir: string | undefined },
): Promise<TemplateIdentity> {
  const { lang } = o;
  const identity = plan.identity;
  const assets = identity?.assets ?? [];
  const slot = async (a: Asset): Promise<BrandAsset> => ({
    id: a.id,
    name: localize(a.name, lang),
    image: await assetImage(a, lang, o.assetsDir),
  });
  const logoAsset = assets.find((a) => a.kind === 'logo');
  const emblemAssets =
    identity && identity.required_emblems.length > 0
      ? identity.required_emblems.flatMap((id) => assets.filter((a) => a.id === id))
      : assets.filter((a) => a.kind === 'emblem');
  const palette = (identity?.palette ?? []).map((c, i) => ({
    name: c.name ?? `Colour ${i + 1}`,
    hex: hex6(c.hex),
  }));
  const ackEn = identity ? localize(identity.funding_acknowledgement, 'en') : genericAcknowledgement(plan);
  const ackJa = identity ? own(identity.funding_acknowledgement, 'ja') : null;
  const d = plan.project.description;
  const descriptionIn = (l: Lang) => ({ short: own(d.short, l), technical: own(d.technical, l) });
  const channels = plan.channels.map((c) => ({ label: localize(c.label, lang), url: c.url }));
  return {
    lang,
    acronym: plan.project.acronym,
    longName: identity?.long_name ?? plan.project.title,
    programme: plan.project.programme,
    grants: plan.project.grants.map((g) => ({
      funder: g.funder,
      programme: g.programme ?? null,
      number: g.number,
      label: g.label ?? null,
    })),
    palette: palette.length > 0 ? palette : DEFAULT_PALETTE,
    logo: logoAsset ? await slot(logoAsset) : null,
    emblems: await Promise.all(emblemAssets.map(slot)),
    acknowledgement: lang === 'ja' ? (ackJa ?? ackEn) : ackEn,
    acknowledgements: { en: ackEn, ja: ackJa },
    description: {
      short: localize(d.short, lang),
      technical: d.technical ? localize(d.technical, lang) : null,
    },
    descriptions: { en: descriptionIn('en'), ja: descriptionIn('ja') },
    hashtags: plan.social_strategy?.hashtags ?? [],
    website: plan.project.website ?? null,
    channels,
    at: `${plan.project.start_date}T00:00:00.000Z`,
  };
}

/** The palette's colours from darkest to lightest (relative luminance). */
export function byLuminance(palette: PaletteColour[]): PaletteColour[] {
  const lum = (hex: string) => {
    const n = parseInt(hex, 16);
    return 0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255);
  };
  return [...palette].sort((a, b) => lum(a.hex) - lum(b.hex));
}

/** The palette colour nearest to `hex` (Euclidean in RGB). */
export function nearest(palette: PaletteColour[], hex: string): string {
  const rgb = (h: string) => {
    const n = parseInt(h, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255] as const;
  };
  const [r, g, b] = rgb(hex);
  let best = palette[0]!.hex;
  let bestD = Infinity;
  for (const c of palette) {
    const [r2, g2, b2] = rgb(c.hex);
    const d = (r - r2) ** 2 + (g - g2) ** 2 + (b - b2) ** 2;
    if (d < bestD) [best, bestD] = [c.hex, d];
  }
  return best;
}

/** Black, white and greys (channels within 24 of each other): not used as the brand's main colours. */
const isGrey = (hex: string): boolean => {
  const n = parseInt(hex, 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return Math.max(...ch) - Math.min(...ch) < 24;
};

/**
 * The template's two colours, both from the palette: `primary` (headings, titles, text accents) the darkest colour
 * that is not a grey, `accent` (table headers, bands) the palette's first other colour that is not a grey.
 */
export function brandColours(palette: PaletteColour[]): { primary: string; accent: string } {
  const chromatic = palette.filter((c) => !isGrey(c.hex));
  const primary = byLuminance(chromatic.length > 0 ? chromatic : palette)[0]!.hex;
  return { primary, accent: chromatic.find((c) => c.hex !== primary)?.hex ?? primary };
}
