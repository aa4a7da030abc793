/**
 * The editor's forms ↔ plan sections. Each input is named by its path in the plan (`project.title`,
 * `kpis.3.target`), so the loader's located errors land beside their field with no mapping. Values are read
 * leniently: a number that is not one stays text, and the plan check refuses it at its path.
 */
import type { LocalizedText, Plan } from '../plan/schema';
import type { PlanSection } from './edit-service';

export type FormValues = Record<string, string | string[]>;

/** The sections with a form so far (the others are edited in YAML); the URL segment → the plan section. */
export const EDIT_FORMS = { facts: 'project', kpis: 'kpis' } as const satisfies Record<string, PlanSection>;
export type EditForm = keyof typeof EDIT_FORMS;

const text = (v: FormValues, name: string): string => {
  const x = v[name];
  return (Array.isArray(x) ? x[0] : x) ?? '';
};
const list = (v: FormValues, name: string): string[] => {
  const x = v[name];
  return Array.isArray(x) ? x : x ? [x] : [];
};

/** A number when the text is one, else the text itself (the check then says "expected number" at its path). */
export function numberOf(s: string): number | string {
  const t = s.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

const localizedFields = (name: string, value: LocalizedText | undefined): FormValues => ({
  [`${name}.en`]: value === undefined ? '' : typeof value === 'string' ? value : value.en,
  [`${name}.ja`]: value === undefined || typeof value === 'string' ? '' : (value.ja ?? ''),
});

/** Bilingual text from its en and ja fields, in the shape it had (plain text stays plain without a ja text). */
function localizedOf(v: FormValues, name: string, was: LocalizedText | undefined): LocalizedText | undefined {
  const en = text(v, `${name}.en`);
  const ja = text(v, `${name}.ja`).trim();
  if (!en.trim() && !ja && was === undefined) return undefined;
  if (ja) return { en, ja };
  return typeof was === 'object' ? { en } : en;
}

export function factsForm(plan: Plan): FormValues {
  const p = plan.project;
  return {
    'project.title': p.title,
    'project.programme': p.programme,
    'project.start_date': p.start_date,
    'project.duration_months': String(p.duration_months),
    'project.website': p.website ?? '',
    'project.languages': [...p.languages],
    ...localizedFields('project.description.short', p.description.short),
    ...localizedFields('project.description.technical', p.description.technical),
  };
}

/** The new `project` section: the form's fields over the current one (grants, source… are kept). */
export function factsValue(plan: Plan, v: FormValues): unknown {
  const p = plan.project;
  const website = text(v, 'project.website').trim();
  const technical = localizedOf(v, 'project.description.technical', p.description.technical);
  return {
    ...p,
    title: text(v, 'project.title'),
    programme: text(v, 'project.programme'),
    start_date: text(v, 'project.start_date').trim(),
    duration_months: numberOf(text(v, 'project.duration_months')),
    website: website === '' ? undefined : website,
    languages: list(v, 'project.languages'),
    description: {
      short: localizedOf(v, 'project.description.short', p.description.short) ?? '',
      ...(technical !== undefined ? { technical } : {}),
    },
  };
}

export function kpisForm(plan: Plan): FormValues {
  const out: FormValues = {};
  plan.kpis.forEach((k, i) => {
    out[`kpis.${i}.target`] = String(k.target);
    out[`kpis.${i}.comparator`] = k.comparator;
    out[`kpis.${i}.target_text`] = k.target_text;
    k.parts.forEach((part, j) => {
      out[`kpis.${i}.parts.${j}.target`] = String(part.target);
    });
  });
  return out;
}

/** The new `kpis` section: each KPI's target, comparator and target text (and its parts' targets) from the form. */
export function kpisValue(plan: Plan, v: FormValues): unknown {
  return plan.kpis.map((k, i) => ({
    ...k,
    target: numberOf(text(v, `kpis.${i}.target`)),
    comparator: text(v, `kpis.${i}.comparator`),
    target_text: text(v, `kpis.${i}.target_text`),
    parts: k.parts.map((part, j) => ({ ...part, target: numberOf(text(v, `kpis.${i}.parts.${j}.target`)) })),
  }));
}

export const formOf = (form: EditForm, plan: Plan): FormValues =>
  form === 'facts' ? factsForm(plan) : kpisForm(plan);

export const valueOf = (form: EditForm, plan: Plan, v: FormValues): unknown =>
  form === 'facts' ? factsValue(plan, v) : kpisValue(plan, v);
