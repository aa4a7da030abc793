/**
 * The communication kit for synergy partners (§4.9), one zip: README (en + ja), the logo and emblem files the plan
 * has, the palette (CSS variables and a swatch page), the funding acknowledgement (en + ja), the project description,
 * hashtags and channels, and every generated template in English and Japanese. Every entry is dated with the plan's
 * fixed instant, so the same plan gives the same bytes.
 */
import JSZip from 'jszip';
import { translate, type Lang } from '../../i18n';
import type { Plan } from '../../plan/schema';
import { TEMPLATE_KINDS, templateFileName } from './catalog';
import { templateIdentity, type BrandAsset, type TemplateIdentity } from './identity';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'colour';

/** `:root { --<acronym>-<colour name>: #RRGGBB; … }` */
export function paletteCss(id: TemplateIdentity): string {
  const prefix = slug(id.acronym);
  const lines = id.palette.map((c) => `  --${prefix}-${slug(c.name)}: #${c.hex};`);
  return `/* ${id.acronym} palette */\n:root {\n${lines.join('\n')}\n}\n`;
}

/** A small HTML page showing each colour with its name, hex and CSS variable. */
export function paletteHtml(id: TemplateIdentity): string {
  const prefix = slug(id.acronym);
  const swatches = id.palette
    .map(
      (c) =>
        `<figure><div style="background:#${c.hex};width:8rem;height:5rem;border:1px solid #${c.hex}"></div>` +
        `<figcaption>${esc(c.name)}<br><code>#${c.hex}</code><br><code>--${prefix}-${slug(c.name)}</code></figcaption></figure>`,
    )
    .join('\n');
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(id.acronym)} palette</title>` +
    `<link rel="stylesheet" href="palette.css"><style>body{font-family:Arial,sans-serif;display:flex;flex-wrap:wrap;gap:1rem}</style>` +
    `</head><body>\n${swatches}\n</body></html>\n`
  );
}

const fileOf = (dir: string, a: BrandAsset) => (a.image ? `${dir}/${a.image.fileName}` : null);

function readme(id: TemplateIdentity, lang: Lang): string {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) =>
    translate(lang, key, params);
  const missing = [...(id.logo ? [id.logo] : []), ...id.emblems].filter((a) => !a.image).map((a) => a.name);
  const lines = [
    `# ${t('brand.kit.readme.title', { name: id.acronym })}`,
    '',
    t('brand.kit.readme.intro', { name: id.acronym }),
    '',
    `## ${t('brand.kit.readme.contents')}`,
    '',
    ...(id.logo?.image ? [`- ${t('brand.kit.readme.logo')}`] : []),
    ...(id.emblems.some((e) => e.image) ? [`- ${t('brand.kit.readme.emblems')}`] : []),
    ...(missing.length > 0 ? [`- ${t('brand.kit.readme.missing', { names: missing.join(', ') })}`] : []),
    `- ${t('brand.kit.readme.palette')}`,
    `- ${t('brand.kit.readme.funding')}`,
    `- ${t('brand.kit.readme.about')}`,
    `- ${t('brand.kit.readme.social')}`,
    `- ${t('brand.kit.readme.templates')}`,
    '',
    t('brand.kit.readme.made', { name: id.acronym }),
    '',
  ];
  return lines.join('\n');
}

/** A text in `lang`, or the English one after a note that the plan has no Japanese text. */
const inLang = (lang: Lang, own: string | null, english: string) =>
  own ?? `${translate(lang, 'brand.kit.noJapanese')}\n\n${english}`;

function description(id: TemplateIdentity, lang: Lang): string {
  const d = id.descriptions[lang];
  const en = id.descriptions.en;
  const parts = [
    `${translate(lang, 'brand.kit.short')}\n\n${inLang(lang, d.short, en.short ?? id.description.short)}`,
    ...(en.technical
      ? [`${translate(lang, 'brand.kit.technical')}\n\n${inLang(lang, d.technical, en.technical)}`]
      : []),
  ];
  return `${id.acronym} – ${id.longName}\n\n${parts.join('\n\n')}\n`;
}

function social(id: TemplateIdentity, lang: Lang): string {
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  return [
    `${t('brand.kit.hashtags')}: ${id.hashtags.join(' ')}`,
    ...(id.website ? [`${t('brand.kit.website')}: ${id.website}`] : []),
    '',
    `${t('brand.kit.channels')}:`,
    ...id.channels.map((c) => `- ${c.label}: ${c.url}`),
    '',
  ].join('\n');
}

/** The kit's entries: path → content, in a fixed order. */
export async function kitEntries(
  plan: Plan,
  o: { assetsDir: string | undefined },
): Promise<[string, string | Uint8Array][]> {
  const en = await templateIdentity(plan, { lang: 'en', assetsDir: o.assetsDir });
  const ja = await templateIdentity(plan, { lang: 'ja', assetsDir: o.assetsDir });
  const images: [string, Uint8Array][] = [];
  for (const [dir, assets] of [
    ['logo', en.logo ? [en.logo] : []],
    ['emblems', en.emblems],
  ] as const) {
    for (const a of assets) {
      const path = fileOf(dir, a);
      if (path) images.push([path, new Uint8Array(Buffer.from(a.image!.data, 'base64'))]);
    }
  }
  const entries: [string, string | Uint8Array][] = [
    ['README.md', readme(en, 'en')],
    ['README.ja.md', readme(ja, 'ja')],
    ...images,
    ['palette/palette.css', paletteCss(en)],
    ['palette/palette.html', paletteHtml(en)],
    ['funding/acknowledgement.en.txt', `${en.acknowledgements.en}\n`],
    ['funding/acknowledgement.ja.txt', `${inLang('ja', en.acknowledgements.ja, en.acknowledgements.en)}\n`],
    ['about/description.en.txt', description(en, 'en')],
    ['about/description.ja.txt', description(ja, 'ja')],
    ['social/hashtags-and-channels.en.txt', social(en, 'en')],
    ['social/hashtags-and-channels.ja.txt', social(ja, 'ja')],
  ];
  for (const id of [en, ja]) {
    for (const kind of TEMPLATE_KINDS) {
      entries.push([
        `templates/${id.lang}/${templateFileName(id.acronym, kind, 'en')}`,
        await kind.render(id),
      ]);
    }
  }
  return entries;
}

/** The kit as zip bytes (every entry dated with the plan's fixed instant). */
export async function communicationKit(
  plan: Plan,
  o: { assetsDir: string | undefined },
): Promise<Uint8Array> {
  const zip = new JSZip();
  const date = new Date(`${plan.project.start_date}T00:00:00.000Z`);
  for (const [path, data] of await kitEntries(plan, o)) zip.file(path, data, { date, createFolders: false });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
