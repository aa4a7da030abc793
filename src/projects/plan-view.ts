/**
 * Pure helpers behind the plan pages (project months come from src/plan/time.ts): project phase and years, date
 * ranges in the locale, the palette's
 * colour roles and the per-project stylesheet. No I/O, no JSX.
 */
import type { Colour } from '../plan/schema';
import { monthOf, monthStart, parseIso } from '../plan/time';
import { dateFormat, formatDate, type Lang } from '../i18n';

// ---------------------------------------------------------------------------
// Project months
// ---------------------------------------------------------------------------

export type ProjectPhase =
  | { phase: 'not_started'; month: number }
  | { phase: 'running'; month: number }
  | { phase: 'ended'; month: number };

/** Where the project stands on `now`. */
export function projectPhase(startDate: string, durationMonths: number, now: Date): ProjectPhase {
  const month = monthOf(startDate, now);
  if (month < 1) return { phase: 'not_started', month };
  if (month > durationMonths) return { phase: 'ended', month };
  return { phase: 'running', month };
}

/** The month being run on `now`, or undefined outside the project. */
export function currentProjectMonth(
  startDate: string,
  durationMonths: number,
  now: Date,
): number | undefined {
  const p = projectPhase(startDate, durationMonths, now);
  return p.phase === 'running' ? p.month : undefined;
}

export interface MonthCell {
  /** Project month, 1-based. */
  month: number;
  /** ISO date of the first day of the project month. */
  start: string;
  /** Calendar year and month (1..12) the project month starts in. */
  calendarYear: number;
  calendarMonth: number;
}

export interface ProjectYear {
  /** Project year, 1-based. */
  year: number;
  months: MonthCell[];
  /** Consecutive runs of calendar years inside this project year, for a header row. */
  calendarYears: Array<{ year: number; span: number }>;
}

/** Months 1..duration grouped by project year (12 months each; the last year may be shorter). */
export function projectYears(startDate: string, durationMonths: number): ProjectYear[] {
  const years: ProjectYear[] = [];
  for (let month = 1; month <= durationMonths; month++) {
    const start = monthStart(startDate, month);
    const { y, m } = parseIso(start);
    const year = Math.ceil(month / 12);
    let py = years[year - 1];
    if (!py) {
      py = { year, months: [], calendarYears: [] };
      years.push(py);
    }
    py.months.push({ month, start, calendarYear: y, calendarMonth: m });
    const last = py.calendarYears.at(-1);
    if (last && last.year === y) last.span += 1;
    else py.calendarYears.push({ year: y, span: 1 });
  }
  return years;
}

// ---------------------------------------------------------------------------
// Dates in the locale
// ---------------------------------------------------------------------------

const locales: Record<Lang, string> = { en: 'en-GB', ja: 'ja-JP' };

/** A short month header: "J" in English, "7" in Japanese (whose narrow month "7月" is too wide for a cell). */
export function monthInitial(lang: Lang, iso: string): string {
  if (lang === 'ja') return String(parseIso(iso).m);
  return dateFormat(locales.en, { month: 'narrow', timeZone: 'UTC' }).format(
    new Date(`${iso.slice(0, 10)}T00:00:00Z`),
  );
}

/**
 * A date or a date range in the locale: "16–18 October 2018" / "2018年10月16日～18日"; month precision gives
 * "November 2018" / "2018年11月".
 */
