/**
 * Seeded fuzzing of the importers (the unit test src/importers/fuzz.test.ts and `npm run bench -- --only fuzz`): a
 * small valid file of every import format, mutated (byte flips, truncation, duplication, inserted quotes, braces and
 * NULs, …) by a seeded PRNG and read in-process through `parseFile` to the end. A case must settle with rows or a
 * located 4xx AppError; anything else is reported with its seed, so it reproduces.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { ACTIVITY_COLUMNS, activityCells, csvOf } from '../../test/factories/imports';
import { isAppError } from '../errors';
import type { RecordType } from '../plan/schema';
import { vocabularyFor } from '../records/vocabularies';
import { parseFile } from './parse-file';
import { templateFor } from './template';
import type { ImportOptions } from './types';
import { readZip } from './zip';

export const FUZZ_FORMATS = [
  'csv',
  'xlsx',
  'bibtex',
  'ris',
  'csl-json',
  'crossref',
  'x-analytics',
  'x-overview',
  'zenodo',
  'metrics-csv',
  'template',
  'zip',
] as const;
export type FuzzFormat = (typeof FUZZ_FORMATS)[number];

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Sample {
  name: string;
  data: Buffer;
  type: RecordType;
  options?: ImportOptions;
}

const X_HEADER = ['Tweet id', 'Tweet permalink', 'Tweet text', 'time', 'impressions', 'engagements', 'likes'];
const xPost = (id: string, time: string, n: string) =>
  [id, `https://twitter.com/TideX_EU/status/${id}`, `Post ${id}, "quoted"`, time, n, '10.0', '2.0']
    .map((c) => `"${c.replace(/"/g, '""')}"`)
    .join(',');

function zipOf(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const packed = deflateRawSync(f.data);
    const name = Buffer.from(f.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const activityCsv = () =>
  Buffer.from(csvOf([activityCells(1), activityCells(2), activityCells(3)], { columns: ACTIVITY_COLUMNS }));

/** A small valid file of each format. */
export async function sampleFile(format: FuzzFormat): Promise<Sample> {
  const lead = { defaults: { lead_partner: 'UNIA' } };
  switch (format) {
    case 'csv':
      return { name: 'activities.csv', data: activityCsv(), type: 'activity' };
    case 'xlsx': {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Data');
      sheet.addRow([...ACTIVITY_COLUMNS]);
      for (const n of [1, 2, 3]) {
        const cells = activityCells(n) as Record<string, string>;
        sheet.addRow(ACTIVITY_COLUMNS.map((c) => cells[c] ?? ''));
      }
      return {
        name: 'activities.xlsx',
        data: Buffer.from(await workbook.xlsx.writeBuffer()),
        type: 'activity',
      };
    }
    case 'template': {
      const t = await templateFor('event', 'xlsx', {
        partners: ['UNIA'],
        vocabulary: vocabularyFor('H2020'),
      });
      return { name: t.fileName, data: Buffer.from(t.data), type: 'event' };
    }
    case 'bibtex':
      return {
        name: 'refs.bib',
        type: 'publication',
        options: lead,
        data: Buffer.from(
          '@string{oe = "Ocean Energy"}\n' +
            '@article{p1, author = {Silva, Ana and M{\\"u}ller, J.}, title = {Tides and {Towns}}, journal = oe, year = {2024}, doi = {10.1000/tides.1}}\n' +
            '@inproceedings{p2, author = {Doe, Jane}, title = "Waves", booktitle = {Proc. Sea}, year = 2023, month = jan}\n',
        ),
      };
    case 'ris':
      return {
        name: 'refs.ris',
        type: 'publication',
        options: lead,
        data: Buffer.from(
          'TY  - JOUR\nTI  - One\nAU  - Doe, Jane\nJO  - J\nPY  - 2024\nDO  - 10.1000/one\nER  - \n\n' +
            'TY  - CONF\nTI  - Two\nAU  - Silva, Ana\nT2  - Proc\nPY  - 2023/05/02\nER  - \n',
        ),
      };
    case 'csl-json':
      return {
        name: 'items.json',
        type: 'publication',
        options: lead,
        data: Buffer.from(
          JSON.stringify([
            {
              id: 'a',
              type: 'article-journal',
              title: 'Tides',
              author: [{ family: 'Silva', given: 'Ana' }],
              'container-title': 'J',
              issued: { 'date-parts': [[2024, 3]] },
              DOI: '10.1000/a',
            },
            { id: 'b', type: 'book', title: 'Waves', issued: { 'date-parts': [[2023]] } },
          ]),
        ),
      };
    case 'crossref':
      return {
        name: 'works.json',
        type: 'publication',
        options: lead,
        data: Buffer.from(
          JSON.stringify({
            status: 'ok',
            'message-type': 'work',
            message: {
              DOI: '10.1000/c',
              type: 'journal-article',
              title: ['Currents'],
              author: [{ family: 'Doe', given: 'Jane', affiliation: [{ name: 'UNIA' }] }],
              'container-title': ['J'],
              issued: { 'date-parts': [[2024, 1, 2]] },
            },
          }),
        ),
      };
    case 'x-analytics':
      return {
        name: 'tweet-activity.csv',
        type: 'metric',
        options: lead,
        data: Buffer.from(
          [
            X_HEADER.map((h) => `"${h}"`).join(','),
            xPost('2', '2024-01-30 08:57 +0000', '2685.0'),
            xPost('1', '2024-01-29 21:28 +0000', '2222.0'),
          ].join('\n'),
        ),
      };
    case 'x-overview':
      return {
        name: 'account-overview.csv',
        type: 'metric',
        options: { ...lead, account: '@TideX_EU' },
        data: Buffer.from(
          'Date,Impressions,Likes,Engagements,New follows\n"Tue, Jan 07, 2025",1200,30,80,5\n"Mon, Jan 06, 2025",900,20,50,3\n',
        ),
      };
    case 'zenodo':
      return {
        name: 'zenodo.csv',
        type: 'metric',
        options: { ...lead, snapshotDate: '2024-06-30' },
        data: Buffer.from(
          'id,created,revision,downloads,views,unique_downloads,unique_views\n' +
            '8226636,2023-08-08T23:12:33+00:00,3,1.0,19.0,1.0,17.0\n8212833,2023-08-03T19:03:35+00:00,3,5.0,31.0,5.0,26.0\n',
        ),
      };
    case 'metrics-csv':
      return {
        name: 'metrics.csv',
        type: 'metric',
        options: lead,
        data: Buffer.from('date,channel,metric,value\n2024-06-30,@a,likes,3\n2024-06-30,@a,followers,5\n'),
      };
    case 'zip':
      return {
        name: 'imports.zip',
        type: 'activity',
        data: zipOf([
          { name: '2024/a.csv', data: activityCsv() },
          { name: '2024/b.csv', data: activityCsv() },
        ]),
      };
  }
}

