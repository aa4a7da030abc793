/**
 * Renders the report as PDF: its HTML printed by Chromium through playwright-core. Chromium is found at run time
 * (`CHROMIUM_PATH`, else the usual Debian/Ubuntu/Chrome paths); without one, an AppError says how to install it.
 * One browser per call, closed before returning: reports are rare and slow anyway (a launch costs well under a
 * second beside the rendering), and nothing then lingers in the server to close on shutdown or to leak after a crash.
 */
import { access, constants } from 'node:fs/promises';
import { AppError } from '../errors';
import { renderHtml } from './html';
import type { ReportModel } from './model';

export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium executable to use: `CHROMIUM_PATH` when set (it must exist), else the first candidate found. */
export async function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = CHROMIUM_CANDIDATES,
): Promise<string> {
  const paths = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : candidates;
  for (const path of paths) {
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // Not there: the next one.
    }
  }
  const list = paths.join(', ');
  throw new AppError({
    code: 'chromium_missing',
    status: 503,
    message: `A PDF needs Chromium, and none was found (looked for ${list}). Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to its executable.`,
    params: { paths: list },
  });
}

/** Prints HTML to an A4 PDF (CSS page size and margins, backgrounds, page numbers in the footer). */
export async function htmlToPdf(html: string, opts: { executablePath: string }): Promise<Uint8Array> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: opts.executablePath, headless: true, args: ARGS });
  try {
    // No script runs and nothing is fetched: the document is standalone (data URIs, inline SVG and CSS).
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}

export async function renderPdf(model: ReportModel): Promise<Uint8Array> {
  const executablePath = await findChromium();
  return htmlToPdf(renderHtml(model), { executablePath });
}
