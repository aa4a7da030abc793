import { afterAll, describe, expect, it } from 'vitest';
import { validationContext } from '../../test/factories/records';
import { parseFile } from './index';
import { importAll, tempDir } from './testing';
import { formatRowError, type ImportProgress } from './types';

const dir = tempDir();
afterAll(() => dir.cleanup());
const ctx = validationContext();

const ACTIVITY_HEADER =
  'Title,Lead partner,Date,kind,type,Target audience,channels,status,persons reached,countries';

describe('record CSV', () => {
  it('matches headers by name and alias, in any order, and converts the cells', async () => {
    const path = dir.write(
      'activities.csv',
      '\uFEFFstatus,Start date,title,Lead,kind,type,audiences,channels,Joint,countries,reach by audience\n' +
        'delivered,15/03/2024,Pilot press release,university a,Press Release,other,"Citizens; industry, business partners",press release,yes,"pt, es","Citizens: 100"\n',
    );
    const { rows, summary } = await importAll(path, 'activity', ctx);
    expect(summary.fileErrors).toEqual([]);
    expect(summary.encoding).toBe('UTF-8 with BOM');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.errors).toEqual([]);
    expect(rows[0]?.value).toMatchObject({
      title: 'Pilot press release',
      lead_partner: 'UNIA',
      start_date: '2024-03-15',
      kind: 'press_release',
      type: 'Other',
      audiences: ['Citizens', 'Industry, business partners'],
      channels: ['Press release'],
      status: 'Delivered',
      joint_with_other_projects: true,
      countries: ['PT', 'ES'],
      reach_by_audience: { Citizens: 100 },
    });
  });

  it('detects a ";" delimiter from the header line', async () => {
    const path = dir.write(
      'semicolon.csv',
      'title;lead_partner;date;kind;type;audiences;status;persons_reached\n' +
        'Newsletter 1;CORPB;2024-04-01;newsletter;Other;Industry, business partners;Ongoing;1.200\n',
    );
    const { rows, summary } = await importAll(path, 'activity', ctx);
    expect(summary.delimiter).toBe(';');
    expect(rows[0]?.value).toMatchObject({
      audiences: ['Industry, business partners'],
      persons_reached: 1200,
    });
  });

  it('names the likely delimiter when the header does not split', async () => {
    const path = dir.write(
      'pipes.csv',
      'title|lead_partner|date|kind|type|audiences|status\nA|UNIA|2024-01-02|other|Other|Citizens|Delivered\n',
    );
    const parsed = await parseFile({ path, type: 'activity' });
    const errors = parsed.summary.fileErrors.map(formatRowError);
    expect(errors[0]).toBe(
      'row 1, line 1: the header has a single column: the delimiter looks like "|"; use "," or ";"',
    );
    expect(errors).toContain(
      'row 1, line 1, column "title": missing required column "title" (or "name", "activity", "activity title")',
    );
    const batches = [];
    for await (const batch of parsed.batches) batches.push(batch);
    expect(batches).toEqual([]);
  });

  it('reports a missing required column by name and reads no rows', async () => {
    const path = dir.write(
      'no-status.csv',
      'title,lead_partner,date,kind,type,audiences,colour\nA,UNIA,2024-01-02,other,Other,Citizens,blue\n',
    );
    const { rows, summary } = await importAll(path, 'activity', ctx);
    expect(summary.fileErrors.map((e) => e.message)).toEqual(['missing required column "status"']);
    expect(summary.warnings).toContainEqual(
      expect.objectContaining({
        message: 'unknown column "colour" is ignored',
        key: 'import.note.unknownColumn',
      }),
    );
    expect(rows).toEqual([]);
  });

  it('does not require a column that an import default gives', async () => {
    const path = dir.write(
      'no-lead.csv',
      'title,date,kind,type,audiences,status\nA,2024-01-02,other,Other,Citizens,Delivered\n',
    );
    const { rows, summary } = await importAll(path, 'activity', ctx, { defaults: { lead_partner: 'corpb' } });
    expect(summary.fileErrors).toEqual([]);
    expect(rows[0]?.value?.lead_partner).toBe('CORPB');
  });

  it('locates a bad date by row and column', async () => {
    const path = dir.write(
      'bad-date.csv',
      `${ACTIVITY_HEADER}\nGood,UNIA,2024-02-01,article,Other,Citizens,,Delivered,,\nBad,UNIA,31/02/2024,article,Other,Citizens,,Delivered,,\n`,
    );
    const { rows } = await importAll(path, 'activity', ctx);
    expect(rows[0]?.errors).toEqual([]);
    expect(rows[1]?.errors.map(formatRowError)).toEqual([
      'row 3, line 3, column "Date": "31/02/2024" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
    ]);
  });

  it('reports an unknown partner with the known ones', async () => {
    const path = dir.write(
      'partner.csv',
      `${ACTIVITY_HEADER}\nA,WLX,2024-02-01,article,Other,Citizens,,Delivered,,\n`,
    );
    const { rows } = await importAll(path, 'activity', ctx);
    expect(rows[0]?.errors).toEqual([
      {
        row: 2,
        line: 2,
        unit: 'row',
        column: 'Lead partner',
        message: 'unknown partner "WLX" (known: CORPB, UNIA)',
        key: 'validation.context.unknownPartner',
        params: { code: 'WLX', known: 'CORPB, UNIA' },
      },
    ]);
  });

  it('checks funder strings against the programme vocabulary', async () => {
    const path = dir.write(
      'vocabulary.csv',
      `${ACTIVITY_HEADER}\nA,UNIA,2024-02-01,article,Conference talk,Civil society,Carrier pigeon,Delivered,,\n`,
    );
    const { rows } = await importAll(path, 'activity', ctx);
    const errors = rows[0]?.errors ?? [];
    expect(errors.map((e) => e.column)).toEqual(['type', 'Target audience', 'channels']);
    expect(errors[0]?.message).toMatch(
      /^"Conference talk" is not a HORIZON EUROPE activity type \(allowed: Clustering activities; /,
    );
    expect(errors[1]?.message).toMatch(
      /^"Civil society" is not a HORIZON EUROPE communication audience \(allowed: .*Civil authorities/,
    );
    expect(errors[2]?.message).toMatch(/^"Carrier pigeon" is not a HORIZON EUROPE communication channel/);
  });

  it('reports every problem of a row at once', async () => {
    const path = dir.write(
      'many.csv',
      `${ACTIVITY_HEADER}\nA,WLX,2024-13-01,article,Talk,Citizens,,Done,-3,\n`,
    );
    const { rows } = await importAll(path, 'activity', ctx);
    expect(rows[0]?.errors.map((e) => e.column)).toEqual([
      'Date',
      'Lead partner',
      'type',
      'status',
      'persons reached',
    ]);
  });

  it('rejects dates outside the project period', async () => {
    const path = dir.write(
      'period.csv',
      `${ACTIVITY_HEADER}\nA,UNIA,2023-12-31,article,Other,Citizens,,Delivered,,\n`,
    );
    const { rows } = await importAll(path, 'activity', ctx);
    expect(rows[0]?.errors.map((e) => e.message)).toEqual([
      '2023-12-31 is before the project start (2024-01-01)',
    ]);
  });

  it('reports the error of an invalid last row, the others staying valid', async () => {
    const good = Array.from(
      { length: 5 },
      (_, i) => `Item ${i},UNIA,2024-02-0${i + 1},article,Other,Citizens,,Delivered,,`,
    );
    const path = dir.write(
      'last-bad.csv',
      [ACTIVITY_HEADER, ...good, 'Last,UNIA,2024-02-09,article,Other,Citizens,,Done,,'].join('\n'),
    );
    const { rows } = await importAll(path, 'activity', ctx);
    expect(rows).toHaveLength(6);
    expect(rows.slice(0, 5).every((r) => r.value !== undefined)).toBe(true);
    expect(rows[5]?.value).toBeUndefined();
    expect(rows[5]?.errors.map(formatRowError)).toEqual([
      'row 7, line 7, column "status": "Done" is not one of: Cancelled, Delivered, Ongoing, Postponed',
    ]);
  });

  it('numbers rows as a spreadsheet does and lines as the file has them', async () => {
    const text = `${ACTIVITY_HEADER}\nA,UNIA,2024-02-01,article,Other,Citizens,,Delivered,,\n\n"Two\nlines",UNIA,2024-02-01,article,Other,Citizens,,Delivered,,\nC,UNIA,bad,article,Other,Citizens,,Delivered,,\n,,,,,,,,,\n`;
    const { rows } = await importAll(dir.write('places.csv', text), 'activity', ctx);
    expect(rows.map((r) => [r.row, r.line])).toEqual([
      [2, 2],
      [4, 4],
      [5, 6],
    ]);
    expect(rows[1]?.value?.title).toBe('Two\nlines');
  });
});

describe('encodings', () => {
  it('decodes a Latin-1 (Windows-1252) file and says so', async () => {
    const text =
      'name,kind,city,country,start_date,roles,lead_partner\nJornada de Innovación,workshop,A Coruña,ES,2024-05-06,organiser,UNIA\n';
    const path = dir.write('latin1.csv', Buffer.from(text, 'latin1'));
    const { rows, summary } = await importAll(path, 'event', ctx);
    expect(rows[0]?.value).toMatchObject({ name: 'Jornada de Innovación', city: 'A Coruña' });
    expect(summary.encoding).toBe('Windows-1252 (Latin-1)');
  });

  it('decodes a file mixing UTF-8 and Windows-1252 lines line by line', async () => {
    const header = Buffer.from('name,kind,city,country,start_date,roles,lead_partner\n');
    const utf8 = Buffer.from('Café Científico,community,Málaga,ES,2024-05-06,organiser,UNIA\n', 'utf8');
    const latin1 = Buffer.from('Señales,community,Logroño,ES,2024-05-07,organiser,UNIA\n', 'latin1');
    const { rows, summary } = await importAll(
      dir.write('mixed.csv', Buffer.concat([header, utf8, latin1])),
      'event',
      ctx,
    );
    expect(rows.map((r) => r.value?.city)).toEqual(['Málaga', 'Logroño']);
    expect(summary.encoding).toBe('mixed: UTF-8 and Windows-1252 (line 3)');
    expect(summary.warnings.map((w) => (typeof w === 'string' ? w : w.message))).toContain(
      'line 3 is not valid UTF-8 and was read as Windows-1252 (Latin-1): check accented characters',
    );
  });

  it('refuses UTF-16 with a way out', async () => {
    const path = dir.write(
      'utf16.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\n', 'utf16le')]),
    );
    const { summary } = await importAll(path, 'event', ctx);
    expect(summary.fileErrors.map((e) => e.message)).toEqual([
      'the file is UTF-16 text: save it as "CSV UTF-8" and import it again',
    ]);
  });

  it('reports a quote that is never closed as a file error with its line', async () => {
    const path = dir.write(
      'quote.csv',
      `${ACTIVITY_HEADER}\nA,UNIA,2024-02-01,article,Other,Citizens,,Delivered,,\n"Broken,UNIA,2024-02-01\n`,
    );
    const { summary } = await importAll(path, 'activity', ctx);
    expect(summary.fileErrors).toHaveLength(1);
    expect(summary.fileErrors[0]?.message).toMatch(/^the file is not valid CSV: .*quote/i);
  });
});

describe('streaming', () => {
  it('yields batches of the asked size and reports progress up to the file size', async () => {
    const lines = Array.from(
      { length: 25 },
      (_, i) => `Item ${i},UNIA,2024-02-01,article,Other,Citizens,,Delivered,,`,
    );
    const path = dir.write('batches.csv', [ACTIVITY_HEADER, ...lines].join('\n'));
    const progress: ImportProgress[] = [];
    const parsed = await parseFile({
      path,
      type: 'activity',
      options: { batchSize: 10, onProgress: (p) => progress.push(p) },
    });
    const sizes: number[] = [];
    for await (const batch of parsed.batches) sizes.push(batch.length);
    expect(sizes).toEqual([10, 10, 5]);
    expect(progress.map((p) => p.rows)).toEqual([10, 20, 25, 25]);
    expect(progress.at(-1)?.bytesRead).toBe(parsed.summary.totalBytes);
    expect(parsed.summary.rows).toBe(25);
  });
});
