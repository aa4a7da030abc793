/**
 * LibreOffice for the `office` test tier: DOCX → PDF with `soffice --headless`, several files in ONE start, each run
 * with a private profile (parallel runs would otherwise share ~/.config/libreoffice and fail); PDF text via unpdf.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The soffice binary: SOFFICE_PATH, else `soffice` on the PATH (Debian's libreoffice-writer). */
export const sofficePath = (): string => process.env.SOFFICE_PATH ?? 'soffice';

/** Converts DOCX files (name → bytes) to PDF in one soffice run; returns name → PDF bytes. */
export async function docxToPdf(files: Record<string, Uint8Array>): Promise<Record<string, Uint8Array>> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-office-'));
  const inputs = Object.entries(files).map(([name, bytes]) => {
    const file = join(dir, `${name}.docx`);
    writeFileSync(file, bytes);
    return file;
  });
  const profile = pathToFileURL(join(dir, 'profile')).href;
  const out = join(dir, 'pdf');
  const args = [
    '--headless',
    '--norestore',
    `-env:UserInstallation=${profile}`,
    '--convert-to',
    'pdf',
    '--outdir',
    out,
    ...inputs,
  ];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(sofficePath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, output }));
  });
  const result: Record<string, Uint8Array> = {};
  for (const input of inputs) {
    const pdf = join(out, basename(input).replace(/\.docx$/, '.pdf'));
    if (!existsSync(pdf)) throw new Error(`soffice (exit ${code}) wrote no ${pdf}:\n${output}`);
    result[basename(input, '.docx')] = new Uint8Array(readFileSync(pdf));
  }
  return result;
}

/** A PDF's page count and its text, page after page. */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const { getDocumentProxy, extractText } = await import('unpdf');
  const pdf = await getDocumentProxy(bytes);
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { pages: totalPages, text };
}
