/**
 * One call for every format: the model in, the file out. Each format's renderer is loaded on first use (docx,
 * resvg and Chromium stay out of the server's memory until a report is made).
 */
import { REPORT_CONTENT_TYPES, type RenderedReport, type ReportFormat, type ReportModel } from './model';

/** The file name of a report: `<ACRONYM>-report-<scope>-<lang>.<ext>`, safe for every file system. */
export function reportFileName(model: ReportModel, format: ReportFormat): string {
  const scope = model.period.scope.replace(/[^A-Za-z0-9.-]+/g, '-');
  const acronym = model.project.acronym.replace(/[^A-Za-z0-9-]+/g, '-');
  return `${acronym}-report-${scope}-${model.lang}.${format}`;
}

export async function renderReport(model: ReportModel, format: ReportFormat): Promise<RenderedReport> {
  let bytes: Uint8Array;
  switch (format) {
    case 'docx':
      bytes = await (await import('./docx')).renderDocx(model);
      break;
    case 'html':
      bytes = new TextEncoder().encode((await import('./html')).renderHtml(model));
      break;
    case 'pdf':
      bytes = await (await import('./pdf')).renderPdf(model);
      break;
  }
  return {
    format,
    fileName: reportFileName(model, format),
    contentType: REPORT_CONTENT_TYPES[format],
    bytes,
  };
}
