/**
 * The site's default Open Graph image when the plan has no logo file: a 1200×630 card in the plan's palette (brand
 * background, accent rule) with the acronym and the project's title, drawn as SVG and rasterised to PNG with resvg
 * (the reports' chart renderer and font). Kept per plan content: the same plan gives the same bytes.
 */
import { xmlElement } from '../lib/xml';
import { chartPng } from '../reports/chart-png';
import type { PublicSite } from './site';
import { siteColours } from './style';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** Words into lines of at most `max` characters (a word longer than a line gets a line of its own). */
function wrap(text: string, max: number, lines: number): string[] {
  const out: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = out.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= max) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  if (out.length > lines) {
    out.length = lines;
    out[lines - 1] = `${out[lines - 1]}…`;
  }
  return out;
}

/** The card's SVG (exported for tests). */
export function cardSvg(site: PublicSite): string {
  const { brand, accent } = siteColours(site.plan.identity?.palette.map((p) => p.hex) ?? []);
  const { acronym, title } = site.plan.project;
  const text = (x: number, y: number, size: number, weight: number, body: string) =>
    xmlElement(
      'text',
      {
        x: String(x),
        y: String(y),
        'font-size': String(size),
        'font-weight': String(weight),
        fill: '#ffffff',
      },
      body,
    ).xml;
  const titleLines = wrap(title, 38, 3).map((line, i) => text(80, 400 + i * 64, 48, 400, line));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">`,
    xmlElement('rect', { width: String(CARD_WIDTH), height: String(CARD_HEIGHT), fill: brand }).xml,
    xmlElement('rect', { y: String(CARD_HEIGHT - 24), width: String(CARD_WIDTH), height: '24', fill: accent })
      .xml,
    text(80, 260, 140, 700, acronym),
    ...titleLines,
    '</svg>',
  ].join('');
}

const cards = new Map<string, Promise<Uint8Array>>();

/** The card's PNG bytes for a site. */
export function siteCard(site: PublicSite): Promise<Uint8Array> {
  let hit = cards.get(site.contentHash);
  if (!hit) {
    hit = chartPng({ svg: cardSvg(site), width: CARD_WIDTH });
    cards.set(site.contentHash, hit);
    hit.catch(() => cards.delete(site.contentHash));
    if (cards.size > 50) cards.delete(cards.keys().next().value as string);
  }
  return hit;
}
