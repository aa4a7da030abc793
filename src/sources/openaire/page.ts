/**
 * What the suggestions page shows (`sources.manage`; reads only): the waiting suggestions, the decided ones with
 * who decided, the publications' link states, the last OpenAIRE run and whether the project turned OpenAIRE off.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { authorize, type Actor } from '../../auth/permissions';
import type { Db } from '../../db/client';
import { sourceConfigs, users, type SuggestedOutputRow } from '../../db/schema';
import type { Plan } from '../../plan/schema';
import { loadRecordContext } from '../../records/context';
import { lastRuns, type SourceRunRow } from '../runs';
import { listSuggestions } from './inbox-service';
import { publicationsToCheck, SOURCE, type LinkState } from './store';

export interface LinkRow {
  id: string;
  doi: string;
  title: string;
  state: LinkState | null;
  checkedAt: Date | null;
}

export interface InboxPage {
  projectId: string;
  plan: Plan;
  waiting: SuggestedOutputRow[];
  decided: SuggestedOutputRow[];
  links: LinkRow[];
  lastRun?: SourceRunRow;
  enabled: boolean;
  /** Checked every day (a coordinator turned OpenAIRE on); otherwise only by "check now". */
  scheduled: boolean;
  /** `user:<id>` → the user's name (or e-mail). */
  people: Map<string, string>;
}

export async function inboxPage(db: Db, o: { actor: Actor; projectId: string }): Promise<InboxPage> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  const { plan } = await loadRecordContext(db, o.projectId);
  const all = await listSuggestions(db, o);
  const [config] = await db
    .select({ enabled: sourceConfigs.enabled })
    .from(sourceConfigs)
    .where(and(eq(sourceConfigs.projectId, o.projectId), eq(sourceConfigs.source, SOURCE)));
  const userIds = [
    ...new Set(
      all
        .map((r) => r.decidedBy ?? '')
        .filter((w) => w.startsWith('user:'))
        .map((w) => w.slice('user:'.length)),
    ),
  ];
  const named =
    userIds.length === 0
      ? []
      : await db
          .select({ id: users.id, name: users.name, email: users.email })
          .from(users)
          .where(inArray(users.id, userIds));
  const links = await publicationsToCheck(db, o.projectId);
  return {
    projectId: o.projectId,
    plan,
    waiting: all.filter((r) => r.status === 'suggested'),
    decided: all
      .filter((r) => r.status !== 'suggested')
      .sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0)),
    links: links
      .map((l) => ({ ...l, state: (l.state as LinkState | null) ?? null }))
      .sort((a, b) => a.title.localeCompare(b.title)),
    lastRun: (await lastRuns(db, o.projectId)).get(SOURCE),
    enabled: config?.enabled ?? true,
    scheduled: config?.enabled === true,
    people: new Map(named.map((u) => [`user:${u.id}`, u.name ?? u.email ?? u.id])),
  };
}