export function formatDateRange(
  lang: Lang,
  start: string,
  end: string | undefined,
  precision: 'day' | 'month' = 'day',
): string {
  const first = formatDate(lang, start, precision);
  if (!end || end.slice(0, precision === 'day' ? 10 : 7) === start.slice(0, precision === 'day' ? 10 : 7)) {
    return first;
  }
  const a = parseIso(start);
  const b = parseIso(end);
  if (lang === 'en') {
    const opts: Intl.DateTimeFormatOptions =
      precision === 'month'
        ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
        : { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
    return new Intl.DateTimeFormat(locales.en, opts).formatRange(
      new Date(`${start.slice(0, 10)}T00:00:00Z`),
      new Date(`${end.slice(0, 10)}T00:00:00Z`),
    );
  }
  // Japanese: drop the parts the end shares with the start.
  const tail =
    precision === 'month'
      ? a.y === b.y
        ? `${b.m}月`
        : `${b.y}年${b.m}月`
      : a.y === b.y && a.m === b.m
        ? `${b.d}日`
        : a.y === b.y
          ? `${b.m}月${b.d}日`
          : `${b.y}年${b.m}月${b.d}日`;
  return `${first}～${tail}`;
}

// ---------------------------------------------------------------------------
// Palette and theme
// ---------------------------------------------------------------------------

export const DEFAULT_BRAND = { brand1: '#1f4e79', brand2: '#5b9bd5', brand3: '#c0504d' } as const;
export interface BrandRoles {
  brand1: string;
  brand2: string;
  brand3: string;
}

type Rgb = readonly [number, number, number];

/** Expands "#abc" to "#aabbcc" and lower-cases. */
export function normaliseHex(hex: string): string {
  const h = hex.toLowerCase();
  return h.length === 4 ? `#${h[1]}${h[1]}${h[2]}${h[2]}${h[3]}${h[3]}` : h;
}

const rgbOf = (c: Colour): Rgb => c.rgb;

/** WCAG relative luminance, 0 (black) .. 1 (white). */
export function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours. */
export const contrast = (a: Rgb, b: Rgb): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** Hue in degrees (0..360), or undefined for greys. */
function hue([r, g, b]: Rgb): number | undefined {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 16) return undefined;
  const d = max - min;
  let h: number;
  if (max === r) h = ((g - b) / d) % 6;
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

const hueDistance = (a: number | undefined, b: number | undefined): number => {
  if (a === undefined || b === undefined) return 180;
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
};

const WHITE: Rgb = [255, 255, 255];

/**
 * Roles of a plan's palette in the UI:
 * - brand-1 (header background, headings, links): the darkest colour that is neither black nor near-white, if it
 *   reads on white (contrast ≥ 4.5); otherwise the default;
 * - brand-2 (rules, planned cells): among the rest, the colour closest in hue to brand-1 (same family);
 * - brand-3 (accents: active tab, current month): the colour furthest in hue from brand-1.
 * Missing roles fall back to the defaults.
 */
export function paletteRoles(palette: readonly Colour[]): BrandRoles {
  const usable = palette.filter((c) => {
    const l = luminance(rgbOf(c));
    return l > 0.005 && l < 0.9;
  });
  const byDarkness = [...usable].sort((a, b) => luminance(rgbOf(a)) - luminance(rgbOf(b)));
  const darkest = byDarkness[0];
  const brand1 = darkest && contrast(rgbOf(darkest), WHITE) >= 4.5 ? darkest : undefined;
  const rest = usable.filter((c) => c !== brand1);
  const h1 = brand1 ? hue(rgbOf(brand1)) : undefined;
  const byHue = [...rest].sort((a, b) => hueDistance(h1, hue(rgbOf(a))) - hueDistance(h1, hue(rgbOf(b))));
  const brand2 = byHue[0];
  const brand3 = byHue.length > 1 ? byHue.at(-1) : undefined;
  return {
    brand1: brand1 ? normaliseHex(brand1.hex) : DEFAULT_BRAND.brand1,
    brand2: brand2 ? normaliseHex(brand2.hex) : DEFAULT_BRAND.brand2,
    brand3: brand3 ? normaliseHex(brand3.hex) : DEFAULT_BRAND.brand3,
  };
}

/** The light backgrounds of app.css text sits on (white, `--bg`, table headings, tinted cells). */
const LIGHT_BACKGROUNDS: readonly Rgb[] = [WHITE, [0xf7, 0xf8, 0xfa], [0xee, 0xf1, 0xf4], [0xfd, 0xf1, 0xef]];
const hexOf = (rgb: Rgb): string => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const rgbOfHex = (hex: string): Rgb => {
  const h = normaliseHex(hex);
  return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
};

/**
 * A shade of `hex` for text (WCAG AA, contrast ≥ 4.5 on white and app.css's light backgrounds): the colour itself when
 * it reads, otherwise the same hue darkened step by step. The palette stays as the plan defines it; only text
 * uses the shade (e.g. M-Sec's muted red #EE7260, 2.91:1 on white, becomes #ab5245).
 */
export function textShade(hex: string, min = 4.5): string {
  const base = rgbOfHex(hex);
  const reads = (c: Rgb) => LIGHT_BACKGROUNDS.every((bg) => contrast(c, bg) >= min);
  for (let k = 1; k > 0; k -= 0.01) {
    const c = base.map((v) => Math.round(v * k)) as unknown as Rgb;
    if (reads(c)) return hexOf(c);
  }
  return '#000000';
}

/** CSS class of the swatch of palette colour `index` (defined in the project's theme.css). */
export const swatchClass = (index: number): string => `swatch-${index + 1}`;

/**
 * The per-project stylesheet: the brand variables and one class per palette colour, so pages need no inline
 * `style` (the Content-Security-Policy forbids it). Hex values are validated by the plan schema.
 */
export function themeCss(palette: readonly Colour[]): string {
  const roles = paletteRoles(palette);
  const lines = [
    ':root {',
    `  --brand-1: ${roles.brand1};`,
    `  --brand-2: ${roles.brand2};`,
    `  --brand-3: ${roles.brand3};`,
    `  --brand-3-text: ${textShade(roles.brand3)};`,
    '}',
    ...palette.map((c, i) => `.${swatchClass(i)} { background: ${normaliseHex(c.hex)}; }`),
  ];
  return `${lines.join('\n')}\n`;
}
