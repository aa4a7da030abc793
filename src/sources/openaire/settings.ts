/**
 * OpenAIRE's settings: nothing is needed (the grant comes from the plan); a project may name the funder's short name
 * and the grant code when the plan's differ from OpenAIRE's, or turn the suggestions off on the sources page.
 */
import { z } from 'zod';
import type { SourceField } from '../types';

export const openaireSettings = z.strictObject({
  /** OpenAIRE's funder short name (EC, ...); default from the plan's grant. */
  funder: z.string().trim().max(40).optional(),
  /** The grant codes to ask for (default: every grant of the plan). */
  grants: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
});
export type OpenaireSettings = z.infer<typeof openaireSettings>;

export const openaireFields: readonly SourceField[] = [
  { name: 'funder', kind: 'text', required: false, label: 'sources.openaire.funder', placeholder: 'EC' },
  { name: 'grants', kind: 'lines', required: false, label: 'sources.openaire.grants' },
];
