/**
 * The branded Word templates opened by another office suite: LibreOffice converts the deliverable and the minutes
 * (one soffice start for both) to PDF; the PDFs have pages and show the acknowledgement and the placeholders. (The
 * PPTX is not converted: the tier provisions LibreOffice Writer only, and Impress would be needed.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mSecWithFiles } from '../../../test/brand-templates';
import { docxToPdf, pdfText } from '../../../test/office';
import { deliverableDocx, minutesDocx } from './docx';
import { templateIdentity } from './identity';

const squash = (s: string) => s.replace(/\s+/g, '');

const pdfs: Record<string, { pages: number; text: string }> = {};
beforeAll(async () => {
  const id = await templateIdentity(await mSecWithFiles(), { lang: 'en', assetsDir: undefined });
  const converted = await docxToPdf({
    deliverable: await deliverableDocx(id),
    minutes: await minutesDocx(id),
  });
  for (const [name, bytes] of Object.entries(converted)) pdfs[name] = await pdfText(bytes);
}, 180_000);

describe('the templates through LibreOffice', () => {
  it('the deliverable has a cover and a body page with the acknowledgement and placeholders', () => {
    expect(pdfs.deliverable!.pages).toBeGreaterThanOrEqual(2);
    const text = squash(pdfs.deliverable!.text);
    expect(text).toContain(squash('[Deliverable title]'));
    expect(text).toContain(squash('Version history'));
    expect(text).toContain(squash('jointly funded by the European Union'));
  });

  it('the minutes have the title, the action table and the acknowledgement', () => {
    expect(pdfs.minutes!.pages).toBeGreaterThanOrEqual(1);
    const text = squash(pdfs.minutes!.text);
    expect(text).toContain('Minutes');
    expect(text).toContain(squash('Action items'));
    expect(text).toContain(squash('jointly funded by the European Union'));
  });
});