const INSERTS = [
  '"',
  '{',
  '}',
  '\0',
  ',',
  ';',
  '\n',
  '\r',
  '#',
  '@string{',
  '[',
  ']',
  'TY  - ',
  '\uFEFF',
  '\\',
  '%',
  '\xff',
];

/** One to three mutations of the bytes, chosen by `rng`. */
export function mutate(data: Buffer, rng: () => number): Buffer {
  let out = Buffer.from(data);
  const at = (n: number) => Math.floor(rng() * Math.max(1, n));
  for (let k = 1 + at(3); k > 0; k--) {
    const op = at(6);
    const i = at(out.length);
    if (op === 0 && out.length > 0) out[i] = (out[i] ?? 0) ^ (1 << at(8));
    else if (op === 1) out = out.subarray(0, i);
    else if (op === 2) {
      const len = at(Math.min(200, out.length - i));
      out = Buffer.concat([out.subarray(0, i + len), out.subarray(i, i + len), out.subarray(i + len)]);
    } else if (op === 3) {
      const token = Buffer.from(INSERTS[at(INSERTS.length)] ?? '"', 'utf8');
      out = Buffer.concat([out.subarray(0, i), token, out.subarray(i)]);
    } else if (op === 4) out = Buffer.concat([out.subarray(0, i), out.subarray(i + 1 + at(20))]);
    else if (out.length > 0) out[i] = at(256);
  }
  return out;
}

/** What a case came to: rows read to the end (with their error count), or a located refusal. */
export type FuzzOutcome = { kind: 'rows'; rows: number; errors: number } | { kind: 'refused'; code: string };

/** Reads a file to the end: its rows, or throws. */
async function readThrough(
  path: string,
  name: string,
  sample: Sample,
): Promise<{ rows: number; errors: number }> {
  const parsed = await parseFile({
    path,
    name,
    type: sample.type,
    ...(sample.options ? { options: sample.options } : {}),
  });
  let rows = 0;
  let errors = 0;
  for await (const batch of parsed.batches) {
    rows += batch.length;
    for (const r of batch) errors += r.errors.length;
  }
  for (const e of parsed.summary.fileErrors)
    if (typeof e.message !== 'string' || e.message === '') throw new Error(`a file error without a message`);
  return { rows, errors: errors + parsed.summary.fileErrors.length };
}

/**
 * One seeded case: the format's sample, mutated with `seed`, written under `dir` and read through `parseFile` (a zip
 * through `readZip`, then each of its files). Throws (naming the seed) on anything but rows or a 4xx AppError.
 */
export async function fuzzCase(format: FuzzFormat, seed: number, dir: string): Promise<FuzzOutcome> {
  const sample = await sampleFile(format);
  const data = mutate(sample.data, mulberry32(seed));
  try {
    if (format === 'zip') {
      let rows = 0;
      let errors = 0;
      for (const [i, f] of readZip(sample.name, data).entries()) {
        const path = join(dir, `${seed}-${i}-${f.name.replace(/[^\w.]/g, '_')}`);
        await writeFile(path, f.data);
        const read = await readThrough(path, f.name, sample);
        rows += read.rows;
        errors += read.errors;
      }
      return { kind: 'rows', rows, errors };
    }
    const path = join(dir, `${seed}-${sample.name}`);
    await writeFile(path, data);
    return { kind: 'rows', ...(await readThrough(path, sample.name, sample)) };
  } catch (error) {
    if (isAppError(error) && error.status < 500 && error.message !== '')
      return { kind: 'refused', code: error.code };
    const what = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new Error(`fuzz ${format} seed ${seed}: not a located error: ${what}`);
  }
}

/** Runs a case with a guard: a case that does not settle within `guardMs` fails, naming its seed. */
export function guarded(
  format: FuzzFormat,
  seed: number,
  dir: string,
  guardMs: number,
): Promise<FuzzOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`fuzz ${format} seed ${seed}: did not settle within ${guardMs} ms`)),
      guardMs,
    );
  });
  return Promise.race([fuzzCase(format, seed, dir), hang]).finally(() => clearTimeout(timer));
}
