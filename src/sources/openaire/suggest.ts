/**
 * OpenAIRE's run: the research products linked to the project's grants, paged with cursors, into the suggested
 * outputs inbox (and the publications' link states). Replaced by the OpenAIRE adapter's implementation.
 */
import type { Actor } from '../../auth/permissions';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import type { Plan } from '../../plan/schema';
import type { RunEnd } from '../runs';
import type { SourceEnv } from '../types';
import type { OpenaireSettings } from './settings';

export interface OpenaireRun {
  projectId: string;
  plan: Plan;
  settings: OpenaireSettings;
  env: SourceEnv;
  actor: Actor;
  dryRun: boolean;
  clock: Clock;
}

/** Runs the OpenAIRE suggestion fetch; answers how the run ended (finishRun's shape). */
export async function runOpenaireSuggest(_db: Db, _o: OpenaireRun): Promise<RunEnd> {
  throw new Error('the OpenAIRE adapter is not built yet');
}
