/** Charts for the DOCX: an echarts SVG rasterised to PNG with resvg, with a system CJK font so Japanese shows glyphs. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

/** The fonts resvg is given: files and the family that `sans-serif` (echarts' default) and unnamed text resolve to. */
export interface ChartFonts {
  files: string[];
  family: string | null;
}

let systemFonts: ChartFonts | null = null;

/**
 * The system's Japanese sans-serif font (fonts-noto-cjk: Noto Sans CJK JP), found once with fontconfig
 * (`fc-list :lang=ja`). Its Latin glyphs serve English text too, so every chart uses one font. Without fontconfig
 * or a Japanese font, resvg loads the system's fonts itself (`family` null): Japanese text may then show boxes.
 */
export function chartFonts(): ChartFonts {
  if (systemFonts) return systemFonts;
  const r = spawnSync('fc-list', [':lang=ja', 'file', 'family'], { encoding: 'utf8' });
  const faces = (r.status === 0 ? r.stdout : '')
    .split('\n')
    .map((line) => {
      const i = line.indexOf(': ');
      return i < 0 ? null : { file: line.slice(0, i), families: line.slice(i + 2).split(',') };
    })
    .filter((f): f is { file: string; families: string[] } => f !== null && existsSync(f.file))
    // Proportional sans-serif faces first (Noto Sans CJK), then any face that covers Japanese.
    .map((f) => ({
      ...f,
      rank: (/sans/i.test(f.families[0] ?? '') ? 0 : 2) + (/mono/i.test(f.families.join()) ? 1 : 0),
    }))
    .sort((a, b) => a.rank - b.rank);
  const best = faces[0];
  if (!best) return (systemFonts = { files: [], family: null });
  const family =
    faces.filter((f) => f.rank === best.rank).flatMap((f) => f.families.filter((n) => / JP$/.test(n)))[0] ??
    best.families[0] ??
    null;
  // Every file of the chosen family (regular and bold are separate collections).
  const files = [...new Set(faces.filter((f) => family && f.families.includes(family)).map((f) => f.file))];
  return (systemFonts = { files, family });
}

/** resvg's font options for a set of fonts: only those files (fast, deterministic), or the system's when none. */
export function resvgFontOptions(fonts: ChartFonts): NonNullable<ResvgRenderOptions['font']> {
  if (fonts.files.length === 0) return { loadSystemFonts: true };
  const family = fonts.family ?? undefined;
  return {
    loadSystemFonts: false,
    fontFiles: fonts.files,
    ...(family ? { defaultFontFamily: family, sansSerifFamily: family, serifFamily: family } : {}),
  };
}

export interface ChartPngOptions {
  svg: string;
  /** Output width in pixels (the SVG is scaled to it, keeping its aspect ratio). */
  width: number;
  /** The fonts to use; default the system's Japanese font (chartFonts()). */
  fonts?: ChartFonts;
}

/** Rasterises an SVG to PNG bytes (resvg, off the main thread), on a white background. */
export async function chartPng(opts: ChartPngOptions): Promise<Uint8Array> {
  const { renderAsync } = await import('@resvg/resvg-js');
  const image = await renderAsync(opts.svg, {
    font: resvgFontOptions(opts.fonts ?? chartFonts()),
    languages: ['ja', 'en'],
    fitTo: { mode: 'width', value: Math.max(1, Math.round(opts.width)) },
    background: '#ffffff',
    logLevel: 'off',
  });
  return new Uint8Array(image.asPng());
}
