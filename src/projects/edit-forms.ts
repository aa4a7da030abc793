/**
 * The editor's forms ↔ plan sections. Each input is named by its path in the plan (`project.title`,
 * `kpis.3.target`), so the loader's located errors land beside their field with no mapping. Values are read
 * leniently: a number that is not one stays text, and the plan check refuses it at its path.
 */
import type { Plan } from '../plan/schema';
import type { FormValues } from './edit-rows';
import type { PlanSection } from './edit-service';
import {
  isListPrefix,
  localizedFields,
  localizedOf,
  numberOf,
  rowSectionForm,
  rowSectionValue,
  withNewRow,
  type Relocations,
} from './edit-rows';
import { isKpiListPrefix, kpiDefsForm, kpiDefsValue } from './edit-kpi-defs';
import { ROW_SECTIONS, type RowSectionName } from './edit-sections';

export type { FormValues } from './edit-rows';
export { numberOf };

/** The sections with a form (the others are edited in YAML); the URL segment → the plan section. */
export const EDIT_FORMS = {
  facts: 'project',
  partners: 'partners',
  audiences: 'audiences',
  'key-messages': 'key_messages',
  channels: 'channels',
  cadence: 'cadence',
  events: 'events',
  synergies: 'synergies',
  'work-packages': 'work_packages',
  timeline: 'timeline',
  kpis: 'kpis',
  'kpi-definitions': 'kpis',
} as const satisfies Record<string, PlanSection>;
export type EditForm = keyof typeof EDIT_FORMS;

const text = (v: FormValues, name: string): string => {
  const x = v[name];
  return (Array.isArray(x) ? x[0] : x) ?? '';
};
const list = (v: FormValues, name: string): string[] => {
  const x = v[name];
  return Array.isArray(x) ? x : x ? [x] : [];
};

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

const rowSection = (form: EditForm): RowSectionName | undefined => {
  const section = EDIT_FORMS[form];
  return section in ROW_SECTIONS ? (section as RowSectionName) : undefined;
};

export function formOf(form: EditForm, plan: Plan): FormValues {
  const rows = rowSection(form);
  if (rows) return rowSectionForm(ROW_SECTIONS[rows], rows, plan[rows]);
  if (form === 'kpi-definitions') return kpiDefsForm(plan);
  return form === 'facts' ? factsForm(plan) : kpisForm(plan);
}

/** The section's new content from a form, and (row forms) where renumbered rows' paths came from. */
export function editOf(form: EditForm, plan: Plan, v: FormValues): { value: unknown; moved: Relocations } {
  const rows = rowSection(form);
  if (rows) return rowSectionValue(ROW_SECTIONS[rows], rows, plan[rows], v);
  if (form === 'kpi-definitions') return kpiDefsValue(plan, v);
  return { value: form === 'facts' ? factsValue(plan, v) : kpisValue(plan, v), moved: new Map() };
}

export const valueOf = (form: EditForm, plan: Plan, v: FormValues): unknown => editOf(form, plan, v).value;

/** The form with an empty row added to its list `prefix` (an "Add a row" button), or undefined if it has none. */
export function withRowAdded(form: EditForm, v: FormValues, prefix: string): FormValues | undefined {
  const rows = rowSection(form);
  const ok =
    form === 'kpi-definitions'
      ? isKpiListPrefix(v, prefix)
      : rows !== undefined && isListPrefix(ROW_SECTIONS[rows], rows, v, prefix);
  return ok ? withNewRow(v, prefix) : undefined;
}
