import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { en, ja } from './edit-sections-messages';
import { formatIssue, loadPlanFile } from '../plan/loader';
import type { Plan } from '../plan/schema';
import { checkCandidate } from './edit-check';
import { EDIT_FORMS, editOf, formOf, type EditForm } from './edit-forms';
import { relocate, rowSectionValue, withNewRow, type RowSection } from './edit-rows';
import { columnKeys, ROW_SECTIONS } from './edit-sections';

const FILE = fileURLToPath(new URL('../../plans/m-sec.yaml', import.meta.url));
let plan: Plan;

beforeAll(async () => {
  const result = await loadPlanFile(FILE);
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
  plan = result.plan;
});

describe('row forms', () => {
  it('give back every M-Sec section unchanged when nothing is changed', () => {
    for (const form of Object.keys(EDIT_FORMS) as EditForm[]) {
      const section = EDIT_FORMS[form];
      expect({ form, value: editOf(form, plan, formOf(form, plan)).value }).toEqual({
        form,
        value: plan[section],
      });
    }
  });

  it('remove a row, keep the hidden fields of the others, and map the renumbered paths back', () => {
    const v = formOf('partners', plan);
    const { value, moved } = editOf('partners', plan, { ...v, 'partners.0._remove': 'true' });
    expect(value).toEqual(plan.partners.slice(1));
    expect(relocate(moved, 'partners.0.code')).toBe('partners.1.code');
    expect(relocate(moved, 'partners.3.name.en')).toBe('partners.4.name.en');
    expect(relocate(moved, 'project.title')).toBe('project.title');
  });

  it('add an empty row that the plan check refuses at the form’s own names', () => {
    const v = withNewRow(formOf('audiences', plan), 'audiences');
    const n = plan.audiences.length;
    expect(v[`audiences.${n}._from`]).toBe('');
    const { value } = editOf('audiences', plan, { ...v, [`audiences.${n}.id`]: 'Bad Id' });
    const result = checkCandidate({ ...plan, audiences: value });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => e.path)).toEqual(
        expect.arrayContaining([`audiences.${n}.id`, `audiences.${n}.name`]),
      );
  });

  it('read lists: aliases one per line, partner codes and months separated by commas or spaces', () => {
    const { value } = rowSectionValue(ROW_SECTIONS.timeline, 'timeline', [], {
      'timeline.0._from': '',
      'timeline.0.id': 'launch',
      'timeline.0.label.en': 'Launch',
      'timeline.0.responsible': 'F6S, NTTE',
      'timeline.0.months': '1 2,x',
    });
    expect(value).toEqual([
      { id: 'launch', label: 'Launch', responsible: ['F6S', 'NTTE'], months: [1, 2, 'x'] },
    ]);
  });

  it('edit a list of bilingual texts line by line, English | Japanese, keeping plain items plain', () => {
    const { value } = rowSectionValue(ROW_SECTIONS.audiences, 'audiences', [], {
      'audiences.0._from': '',
      'audiences.0.channels.en': 'Website\n\nTwitter\nEvents',
      'audiences.0.channels.ja': '\n\nツイッター',
    });
    expect((value as Array<{ channels: unknown }>)[0]?.channels).toEqual([
      'Website',
      { en: 'Twitter', ja: 'ツイッター' },
      'Events',
    ]);
  });

  it('read a deliverable’s planned KPI counts as "kpi-id: count" lines', () => {
    const v = formOf('work-packages', plan);
    const at = Object.entries(v).find(([k, x]) => k.endsWith('.plans') && x !== '')!;
    expect(at[1]).toBe('online-contest: 1');
    const { value } = editOf('work-packages', plan, { ...v, [at[0]]: 'online-contest: 2\nnewsletters:x' });
    const result = checkCandidate({ ...plan, work_packages: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual([`${at[0]}.1.count`]);
  });

  it('label every column in English and Japanese', () => {
    for (const key of columnKeys()) {
      expect(en).toHaveProperty(`planEdit.col.${key}`);
      expect(ja).toHaveProperty(`planEdit.col.${key}`);
    }
    // A list with a heading: a section's lists beside its fields, and nested lists.
    const lists = Object.values(ROW_SECTIONS).flatMap((s: RowSection) =>
      s.lists.flatMap((l) => [...(s.fields ? [l.key] : []), ...(l.child ? [l.child.key] : [])]),
    );
    expect(lists.length).toBeGreaterThan(2);
    for (const key of lists) {
      expect(en).toHaveProperty(`planEdit.list.${key}`);
      expect(ja).toHaveProperty(`planEdit.list.${key}`);
    }
  });
});
