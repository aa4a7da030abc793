/**
 * Records written with COPY (src/records/copy-writer.ts) read back exactly as an INSERT of the same data stores
 * them, awkward values included, and as the writer predicted (so the audit digests made without a read-back hold).
 */
import { eq, getTableColumns } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, PROJECT, type AuthTestApp } from '../../test/auth-helpers';
import { recordInput } from '../../test/factories/records';
import { recordState } from '../audit/record-state';
import { checkRecords } from '../audit/records-check';
import { systemActor } from '../auth/permissions';
import { RECORD_TYPES, type RecordType } from '../plan/schema';
import { insertRecordRows, insertRecords } from './batch';
import { loadRecordContext } from './context';
import { copyColumns, SERVER_DEFAULT } from './copy-writer';
import { dataToValues, KIND_TABLES, RECORD_KINDS } from './kinds';
import { insertRows } from './repository';
import { validateRecord, withComputed } from './validate';

let t: AuthTestApp;
const system = systemActor('test');

beforeAll(async () => {
  t = await createAuthTestApp();
});
afterAll(() => t.close());

/** Text no CSV or COPY line should bend: tabs, newlines, CR, backslashes, quotes, commas, braces, \N, Japanese. */
const AWKWARD = 'タブ\tand\nnew line\r\nback\\slash \\N "quoted", {braced} 日本語テキスト';
const AWKWARD_LIST = ['a"b', 'c,d', '{e}', 'NULL', '', 'back\\slash', '改行\nあり', 'tab\there'];

/** Valid data of each type, then awkward values put straight in (the DB stores what it is given). */
function awkward(type: RecordType): Record<string, unknown> {
  const base = validateRecord(type, recordInput(type), ctx) as Record<string, unknown>;
  const extra: Record<RecordType, Record<string, unknown>> = {
    activity: {
      title: AWKWARD,
      description: null,
      audiences: AWKWARD_LIST,
      channels: [],
      links: ['https://example.org/?a=1&b=\\x'],
      reach_by_audience: { 研究者: 3, 'a\tb': 1.5, 'quote"key': null, nested: { list: [1, 'two\n'] } },
      persons_reached: 0,
      joint_with_other_projects: true,
    },
    event: { name: AWKWARD, city: 'Zürich', roles: AWKWARD_LIST, participants: null, international: false },
    publication: {
      title: AWKWARD,
      title_original: '{\\"U}ber \\emph{tides}\t$x_1$',
      authors: [{ name: 'Yamada, 太郎', affiliation: 'Univ. "A"\\B' }, { name: 'Ng' }],
      date: '2024-02-29',
      embargo_end: null,
    },
    synergy: { initiative: AWKWARD, description: '' },
    metric: { channel: AWKWARD, value: 0.1 + 0.2 },
  };
  return { ...base, ...extra[type] };
}
let ctx: Awaited<ReturnType<typeof loadRecordContext>>;

const readBack = async (type: RecordType, id: string) => {
  const table = KIND_TABLES[type];
  const [row] = await t.db
    .select()
    .from(table)
    .where(eq((getTableColumns(table) as Record<string, PgColumn>).id!, id));
  return row as Record<string, unknown>;
};
const withoutId = (state: Record<string, unknown>) => ({ ...state, id: undefined });

describe('COPY writes', () => {
  it('every written NOT NULL column of every kind has a default known here or is always given', () => {
    const given = new Set(['id']);
    for (const kind of RECORD_KINDS)
      for (const c of copyColumns(KIND_TABLES[kind], ['created_at', 'updated_at', 'version']))
        if (c.fallback === SERVER_DEFAULT) expect(given.has(c.name), `${kind}.${c.name}`).toBe(true);
  });

  it.each(RECORD_TYPES)(
    'store a %s with awkward values as an INSERT does, and as predicted',
    async (type) => {
      ctx = await loadRecordContext(t.db, PROJECT);
      const data = awkward(type);
      const [copied] = await t.db.transaction((tx) =>
        insertRecordRows(tx, { actor: system, projectId: PROJECT, type, rows: [data as never] }),
      );
      const [insertedId] = await insertRows(t.db, type, [
        {
          ...dataToValues(type, withComputed(type, data, ctx.partners)),
          projectId: PROJECT,
          source: 'import:x',
          createdBy: 'x',
          updatedBy: 'x',
        },
      ]);
      const viaCopy = await readBack(type, copied!.id);
      const viaInsert = await readBack(type, insertedId!);
      expect(withoutId(recordState(type, viaCopy))).toEqual(withoutId(recordState(type, viaInsert)));
      // What the writer returned (and digested) is what a reader gets.
      expect(recordState(type, viaCopy)).toEqual(recordState(type, copied!));
      expect(viaCopy).toMatchObject({ version: 1, deletedAt: null, pendingBatch: null, createdBy: 'test' });
      expect(viaCopy.createdAt).toBeInstanceOf(Date);
    },
  );

  it('imports whose entries `audit verify --records` confirms row by row', async () => {
    ctx = await loadRecordContext(t.db, PROJECT);
    // The rows the test above wrote without an audit entry go first.
    for (const type of RECORD_TYPES) await t.db.delete(KIND_TABLES[type]);
    const rows = RECORD_TYPES.map((type) => ({ type, data: awkward(type) }));
    for (const { type, data } of rows)
      await t.db.transaction((tx) =>
        insertRecords(tx, { actor: system, projectId: PROJECT, type, rows: [data as never, data as never] }),
      );
    const report = await checkRecords(t.db, PROJECT);
    expect(report).toMatchObject({ problems: [], pending: 0 });
    expect(report.checked).toBe(2 * RECORD_TYPES.length);
  });
});
