/** Importers' entry points: `detectFormat`, `parseFile`, `parseFiles` (metadata files), `collectRows`. */
import type { RecordType } from '../plan/schema';
import type { RecordOutputs } from '../records/schema';
import { validateRows, type ValidatedRow } from './validate';
import type { CandidateRow, ImportSummary } from './types';
import type { ValidationContext } from '../records/apply-context';

export * from './types';
export { detectFormat, formatRecordType, parseFile, type ParseFileRequest } from './parse-file';
export { parseFiles } from './metadata-list';
export { validateRow, validateBatch, validateRows, type ValidatedRow } from './validate';
export { issueMessage } from '../records/issue-message';
export { applyContext, partnerIndex, type FieldIssue } from '../records/apply-context';
export {
  templateFor,
  templateHeaders,
  exampleRow,
  type TemplateFile,
  type TemplateOptions,
} from './template';
export {
  columnsFor,
  matchHeaders,
  requiredColumns,
  RECORD_COLUMNS,
  type ColumnSpec,
} from '../records/columns';
export { cslToPublication, publicationTypeOf, type CslItem } from './csl';
export { inferChannelKind } from './metrics-csv';
export { formatAuthors, parseAuthors } from '../records/cells';

/** Everything of a small file at once: validated rows and the summary (tests, previews of small files). */
export async function collectRows<T extends RecordType>(
  parsed: { batches: AsyncIterable<CandidateRow[]>; summary: ImportSummary },
  type: T,
  ctx: ValidationContext,
): Promise<{ rows: ValidatedRow<RecordOutputs[T]>[]; summary: ImportSummary }> {
  const rows: ValidatedRow<RecordOutputs[T]>[] = [];
  for await (const batch of validateRows(parsed.batches, type, ctx)) rows.push(...batch);
  return { rows, summary: parsed.summary };
}
