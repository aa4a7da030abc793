/**
 * The partner table of a new project (`herald init --partners FILE`, the wizard's text area): TSV, CSV or
 * semicolon-separated text pasted from a spreadsheet, columns number / code / name / country / kind / sector. Headers
 * are forgiving (case, spaces, common synonyms; no header: those six columns in that order), as are values (EU legal
 * entity categories HES / REC / PRC / PUB / OTH, the EU's country codes EL and UK). Every bad cell is an error
 * naming its row (1-based line of the text) and column; nothing is kept from a table with errors.
 */
import type { ErrorDetail } from '../errors';
import { partnerCodeSchema, PARTNER_KINDS, SECTORS, type Partner } from '../plan/schema';

export const PARTNER_COLUMNS = ['number', 'code', 'name', 'country', 'kind', 'sector'] as const;
type Column = (typeof PARTNER_COLUMNS)[number];

const HEADER_SYNONYMS: Record<string, Column> = {
  number: 'number',
  no: 'number',
  nr: 'number',
  num: 'number',
  partnernumber: 'number',
  partnerno: 'number',
  pn: 'number',
  code: 'code',
  shortname: 'code',
  short: 'code',
  acronym: 'code',
  partnercode: 'code',
  name: 'name',
  legalname: 'name',
  fullname: 'name',
  organisation: 'name',
  organization: 'name',
  partner: 'name',
  partnername: 'name',
  country: 'country',
  countrycode: 'country',
  cc: 'country',
  kind: 'kind',
  type: 'kind',
  category: 'kind',
  organisationtype: 'kind',
  organizationtype: 'kind',
  legalentitycategory: 'kind',
  sector: 'sector',
  publicprivate: 'sector',
};

const KIND_SYNONYMS: Record<string, Partner['kind']> = {
  hes: 'university',
  university: 'university',
  higheredu: 'university',
  highereducation: 'university',
  rec: 'research',
  research: 'research',
  researchorganisation: 'research',
  researchorganization: 'research',
  prc: 'industry',
  industry: 'industry',
  company: 'industry',
  private: 'industry',
  sme: 'sme',
  pub: 'public_body',
  publicbody: 'public_body',
  public: 'public_body',
  oth: 'other',
  other: 'other',
};

/** The sector a partner of `kind` has when the table says none. */
const SECTOR_OF: Record<Partner['kind'], Partner['sector'] | undefined> = {
  university: 'public',
  research: 'public',
  public_body: 'public',
  industry: 'private',
  sme: 'private',
  other: undefined,
};

const EU_COUNTRIES = new Set(
  'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '),
);
const COUNTRY_ALIASES: Record<string, string> = { EL: 'GR', UK: 'GB' };

