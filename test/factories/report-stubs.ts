/**
 * Stand-ins for the report assembly and renderers in submission tests (the real ones are tested on their own): the
 * fixture model for the asked period with the proof it was given, rendered as an HTML page of the model's JSON.
 */
import type { assembleReport, AssembleOptions } from '../../src/reports/assemble';
import type { ReportFormat, ReportModel } from '../../src/reports/model';
import type { renderReport } from '../../src/reports/render';
import { reportModelFixture } from './report-model';

export const stubAssemble: typeof assembleReport = (_db, o: AssembleOptions) =>
  Promise.resolve({
    ...reportModelFixture({ lang: o.lang }),
    period:
      o.year !== undefined
        ? { scope: `year:${o.year}`, year: o.year, from: '', to: '' }
        : { scope: `range:${o.from}..${o.to}`, year: null, from: o.from ?? '', to: o.to ?? '' },
    proof: o.proof ?? null,
  } satisfies ReportModel);

export const stubRender: typeof renderReport = (model, format: ReportFormat) =>
  Promise.resolve({
    format,
    fileName: `report-${model.period.scope.replace(/[^a-z0-9]+/gi, '-')}-${model.lang}.${format}`,
    contentType: 'text/html; charset=utf-8',
    bytes: new TextEncoder().encode(`<!doctype html><pre>${JSON.stringify(model)}</pre>`),
  });
