/**
 * The generated templates by name (`deliverable`, `agenda`, `minutes` as .docx, `slides` as .pptx) and how the plan's
 * own `identity.templates[]` entries map to them (by id or name: "Meeting Minutes" → minutes, "Power Point" →
 * slides); an entry no generator fits is listed without a download.
 */
import type { MessageKey } from '../../i18n';
import { localize, type Plan } from '../../plan/schema';
import { agendaDocx, deliverableDocx, minutesDocx } from './docx';
import type { TemplateIdentity } from './identity';
import { slidesPptx } from './pptx';

export const TEMPLATE_NAMES = ['deliverable', 'agenda', 'minutes', 'slides'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface TemplateKind {
  name: TemplateName;
  ext: 'docx' | 'pptx';
  contentType: string;
  label: MessageKey;
  render: (identity: TemplateIdentity) => Promise<Uint8Array>;
  /** Matches a plan template's id or English name. */
  matches: RegExp;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

export const TEMPLATE_KINDS: readonly TemplateKind[] = [
  {
    name: 'deliverable',
    ext: 'docx',
    contentType: DOCX,
    label: 'brand.kind.deliverable',
    render: deliverableDocx,
    matches: /deliverable|report|\bword\b/i,
  },
  {
    name: 'agenda',
    ext: 'docx',
    contentType: DOCX,
    label: 'brand.kind.agenda',
    render: agendaDocx,
    matches: /agenda/i,
  },
  {
    name: 'minutes',
    ext: 'docx',
    contentType: DOCX,
    label: 'brand.kind.minutes',
    render: minutesDocx,
    matches: /minute/i,
  },
  {
    name: 'slides',
    ext: 'pptx',
    contentType: PPTX,
    label: 'brand.kind.slides',
    render: slidesPptx,
    matches: /power[\s-]?point|slide|presentation|pptx/i,
  },
];

export const templateKind = (name: string): TemplateKind | undefined =>
  TEMPLATE_KINDS.find((k) => k.name === name);

/** The file name of a template: `<acronym>-<name>[-ja].<ext>` (the acronym kept to letters, digits and '-'). */
export const templateFileName = (acronym: string, kind: TemplateKind, lang: string): string =>
  `${acronym.replace(/[^A-Za-z0-9-]+/g, '-')}-${kind.name}${lang === 'en' ? '' : `-${lang}`}.${kind.ext}`;

export interface PlannedTemplate {
  id: string;
  name: string;
  kind: TemplateKind | null;
}

/** The plan's templates, each with the generator that fits it (its id is a template's name, else the first match). */
export function plannedTemplates(plan: Plan, lang: string): PlannedTemplate[] {
  return (plan.identity?.templates ?? []).map((t) => {
    const text = `${t.id} ${localize(t.name, 'en')}`;
    const kind =
      TEMPLATE_KINDS.find((k) => k.name === t.id) ?? TEMPLATE_KINDS.find((k) => k.matches.test(text)) ?? null;
    return { id: t.id, name: localize(t.name, lang), kind };
  });
}
