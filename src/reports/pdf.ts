/** Renders the report as PDF: its HTML printed by Chromium (playwright-core), found at run time. (Seam: being written now; replaced by the real renderer.) */
import type { ReportModel } from './model';

export function renderPdf(model: ReportModel): Promise<Uint8Array> {
  throw new Error(`the pdf renderer is not built yet (${model.period.scope})`);
}
