/** A list of publication metadata files (Crossref answers, CSL-JSON, RIS, BibTeX) read as one import. */
import { basename } from 'node:path';
import { parseFile } from './parse-file';
import {
  asNote,
  emptySummary,
  type CandidateRow,
  type ImportOptions,
  type ImportSummary,
  type ParsedFile,
} from './types';

/**
 * Reads a list of publication metadata files (Crossref answers, CSL-JSON, RIS, BibTeX; each detected on its own)
 * as one import: rows are numbered across the files and every row and error names its file.
 */
export async function parseFiles(request: {
  paths: readonly string[];
  options?: ImportOptions;
}): Promise<{ batches: AsyncIterable<CandidateRow[]>; summary: ImportSummary; files: ParsedFile[] }> {
  const options = request.options ?? {};
  const files = await Promise.all(
    request.paths.map((path) =>
      parseFile({ path, type: 'publication', options: { ...options, onProgress: undefined } }),
    ),
  );
  const summary = emptySummary(
    'csl-json',
    'publication',
    files.reduce((n, f) => n + f.summary.totalBytes, 0),
  );
  async function* batches(): AsyncGenerator<CandidateRow[]> {
    let offset = 0;
    for (const [i, file] of files.entries()) {
      const name = basename(request.paths[i] ?? '');
      let last = 0;
      for await (const batch of file.batches) {
        const named = batch.map((r) => ({
          ...r,
          row: r.row + offset,
          file: name,
          errors: r.errors.map((e) => ({ ...e, row: e.row + offset, file: name })),
        }));
        last = Math.max(last, ...batch.map((r) => r.row));
        summary.rows += named.length;
        summary.rowsWithErrors += named.filter((r) => r.errors.length > 0).length;
        options.onProgress?.({
          bytesRead: summary.bytesRead + file.summary.bytesRead,
          totalBytes: summary.totalBytes,
          rows: summary.rows,
        });
        yield named;
      }
      offset += last;
      summary.bytesRead += file.summary.totalBytes;
      summary.fileErrors.push(...file.summary.fileErrors.map((e) => ({ ...e, file: name })));
      summary.warnings.push(...file.summary.warnings.map((w) => ({ ...asNote(w), file: name })));
    }
  }
  return { batches: batches(), summary, files };
}
