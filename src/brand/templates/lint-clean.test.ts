/**
 * The "a generated template checks clean": every template Herald generates from a plan's identity (the DOCX
 * deliverable, agenda and minutes, the PPTX slides), in English and Japanese, for M-Sec (H2020, two emblems) and for
 * a second project (Horizon Europe, another palette and name), goes through the brand checker with no error. And the
 * checker is not blind to them: a template whose acknowledgement is removed is caught.
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { mSecWithFiles, tideXPlan } from '../../../test/brand-templates';
import type { Plan } from '../../plan/schema';
import { lintFiles } from '../check';
import { agendaDocx, deliverableDocx, minutesDocx } from './docx';
import { templateIdentity } from './identity';
import { slidesPptx } from './pptx';

const GENERATORS = {
  'deliverable.docx': deliverableDocx,
  'agenda.docx': agendaDocx,
  'minutes.docx': minutesDocx,
  'slides.pptx': slidesPptx,
} as const;

let plans: Record<string, Plan>;
beforeAll(async () => {
  plans = { 'M-Sec': await mSecWithFiles(), 'Tide-X': tideXPlan() };
});

/** Each generated template of `plan` in `lang`, checked; the errors per file. */
async function errorsOf(plan: Plan, lang: 'en' | 'ja'): Promise<Record<string, string[]>> {
  const identity = await templateIdentity(plan, { lang, assetsDir: undefined });
  const targets = await Promise.all(
    Object.entries(GENERATORS).map(async ([file, make]) => ({ file, bytes: await make(identity) })),
  );
  const results = await lintFiles(targets, { plan });
  return Object.fromEntries(
    results.map((r) => [
      r.file,
      [
        ...(r.error ? [`unreadable: ${r.error.message}`] : []),
        ...r.diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => `${d.ruleId} at ${JSON.stringify(d.location)}`),
      ],
    ]),
  );
}

describe('generated templates', () => {
  for (const project of ['M-Sec', 'Tide-X'])
    for (const lang of ['en', 'ja'] as const)
      it(`check clean: ${project}, ${lang}`, async () => {
        const errors = await errorsOf(plans[project]!, lang);
        expect(Object.keys(errors)).toEqual(Object.keys(GENERATORS));
        expect(errors).toEqual(Object.fromEntries(Object.keys(GENERATORS).map((f) => [f, []])));
      });

  it('are not passed blindly: without the acknowledgement, the check fails', async () => {
    const plan = plans['M-Sec']!;
    const identity = await templateIdentity(plan, { lang: 'en', assetsDir: undefined });
    const zip = await JSZip.loadAsync(await deliverableDocx(identity));
    const ack = plan.identity!.funding_acknowledgement;
    const first = (typeof ack === 'string' ? ack : ack.en).split(' ').slice(0, 4).join(' ');
    let cut = 0;
    for (const name of Object.keys(zip.files).filter((n) => /^word\/.*\.xml$/.test(n))) {
      const xml = await zip.file(name)!.async('string');
      if (xml.includes(first)) {
        zip.file(name, xml.split(first).join('The project'));
        cut += 1;
      }
    }
    expect(cut).toBeGreaterThan(0);
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const [result] = await lintFiles([{ file: 'cut.docx', bytes }], { plan });
    expect(result?.diagnostics.map((d) => d.ruleId)).toContain('brand/funding-acknowledgement');
  });
});
