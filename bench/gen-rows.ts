/**
 * The generator's rows: one seeded, realistic record of each type for a project, drawn from the project's own plan
 * (partners, work packages, timeline items, the funder's vocabulary, the metrics its KPIs read, its period).
 */
import {
  ACTIVITY_KINDS,
  EVENT_KINDS,
  EVENT_ROLES,
  METRIC_CHANNEL_KINDS,
  PUBLICATION_TYPES,
  SYNERGY_KINDS,
  type Plan,
  type RecordType,
} from '../src/plan/schema';
import type { activities, events, metricSnapshots, publications, synergies } from '../src/db/schema';
import { vocabularyFor } from '../src/records/vocabularies';
import type { FunderVocabulary } from '../src/records/vocabularies/types';
import type { Rng } from './prng';

/** What the rows of one project are drawn from. */
export interface ProjectContext {
  projectId: string;
  partners: Array<{ code: string; region?: string }>;
  wps: string[];
  timelineItems: string[];
  metrics: string[];
  vocab: FunderVocabulary;
  /** The project's first day (UTC ms) and its length in days. */
  start: number;
  days: number;
  /** created_at / updated_at of every row (deterministic). */
  createdAt: Date;
  createdBy: string;
}

/** Share of each record type in a project's records (activities and metric snapshots dominate real plans). */
export const MIX: ReadonlyArray<[RecordType, number]> = [
  ['activity', 0.4],
  ['event', 0.15],
  ['publication', 0.1],
  ['synergy', 0.05],
  ['metric', 0.3],
];

/** How many records of each type make `total` (the remainder goes to activities). */
export function splitMix(total: number): Record<RecordType, number> {
  const out = {} as Record<RecordType, number>;
  let used = 0;
  for (const [type, share] of MIX.slice(1)) {
    out[type] = Math.floor(total * share);
    used += out[type];
  }
  out.activity = total - used;
  return out;
}

const DAY = 86_400_000;

/** The context of a plan as imported under `projectId`. */
export function contextOf(plan: Plan, projectId: string, createdAt: Date): ProjectContext {
  const start = Date.parse(`${plan.project.start_date}T00:00:00Z`);
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + plan.project.duration_months);
  const metrics = new Set<string>();
  for (const k of plan.kpis ?? []) {
    const where = (k.measure as { where?: Record<string, unknown> } | undefined)?.where;
    const m = where?.metric;
    for (const v of Array.isArray(m) ? m : m === undefined ? [] : [m]) metrics.add(String(v));
  }
  if (metrics.size === 0) for (const m of ['followers', 'views', 'downloads']) metrics.add(m);
  return {
    projectId,
    partners: plan.partners.map((p) => ({ code: p.code, region: p.region })),
    wps: (plan.work_packages ?? []).map((w) => w.code),
    timelineItems: (plan.timeline ?? []).map((t) => t.id),
    metrics: [...metrics],
    vocab: vocabularyFor(plan.project.programme),
    start,
    days: Math.max(1, Math.round((end.getTime() - start) / DAY)),
    createdAt,
    createdBy: ctxActor,
  };
}

/** Who the generated rows say made them. */
export const ctxActor = 'bench:generate';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const some = <T>(rng: Rng, list: readonly T[], max: number): T[] => {
  const n = 1 + rng.int(Math.min(max, list.length));
  return [...new Set(Array.from({ length: n }, () => rng.pick(list)))];
};
const CITIES: ReadonlyArray<[string, string]> = [
  ['Tokyo', 'JP'],
  ['Yokohama', 'JP'],
  ['Brussels', 'BE'],
  ['Madrid', 'ES'],
  ['Athens', 'GR'],
  ['Grenoble', 'FR'],
  ['Lisbon', 'PT'],
  ['Santander', 'ES'],
];
const TOPICS = ['pilot', 'smart city', 'security', 'IoT', 'blockchain', 'open data', 'cloud', 'citizens'];

function common(rng: Rng, c: ProjectContext, n: number) {
  const lead = rng.pick(c.partners).code;
  const others = rng.chance(0.3)
    ? some(rng, c.partners, 3)
        .map((p) => p.code)
        .filter((p) => p !== lead)
    : [];
  return {
    id: rng.uuid(),
    projectId: c.projectId,
    leadPartner: lead,
    partners: others,
    wp: c.wps.length && rng.chance(0.6) ? rng.pick(c.wps) : null,
    timelineItem: c.timelineItems.length && rng.chance(0.2) ? rng.pick(c.timelineItems) : null,
    source: 'bench',
    createdAt: c.createdAt,
    createdBy: c.createdBy,
    updatedAt: c.createdAt,
    updatedBy: c.createdBy,
    // Skewed towards the project's later months, as reporting is.
    date: isoDay(c.start + Math.floor(Math.sqrt(rng.next()) * c.days) * DAY),
    topic: `${rng.pick(TOPICS)} ${n}`,
  };
}

