/** The DOCX report's cover (identity, period, language, draft or proof, emblems, acknowledgement) and its end line. */
import { AlignmentType, Paragraph, TextRun, type ImageRun } from 'docx';
import { formatDate } from '../i18n';
import type { DocxContext } from './docx-parts';
import { identityImage, imageRow } from './docx-parts';

const centred = (text: string, opts: { size?: number; bold?: boolean; color?: string } = {}) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 120 },
    children: [new TextRun({ text, ...opts })],
  });

/** The language's own name in the report's language ("Japanese" / "日本語"). */
function languageName(ctx: DocxContext): string {
  try {
    const names = new Intl.DisplayNames([ctx.lang === 'ja' ? 'ja-JP' : 'en-GB'], { type: 'language' });
    return names.of(ctx.lang) ?? ctx.lang;
  } catch {
    return ctx.lang;
  }
}

/** The period line: "Project year 1 (1 June 2018 – 31 May 2019)" or a date range. */
export function periodText(ctx: DocxContext): string {
  const { period } = ctx.model;
  const from = formatDate(ctx.lang, period.from);
  const to = formatDate(ctx.lang, period.to);
  return period.year === null
    ? ctx.t('report.period.range', { from, to })
    : ctx.t('report.period.year', { year: period.year, from, to });
}

/** Draft line, or the evidence manifest's root and the key's fingerprint once submitted. */
export function statusParagraphs(ctx: DocxContext): Paragraph[] {
  const { proof } = ctx.model;
  if (!proof) return [centred(ctx.t('report.draft'), { bold: true, color: 'C00000' })];
  return [
    centred(ctx.t('report.submittedAt', { date: formatDate(ctx.lang, proof.submittedAt) }), { bold: true }),
    centred(ctx.t('report.proof', { root: proof.merkleRoot, fingerprint: proof.keyFingerprint }), {
      size: 18,
    }),
  ];
}

export async function coverChildren(ctx: DocxContext): Promise<Paragraph[]> {
  const { model } = ctx;
  const out: Paragraph[] = [];
  const logo = model.identity.logo
    ? await identityImage(model.identity.logo, { maxHeight: 110, id: ctx.drawingId() })
    : null;
  if (logo) out.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [logo] }));
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 480, after: 120 },
      children: [new TextRun({ text: model.project.acronym, bold: true, size: 72, color: ctx.primary })],
    }),
    centred(model.project.title, { size: 28 }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 720, after: 240 },
      children: [new TextRun({ text: ctx.t('report.title'), bold: true, size: 40, color: ctx.primary })],
    }),
    centred(periodText(ctx), { size: 26 }),
    centred(ctx.t('report.language', { language: languageName(ctx) })),
  );
  if (model.project.grantNumber) {
    // A string, so never grouped: "814917".
    out.push(
      centred(ctx.t('report.grant', { programme: model.project.programme, id: model.project.grantNumber })),
    );
  }
  out.push(
    centred(ctx.t('report.generatedAt', { date: formatDate(ctx.lang, model.generatedAt) }), { size: 18 }),
    ...statusParagraphs(ctx),
  );
  const emblems = (
    await Promise.all(
      model.identity.emblems.map((e) => identityImage(e, { maxHeight: 56, id: ctx.drawingId() })),
    )
  ).filter((e): e is ImageRun => e !== null);
  if (emblems.length > 0) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 960 },
        children: imageRow(emblems),
      }),
    );
  }
  if (model.identity.acknowledgement) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: emblems.length > 0 ? 120 : 960 },
        children: [new TextRun({ text: model.identity.acknowledgement, size: 18 })],
      }),
    );
  }
  return out;
}

/** The last lines of the document: the same draft or proof statement as the cover. */
export function endChildren(ctx: DocxContext): Paragraph[] {
  return [new Paragraph({ spacing: { before: 480 }, children: [] }), ...statusParagraphs(ctx)];
}
