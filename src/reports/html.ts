/** Renders the report as one standalone HTML page with print styles (CSS, images and SVG inline). (Seam: being written now; replaced by the real renderer.) */
import type { ReportModel } from './model';

export function renderHtml(model: ReportModel): string {
  throw new Error(`the html renderer is not built yet (${model.period.scope})`);
}
