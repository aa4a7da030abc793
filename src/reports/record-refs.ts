/** The recommendation form's records box: each line a record's address or `kind:id`; a line naming none is an error. */
import { KIND_SLUGS, RECORD_KINDS, kindOfSlug, type RecordKind } from '../records/kinds';
import { validationError } from '../records/validate';
import type { RecordRef } from './recommendations';

const SLUG_REF = new RegExp(`(${Object.values(KIND_SLUGS).join('|')})/([0-9a-fA-F-]{36})`);
const KIND_REF = new RegExp(`^(${RECORD_KINDS.join('|')}):([0-9a-fA-F-]{36})$`);

/** The records box: one reference a line (a record's address or kind:id); a line naming no record is an error. */
export function parseRecordRefs(text: string): RecordRef[] {
  const out: RecordRef[] = [];
  const bad: string[] = [];
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    const bySlug = SLUG_REF.exec(token);
    const byKind = KIND_REF.exec(token);
    const kind = bySlug ? kindOfSlug(bySlug[1] as string) : (byKind?.[1] as RecordKind | undefined);
    const id = (bySlug?.[2] ?? byKind?.[2])?.toLowerCase();
    if (kind && id) out.push({ kind, id });
    else bad.push(token);
  }
  if (bad.length > 0)
    throw validationError(
      bad.map((value) => ({
        path: 'records',
        message: `"${value}" names no record: give its address or kind:id`,
        key: 'recommendations.badRecord',
        params: { value },
      })),
    );
  return out;
}
