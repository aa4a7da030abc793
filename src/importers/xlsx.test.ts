import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVITY_KINDS, RECORD_TYPES } from '../plan/schema';
import { vocabularyFor } from '../records/vocabularies';
import { validationContext } from '../../test/factories/records';
import { templateFor, templateHeaders } from './template';
import { importAll, tempDir } from './testing';
import { formatRowError } from './types';

const dir = tempDir();
afterAll(() => dir.cleanup());
const ctx = validationContext();
const partners = ['UNIA', 'CORPB'];

describe('templates', () => {
  it.each(RECORD_TYPES)(
    'round-trips the %s XLSX template: its example row imports as valid',
    async (type) => {
      const template = await templateFor(type, 'xlsx', { partners, vocabulary: ctx.vocabulary });
      expect(template.fileName).toBe(`herald-${type}-template.xlsx`);
      const { rows, summary } = await importAll(dir.write(template.fileName, template.data), type, ctx);
      expect(summary.format).toBe('xlsx');
      expect(summary.fileErrors).toEqual([]);
      expect(summary.sheet).toBe(type);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.errors.map(formatRowError)).toEqual([]);
      expect(rows[0]?.row).toBe(2);
      expect(rows[0]?.value?.lead_partner).toBe('UNIA');
    },
  );

  it.each(RECORD_TYPES)('round-trips the %s CSV template', async (type) => {
    const template = await templateFor(type, 'csv', { partners, vocabulary: ctx.vocabulary });
    const text = template.data.toString('utf8');
    expect(text.startsWith(`\uFEFF${templateHeaders(type).join(',')}\n`)).toBe(true);
    const { rows } = await importAll(dir.write(template.fileName, template.data), type, ctx);
    expect(rows.map((r) => r.errors)).toEqual([[]]);
  });

  it('lists the allowed values on a second sheet, from the programme vocabulary', async () => {
    const h2020 = vocabularyFor('H2020');
    const template = await templateFor('activity', 'xlsx', { partners, vocabulary: h2020 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.data as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Allowed values');
    expect(sheet).toBeDefined();
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) =>
      sheet
        ?.getColumn(header.indexOf(name) + 1)
        .values.slice(2)
        .filter((v) => v !== '' && v !== undefined && v !== null);
    expect(column('kind')).toEqual([...ACTIVITY_KINDS]);
    expect(column('type')).toEqual([...h2020.activityTypes]);
    expect(column('partner codes')).toEqual(partners);
  });
});

describe('XLSX', () => {
  async function workbookFile(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    build(workbook);
    return dir.write(name, Buffer.from(await workbook.xlsx.writeBuffer()));
  }

  it('reads a named sheet, typed cells (dates, numbers) and rich text', async () => {
    const path = await workbookFile('events.xlsx', (wb) => {
      wb.addWorksheet('Notes').addRow(['not the data']);
      const sheet = wb.addWorksheet('Events 2024');
      sheet.addRow([]);
      sheet.addRow([
        'Event name',
        'Kind',
        'City',
        'Country',
        'Start date',
        'Roles',
        'Participants',
        'Lead partner',
        'International',
      ]);
      sheet.addRow([
        { richText: [{ text: 'Ocean ' }, { text: 'Days' }] },
        'Workshop',
        'Porto',
        'pt',
        new Date(Date.UTC(2024, 8, 12)),
        'organiser; presentation',
        45,
        'corpb',
        true,
      ]);
    });
    const { rows, summary } = await importAll(path, 'event', ctx, { sheet: 'events 2024' });
    expect(summary.sheet).toBe('Events 2024');
    expect(rows[0]?.row).toBe(3);
    expect(rows[0]?.value).toMatchObject({
      name: 'Ocean Days',
      kind: 'workshop',
      country: 'PT',
      start_date: '2024-09-12',
      roles: ['organiser', 'presentation'],
      participants: 45,
      lead_partner: 'CORPB',
      international: true,
    });
  });

  it('reports a missing sheet and a missing column', async () => {
    const path = await workbookFile('synergies.xlsx', (wb) => {
      wb.addWorksheet('Data').addRow(['initiative', 'date', 'lead_partner']);
    });
    const missingSheet = await importAll(path, 'synergy', ctx, { sheet: 'Other' });
    expect(missingSheet.summary.fileErrors.map((e) => e.message)).toEqual([
      'the workbook has no sheet "Other"',
    ]);
    const missingColumn = await importAll(path, 'synergy', ctx);
    expect(missingColumn.summary.fileErrors.map(formatRowError)).toEqual([
      'sheet "Data", row 1, column "kind": missing required column "kind" (or "kind of collaboration", "type")',
    ]);
  });
});