export type ActivityRow = typeof activities.$inferInsert;
export type EventRow = typeof events.$inferInsert;
export type PublicationRow = typeof publications.$inferInsert;
export type SynergyRow = typeof synergies.$inferInsert;
export type MetricRow = typeof metricSnapshots.$inferInsert;

export function activityRow(rng: Rng, c: ProjectContext, n: number): ActivityRow {
  const { date, topic, ...base } = common(rng, c, n);
  const category = rng.chance(0.7) ? 'communication' : 'dissemination';
  const audiences =
    category === 'communication' ? c.vocab.communicationAudiences : c.vocab.disseminationAudiences;
  return {
    ...base,
    title: `Activity on ${topic}`,
    category,
    startDate: date,
    kind: rng.pick(ACTIVITY_KINDS),
    type: rng.pick(c.vocab.activityTypes),
    audiences: some(rng, audiences, 3),
    channels: some(rng, c.vocab.channels, 2),
    status: rng.chance(0.8) ? 'Delivered' : rng.pick(c.vocab.statuses),
    personsReached: rng.chance(0.7) ? 10 + rng.int(5000) : null,
    countries: rng.chance(0.5) ? [rng.pick(CITIES)[1]] : [],
    jointWithOtherProjects: rng.chance(0.1),
  };
}

export function eventRow(rng: Rng, c: ProjectContext, n: number): EventRow {
  const { date, topic, ...base } = common(rng, c, n);
  const [city, country] = rng.pick(CITIES);
  return {
    ...base,
    name: `Workshop on ${topic}`,
    kind: rng.pick(EVENT_KINDS),
    city,
    country,
    startDate: date,
    roles: some(rng, EVENT_ROLES, 2),
    participants: 5 + rng.int(400),
    international: rng.chance(0.4),
    jointWithOtherProjects: rng.chance(0.15),
    status: rng.chance(0.75) ? 'attended' : rng.pick(['planned', 'cancelled']),
  };
}

export function publicationRow(rng: Rng, c: ProjectContext, n: number): PublicationRow {
  const { date, topic, ...base } = common(rng, c, n);
  const authors = some(rng, c.partners, 4).map((p, i) => ({ name: `Author ${n}-${i}`, partner: p.code }));
  const regions = new Set(authors.map((a) => c.partners.find((p) => p.code === a.partner)?.region));
  const type = rng.pick(PUBLICATION_TYPES);
  return {
    ...base,
    type,
    title: `Results on ${topic}`,
    authors,
    venue: `Proceedings of ${rng.pick(TOPICS)} ${2000 + rng.int(30)}`,
    year: Number(date.slice(0, 4)),
    date,
    datePrecision: 'day',
    doi: rng.chance(0.8) ? `10.5555/${c.projectId}.${n}` : null,
    peerReviewed: rng.chance(0.85),
    openAccess: rng.pick(['gold', 'green', 'hybrid', 'closed', 'unknown']),
    acknowledgesGrant: rng.chance(0.9),
    jointEuJp: regions.size > 1,
    jointPublicPrivate: rng.chance(0.3),
  };
}

export function synergyRow(rng: Rng, c: ProjectContext, n: number): SynergyRow {
  const { date, topic, ...base } = common(rng, c, n);
  return {
    ...base,
    initiative: `Initiative ${n % 97}`,
    kind: rng.pick(SYNERGY_KINDS),
    date,
    outcome: `On ${topic}`,
  };
}

export function metricRow(rng: Rng, c: ProjectContext, n: number): MetricRow {
  const { date, topic: _topic, ...base } = common(rng, c, n);
  const kind = rng.pick(METRIC_CHANNEL_KINDS);
  return {
    ...base,
    channel: `${kind}-${n % 7}`,
    channelKind: kind,
    channelScope: rng.chance(0.7) ? 'project' : 'partner',
    metric: rng.pick(c.metrics),
    value: rng.int(20_000),
    date,
    dataSource: 'csv',
  };
}

export const ROW_BUILDERS = {
  activity: activityRow,
  event: eventRow,
  publication: publicationRow,
  synergy: synergyRow,
  metric: metricRow,
} as const;