/** A partner's region: EU for the member states, JP for Japan, else its country code. */
export const regionOf = (country: string): string =>
  EU_COUNTRIES.has(country) ? 'EU' : country === 'JP' ? 'JP' : country;

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The cells of one line: tab-, semicolon- or comma-separated, double quotes around a cell allowed. */
function cellsOf(line: string, sep: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) cur += ch;
    else if (ch === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (ch === sep) {
      cells.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

function separatorOf(line: string): string {
  if (line.includes('\t')) return '\t';
  const count = (c: string) => line.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

export type PartnerTableResult = { ok: true; partners: Partner[] } | { ok: false; errors: ErrorDetail[] };

const cellError = (row: number, column: string, message: string, key: string, value = ''): ErrorDetail => ({
  path: 'partners',
  row,
  message: `row ${row}, column ${column}: ${message}`,
  key,
  params: { row, column, value },
});

/** Parses the pasted partner table; errors name each bad row and column. */
export function parsePartnerTable(text: string): PartnerTableResult {
  const lines = text.split(/\r\n|\n|\r/).map((l, i) => ({ row: i + 1, text: l }));
  const filled = lines.filter((l) => l.text.trim() !== '');
  const first = filled[0];
  if (!first)
    return {
      ok: false,
      errors: [{ path: 'partners', message: 'the partner table is empty', key: 'init.error.partnersEmpty' }],
    };
  const sep = separatorOf(first.text);
  const firstCells = cellsOf(first.text, sep);
  const header = firstCells.map((c) => HEADER_SYNONYMS[squash(c)]);
  const hasHeader = header.some((h) => h !== undefined);
  const errors: ErrorDetail[] = [];
  let columns: Array<Column | undefined>;
  if (hasHeader) {
    columns = header;
    firstCells.forEach((c, i) => {
      if (header[i] === undefined && c !== '')
        errors.push(cellError(first.row, c, `unknown column "${c}"`, 'init.error.partnerColumn', c));
    });
    for (const need of ['code', 'name', 'country', 'kind'] as const)
      if (!columns.includes(need))
        errors.push(
          cellError(first.row, need, `the column "${need}" is missing`, 'init.error.partnerMissingColumn'),
        );
  } else columns = [...PARTNER_COLUMNS];
  const body = hasHeader ? filled.slice(1) : filled;
  if (body.length === 0 && errors.length === 0)
    errors.push({
      path: 'partners',
      message: 'the partner table has no partner rows',
      key: 'init.error.partnersEmpty',
    });
  const partners: Array<{ row: number; partner: Partner }> = [];
  body.forEach((line, index) => {
    const before = errors.length;
    const cells = cellsOf(line.text, sep);
    const get = (c: Column) => {
      const i = columns.indexOf(c);
      return i < 0 ? '' : (cells[i] ?? '');
    };
    const bad = (column: Column, message: string, value: string) =>
      errors.push(cellError(line.row, column, message, `init.error.partner.${column}`, value));
    const numberText = get('number');
    const number = numberText === '' ? index + 1 : Number(numberText);
    if (!Number.isInteger(number) || number < 1)
      bad('number', `"${numberText}" is not a whole number from 1`, numberText);
    const code = get('code');
    if (!partnerCodeSchema.safeParse(code).success)
      bad('code', `"${code}" is not a partner code (letters, digits, "_", "-", ".")`, code);
    const name = get('name');
    if (name === '') bad('name', 'the name is empty', name);
    const countryText = get('country').toUpperCase();
    const country = COUNTRY_ALIASES[countryText] ?? countryText;
    if (!/^[A-Z]{2}$/.test(country))
      bad('country', `"${get('country')}" is not a two-letter country code`, get('country'));
    const kind = KIND_SYNONYMS[squash(get('kind'))];
    if (!kind) bad('kind', `"${get('kind')}" is not one of ${PARTNER_KINDS.join(', ')}`, get('kind'));
    const sectorText = squash(get('sector'));
    const sector =
      sectorText === '' ? (kind ? SECTOR_OF[kind] : undefined) : SECTORS.find((s) => s === sectorText);
    if (!sector && (sectorText !== '' || kind))
      bad('sector', `"${get('sector')}" is not public or private`, get('sector'));
    if (kind && sector && errors.length === before)
      partners.push({
        row: line.row,
        partner: {
          number,
          code,
          name,
          country,
          region: regionOf(country),
          kind,
          sector,
          aliases: [],
          channels: [],
        },
      });
  });
  const codes = new Map<string, number>();
  const numbers = new Map<number, number>();
  for (const { row, partner: p } of partners) {
    const earlier = codes.get(p.code);
    if (earlier !== undefined)
      errors.push(
        cellError(row, 'code', `"${p.code}" repeats row ${earlier}`, 'init.error.partner.duplicate', p.code),
      );
    else codes.set(p.code, row);
    const sameNumber = numbers.get(p.number);
    if (sameNumber !== undefined)
      errors.push(
        cellError(
          row,
          'number',
          `${p.number} repeats row ${sameNumber}`,
          'init.error.partner.duplicate',
          String(p.number),
        ),
      );
    else numbers.set(p.number, row);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, partners: partners.map((p) => p.partner) };
}
