/** Renders the report as DOCX (docx): cover, TOC field, headings, tables, charts as PNG. (Seam: being written now; replaced by the real renderer.) */
import type { ReportModel } from './model';

export function renderDocx(model: ReportModel): Promise<Uint8Array> {
  throw new Error(`the docx renderer is not built yet (${model.period.scope})`);
}
