/** Consistency checks of a validated plan: references, months, cadences vs KPIs, spellings; each with a stable code. */
import {
  RECORD_FIELDS,
  localize,
  type Comparator,
  type Condition,
  type FieldSpec,
  type Filter,
  type Kpi,
  type Measure,
  type Plan,
  type RecordType,
  type Scalar,
} from './schema';
import { addMonths } from './time';

/** Stable codes of every check (the UI translates them; `params` carries the message's values). */
export const PLAN_CHECK_CODES = [
  'unknown-partner',
  'partner-alias-conflict',
  'unknown-asset',
  'unknown-timeline-item',
  'unknown-kpi',
  'unknown-filter-field',
  'invalid-filter-value',
  'filter-operator-mismatch',
  'measure-field-type',
  'kpi-part-without-records',
  'kpi-part-exceeds-target',
  'kpi-cadence-mismatch',
  'kpi-target-beyond-plan',
  'cadence-total-mismatch',
  'timeline-cadence-mismatch',
  'deliverable-after-end',
  'month-out-of-range',
  'start-date-not-first-of-month',
  'event-outside-project',
  'event-dates-reversed',
  'social-account-spelling',
  'palette-hex-rgb-mismatch',
] as const;
export type PlanCheckCode = (typeof PLAN_CHECK_CODES)[number];

/** A finding about a plan. `error` findings make the loader reject the plan. */
export interface PlanWarning {
  /** Dotted path, e.g. `kpis.3.target`. */
  path: string;
  code: PlanCheckCode;
  message: string;
  severity: 'error' | 'warning';
  params?: Record<string, string | number>;
}
export type Warning = PlanWarning;

type Path = (string | number)[];
type Emit = (path: Path, code: PlanCheckCode, message: string, params?: PlanWarning['params']) => void;

const ERROR_CODES: ReadonlySet<PlanCheckCode> = new Set<PlanCheckCode>([
  'unknown-partner',
  'partner-alias-conflict',
  'unknown-asset',
  'unknown-timeline-item',
  'unknown-kpi',
  'unknown-filter-field',
  'invalid-filter-value',
  'filter-operator-mismatch',
  'measure-field-type',
  'kpi-part-without-records',
]);

/** Every consistency finding of `plan`, in plan order of the checks. */
export function checkPlan(plan: Plan): PlanWarning[] {
  const out: PlanWarning[] = [];
  const emit: Emit = (path, code, message, params) =>
    out.push({
      path: path.join('.'),
      code,
      message,
      severity: ERROR_CODES.has(code) ? 'error' : 'warning',
      params,
    });
  const partners = new PartnerIndex(plan);
  checkPartnerAliases(plan, emit);
  checkPartnerReferences(plan, partners, emit);
  checkLocalReferences(plan, emit);
  checkKpiMeasures(plan, partners, emit);
  checkCadences(plan, emit);
  checkMonths(plan, emit);
  checkEvents(plan, emit);
  checkSocialSpellings(plan, emit);
  checkPalette(plan, emit);
  return out;
}

// ---------------------------------------------------------------------------
// Partners
// ---------------------------------------------------------------------------

/** Partner codes, and aliases mapped to the code they stand for. */
class PartnerIndex {
  private readonly codes = new Set<string>();
  private readonly aliases = new Map<string, string>();

  constructor(plan: Plan) {
    for (const p of plan.partners) {
      this.codes.add(p.code);
      for (const a of p.aliases) this.aliases.set(a.toLowerCase(), p.code);
    }
  }

  /** The problem with a reference, or undefined when `code` is a partner code. */
  problem(code: string): string | undefined {
    if (this.codes.has(code)) return undefined;
    const meant = this.aliases.get(code.toLowerCase());
    return meant ? `"${code}" is an alias of partner ${meant}: use the code` : `unknown partner "${code}"`;
  }

  check(codes: readonly string[], path: Path, emit: Emit): void {
    codes.forEach((code, i) => this.checkOne(code, [...path, i], emit));
  }

  checkOne(code: string, path: Path, emit: Emit): void {
    const problem = this.problem(code);
    if (problem) emit(path, 'unknown-partner', problem, { partner: code, meant: this.meant(code) ?? '' });
  }

  /** The partner an alias stands for. */
  meant(code: string): string | undefined {
    return this.codes.has(code) ? undefined : this.aliases.get(code.toLowerCase());
  }
}

function checkPartnerAliases(plan: Plan, emit: Emit): void {
  const owner = new Map<string, string>();
  for (const p of plan.partners) owner.set(p.code.toLowerCase(), p.code);
  plan.partners.forEach((p, i) =>
    p.aliases.forEach((alias, j) => {
      const key = alias.toLowerCase();
      const other = owner.get(key);
      if (other !== undefined && other !== p.code)
        emit(
          ['partners', i, 'aliases', j],
          'partner-alias-conflict',
          `alias "${alias}" also names partner ${other}`,
          {
            alias,
            partner: other,
          },
        );
      else owner.set(key, p.code);
    }),
  );
}

function checkPartnerReferences(plan: Plan, partners: PartnerIndex, emit: Emit): void {
  const { project } = plan;
  if (project.coordinator) partners.checkOne(project.coordinator, ['project', 'coordinator'], emit);
  partners.check(project.dissemination_leads, ['project', 'dissemination_leads'], emit);
  if (project.source) {
    partners.check(project.source.lead, ['project', 'source', 'lead'], emit);
    project.source.version_history.forEach((v, i) =>
      partners.checkOne(v.partner, ['project', 'source', 'version_history', i, 'partner'], emit),
    );
  }
  plan.channels.forEach((c, i) => partners.check(c.responsible, ['channels', i, 'responsible'], emit));
  plan.other_channels.forEach((c, i) => partners.checkOne(c.partner, ['other_channels', i, 'partner'], emit));
  plan.events.planned.forEach((e, i) =>
    partners.check(e.partners, ['events', 'planned', i, 'partners'], emit),
  );
  plan.synergies?.standard_bodies.forEach((b, i) =>
    partners.check(b.partners, ['synergies', 'standard_bodies', i, 'partners'], emit),
  );
  plan.timeline.forEach((t, i) => partners.check(t.responsible, ['timeline', i, 'responsible'], emit));
  partners.check(plan.reporting?.responsible ?? [], ['reporting', 'responsible'], emit);
}

// ---------------------------------------------------------------------------
// Assets, timeline items, KPI ids
// ---------------------------------------------------------------------------

function checkLocalReferences(plan: Plan, emit: Emit): void {
  const assets = new Set(plan.identity?.assets.map((a) => a.id) ?? []);
  plan.identity?.required_emblems.forEach((id, i) => {
    if (!assets.has(id))
      emit(['identity', 'required_emblems', i], 'unknown-asset', `unknown asset "${id}"`, { id });
  });
  const timeline = new Set(plan.timeline.map((t) => t.id));
  plan.promotional_materials.forEach((m, i) => {
    if (m.timeline_item !== undefined && !timeline.has(m.timeline_item))
      emit(
        ['promotional_materials', i, 'timeline_item'],
        'unknown-timeline-item',
        `unknown timeline item "${m.timeline_item}"`,
        {
          id: m.timeline_item,
        },
      );
  });
  const kpis = new Set(plan.kpis.map((k) => k.id));
  plan.work_packages.forEach((wp, w) =>
    wp.deliverables.forEach((d, i) =>
      d.plans.forEach((p, j) => {
        if (!kpis.has(p.kpi))
          emit(
            ['work_packages', w, 'deliverables', i, 'plans', j, 'kpi'],
            'unknown-kpi',
            `unknown KPI "${p.kpi}"`,
            {
              id: p.kpi,
            },
          );
      }),
    ),
  );
}

// ---------------------------------------------------------------------------
// KPI measures and filters
// ---------------------------------------------------------------------------

function checkKpiMeasures(plan: Plan, partners: PartnerIndex, emit: Emit): void {
  plan.kpis.forEach((kpi, i) => {
    const base: Path = ['kpis', i];
    checkMeasure(kpi.measure, [...base, 'measure'], partners, emit);
    kpi.parts.forEach((part, j) => {
      const partPath: Path = [...base, 'parts', j];
      if (kpi.measure.kind === 'manual')
        emit(
          [...partPath, 'where'],
          'kpi-part-without-records',
          'a part needs a measure over records, not a manual one',
        );
      else checkFilter(kpi.measure.record, part.where, [...partPath, 'where'], partners, emit);
      if (part.target > kpi.target)
        emit(
          [...partPath, 'target'],
          'kpi-part-exceeds-target',
          `part target ${part.target} exceeds the KPI target ${kpi.target}`,
          {
            part: part.target,
            target: kpi.target,
          },
        );
    });
    checkPlannedByDeliverables(plan, kpi, base, emit);
  });
}

function checkMeasure(measure: Measure, path: Path, partners: PartnerIndex, emit: Emit): void {
  if (measure.kind === 'manual') return;
  if (measure.where) checkFilter(measure.record, measure.where, [...path, 'where'], partners, emit);
  if (measure.kind !== 'sum' && measure.kind !== 'count_distinct') return;
  const spec = RECORD_FIELDS[measure.record][measure.field];
  if (!spec)
    emit([...path, 'field'], 'unknown-filter-field', `unknown ${measure.record} field "${measure.field}"`, {
      field: measure.field,
    });
  else if (measure.kind === 'sum' && spec.type !== 'number')
    emit([...path, 'field'], 'measure-field-type', `cannot sum ${spec.type} field "${measure.field}"`, {
      field: measure.field,
    });
}

function checkFilter(
  record: RecordType,
  where: Filter,
  path: Path,
  partners: PartnerIndex,
  emit: Emit,
): void {
  for (const [field, condition] of Object.entries(where)) {
    const spec = RECORD_FIELDS[record][field];
    const at: Path = [...path, field];
    if (!spec) emit(at, 'unknown-filter-field', `unknown ${record} field "${field}"`, { field });
    else checkCondition(spec, condition, at, partners, emit);
  }
}

const ORDER_OPS = ['gt', 'gte', 'lt', 'lte', 'between'] as const;
const ARRAY_OPS = ['contains', 'contains_any'] as const;
const EQUALITY_OPS = ['eq', 'ne', 'in', 'not_in'] as const;

function checkCondition(
  spec: FieldSpec,
  condition: Condition,
  path: Path,
  partners: PartnerIndex,
  emit: Emit,
): void {
  const isArrayField = spec.type.endsWith('[]');
  const ops = operatorsOf(condition);
  const misuse = (op: string, why: string) =>
    emit(path, 'filter-operator-mismatch', `"${op}" ${why} (field is ${spec.type})`, {
      operator: op,
      type: spec.type,
    });
  for (const op of ops) {
    if ((ORDER_OPS as readonly string[]).includes(op) && spec.type !== 'number' && spec.type !== 'date')
      misuse(op, 'needs a number or date field');
    if ((ARRAY_OPS as readonly string[]).includes(op) && !isArrayField) misuse(op, 'needs an array field');
    if ((EQUALITY_OPS as readonly string[]).includes(op) && isArrayField)
      misuse(op, 'cannot compare an array field: use contains');
  }
  for (const value of valuesOf(condition)) checkValue(spec, value, path, partners, emit);
}

/** Operator names of a condition; a bare scalar is `eq`, a bare array is `in`. */
function operatorsOf(condition: Condition): string[] {
  if (Array.isArray(condition)) return ['in'];
  if (typeof condition !== 'object') return ['eq'];
  return Object.entries(condition)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}

/** Values compared for (in)equality or membership (ordering bounds and `exists` are not vocabulary values). */
function valuesOf(condition: Condition): Scalar[] {
  if (Array.isArray(condition)) return condition;
  if (typeof condition !== 'object') return [condition];
  const { eq, ne, contains } = condition;
  return [
    ...[eq, ne, contains].filter((v): v is Scalar => v !== undefined),
    ...(condition.in ?? []),
    ...(condition.not_in ?? []),
    ...(condition.contains_any ?? []),
  ];
}

function checkValue(spec: FieldSpec, value: Scalar, path: Path, partners: PartnerIndex, emit: Emit): void {
  const bad = (why: string) => emit(path, 'invalid-filter-value', why, { value: String(value) });
  const base = spec.type.replace('[]', '');
  if (base === 'number' && typeof value !== 'number') return bad(`expected a number, got "${String(value)}"`);
  if (base === 'boolean' && typeof value !== 'boolean')
    return bad(`expected true or false, got "${String(value)}"`);
  if ((base === 'string' || base === 'partner' || base === 'date') && typeof value !== 'string')
    return bad(`expected text, got ${String(value)}`);
  if (spec.pattern && typeof value === 'string') {
    if (!spec.pattern.test(value))
      return bad(
        `"${value}" is not a name of lower-case letters, digits and "_" (e.g. ${spec.values?.[0] ?? 'name'})`,
      );
  } else if (spec.values && typeof value === 'string' && !spec.values.includes(value))
    return bad(`"${value}" is not one of ${spec.values.join(', ')}`);
  if (base === 'partner' && typeof value === 'string') {
    const problem = partners.problem(value);
    if (problem)
      emit(path, 'unknown-partner', problem, { partner: value, meant: partners.meant(value) ?? '' });
  }
}

function satisfies(value: number, comparator: Comparator, target: number): boolean {
  return comparator === '>' ? value > target : value >= target;
}

/** Deliverables that declare what they plan for a KPI must reach its target on their own. */
function checkPlannedByDeliverables(plan: Plan, kpi: Kpi, base: Path, emit: Emit): void {
  const planned = plan.work_packages.flatMap((wp) =>
    wp.deliverables.flatMap((d) =>
      d.plans.filter((p) => p.kpi === kpi.id).map((p) => ({ code: d.code, count: p.count })),
    ),
  );
  if (planned.length === 0) return;
  const total = planned.reduce((sum, p) => sum + p.count, 0);
  if (satisfies(total, kpi.comparator, kpi.target)) return;
  const codes = planned.map((p) => p.code).join(', ');
  emit(
    [...base, 'target'],
    'kpi-target-beyond-plan',
    `KPI "${localize(kpi.label, 'en')}" needs ${kpi.comparator} ${kpi.target} but the deliverables plan ${total} (${codes})`,
    { kpi: kpi.id, target: kpi.target, planned: total, deliverables: codes },
  );
}

// ---------------------------------------------------------------------------
// Cadences: stated totals vs KPI targets and timeline rows
// ---------------------------------------------------------------------------

function checkCadences(plan: Plan, emit: Emit): void {
  const years = plan.project.duration_months / 12;
  const totals = new Map<string, { total: number; index: number }>();
  plan.cadence.forEach((c, i) => {
    if (c.total === undefined) return;
    totals.set(c.kind, { total: c.total, index: i });
    if (c.per_year !== undefined && Math.round(c.per_year * years) !== c.total)
      emit(
        ['cadence', i, 'total'],
        'cadence-total-mismatch',
        `${c.per_year} ${c.kind} per year over ${years} years is not ${c.total}`,
        {
          kind: c.kind,
          per_year: c.per_year,
          total: c.total,
          years,
        },
      );
  });
  plan.kpis.forEach((kpi, i) => checkKpiAgainstCadence(kpi, ['kpis', i, 'target'], totals, emit));
  plan.timeline.forEach((t, i) => {
    const cadence = t.kind ? totals.get(t.kind) : undefined;
    if (!cadence || t.months.length === 0 || t.months.length === cadence.total) return;
    emit(
      ['timeline', i, 'months'],
      'timeline-cadence-mismatch',
      `timeline row "${localize(t.label, 'en')}" has ${t.months.length} months but cadence.${cadence.index} declares ${cadence.total} ${t.kind}`,
      {
        row: t.id,
        months: t.months.length,
        total: cadence.total,
      },
    );
  });
}

/** A KPI counting activities of kinds that have declared totals must agree with them. */
function checkKpiAgainstCadence(
  kpi: Kpi,
  path: Path,
  totals: Map<string, { total: number; index: number }>,
  emit: Emit,
): void {
  if (kpi.measure.kind !== 'count' || kpi.measure.record !== 'activity') return;
  const kinds = kindsOf(kpi.measure.where?.['kind']);
  const declared = kinds
    .map((k) => ({ kind: k, cadence: totals.get(k) }))
    .filter((d) => d.cadence !== undefined);
  if (declared.length === 0) return;
  const sum = declared.reduce((acc, d) => acc + (d.cadence?.total ?? 0), 0);
  const required = kpi.comparator === '>' ? kpi.target + 1 : kpi.target;
  const exact = kinds.length === 1;
  if (exact ? sum === required : sum <= required) return;
  const where = declared.map((d) => `cadence.${d.cadence?.index} (${d.kind})`).join(', ');
  emit(
    path,
    'kpi-cadence-mismatch',
    `KPI "${localize(kpi.label, 'en')}" targets ${kpi.comparator} ${kpi.target} but ${where} declares ${sum} in total`,
    {
      kpi: kpi.id,
      target: kpi.target,
      total: sum,
    },
  );
}

/** The activity kinds a `kind` condition selects (only equality and `in` are understood). */
function kindsOf(condition: Condition | undefined): string[] {
  if (condition === undefined) return [];
  if (Array.isArray(condition)) return condition.map(String);
  if (typeof condition !== 'object') return [String(condition)];
  if (condition.eq !== undefined) return [String(condition.eq)];
  return (condition.in ?? []).map(String);
}

// ---------------------------------------------------------------------------
// Months and dates
// ---------------------------------------------------------------------------

function checkMonths(plan: Plan, emit: Emit): void {
  const duration = plan.project.duration_months;
  const outside = (m: number) => m < 1 || m > duration;
  plan.work_packages.forEach((wp, w) =>
    wp.deliverables.forEach((d, i) => {
      if (d.due_month > duration)
        emit(
          ['work_packages', w, 'deliverables', i, 'due_month'],
          'deliverable-after-end',
          `${d.code} is due in month ${d.due_month}, after the project ends (month ${duration})`,
          {
            deliverable: d.code,
            month: d.due_month,
            duration,
          },
        );
    }),
  );
  plan.timeline.forEach((t, i) =>
    t.months.forEach((m, j) => {
      if (outside(m))
        emit(['timeline', i, 'months', j], 'month-out-of-range', `month ${m} is outside 1..${duration}`, {
          month: m,
          duration,
        });
    }),
  );
  plan.kpis.forEach((k, i) =>
    (['from_month', 'to_month'] as const).forEach((key) => {
      const m = k.period?.[key];
      if (m !== undefined && outside(m))
        emit(['kpis', i, 'period', key], 'month-out-of-range', `month ${m} is outside 1..${duration}`, {
          month: m,
          duration,
        });
    }),
  );
  if (!plan.project.start_date.endsWith('-01'))
    emit(
      ['project', 'start_date'],
      'start-date-not-first-of-month',
      'the start date should be the first day of month 1',
      {
        date: plan.project.start_date,
      },
    );
}

function checkEvents(plan: Plan, emit: Emit): void {
  const start = plan.project.start_date;
  const end = addMonths(start, plan.project.duration_months);
  plan.events.planned.forEach((e, i) => {
    const path: Path = ['events', 'planned', i];
    if (e.start_date < start || e.start_date >= end)
      emit(
        [...path, 'start_date'],
        'event-outside-project',
        `event "${localize(e.name, 'en')}" (${e.start_date}) is outside the project (${start} to ${end})`,
        {
          event: e.id,
          date: e.start_date,
          start,
          end,
        },
      );
    if (e.end_date !== undefined && e.end_date < e.start_date)
      emit(
        [...path, 'end_date'],
        'event-dates-reversed',
        `end date ${e.end_date} is before start date ${e.start_date}`,
        {
          event: e.id,
          start: e.start_date,
          end: e.end_date,
        },
      );
  });
}

// ---------------------------------------------------------------------------
// Social accounts written two ways
// ---------------------------------------------------------------------------

interface Spelling {
  path: Path;
  url: string;
}

/** Host (lower case, no www, x.com → twitter.com) and path (no trailing slash, no query or fragment). */
export function accountKey(url: string): string {
  const bare = url
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
  const slash = bare.indexOf('/');
  const host = (slash < 0 ? bare : bare.slice(0, slash))
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/^(mobile\.)?x\.com$/, 'twitter.com');
  return host + (slash < 0 ? '' : bare.slice(slash));
}

function spellingsOf(plan: Plan): Spelling[] {
  const list: Spelling[] = [];
  plan.channels.forEach((c, i) => {
    list.push({ path: ['channels', i, 'url'], url: c.url });
    c.aliases.forEach((a, j) => list.push({ path: ['channels', i, 'aliases', j], url: a }));
  });
  plan.partners.forEach((p, i) =>
    p.channels.forEach((c, j) => {
      if (c.url) list.push({ path: ['partners', i, 'channels', j, 'url'], url: c.url });
    }),
  );
  return list;
}

/** Two URLs that name the same account but differ in case or in separators (`msec-project` vs `msecproject`). */
function checkSocialSpellings(plan: Plan, emit: Emit): void {
  const seen = new Map<string, Spelling>();
  for (const s of spellingsOf(plan)) {
    const key = accountKey(s.url);
    const loose = key.toLowerCase().replace(/[-_.]/g, '');
    const first = seen.get(loose);
    if (!first) {
      seen.set(loose, s);
      continue;
    }
    if (accountKey(first.url) === key) continue;
    emit(
      s.path,
      'social-account-spelling',
      `"${s.url}" and "${first.url}" (${first.path.join('.')}) look like the same account spelled two ways`,
      {
        url: s.url,
        other: first.url,
      },
    );
  }
}

// ---------------------------------------------------------------------------
// Palette
// ---------------------------------------------------------------------------

/** `[r, g, b]` of `#RGB` or `#RRGGBB`. */
export function hexToRgb(hex: string): [number, number, number] {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function checkPalette(plan: Plan, emit: Emit): void {
  plan.identity?.palette.forEach((c, i) => {
    const rgb = hexToRgb(c.hex);
    if (rgb.every((v, k) => v === c.rgb[k])) return;
    emit(
      ['identity', 'palette', i, 'hex'],
      'palette-hex-rgb-mismatch',
      `${c.hex} is rgb(${rgb.join(', ')}), not rgb(${c.rgb.join(', ')})`,
      {
        hex: c.hex,
        rgb: c.rgb.join(','),
        actual: rgb.join(', '),
        declared: c.rgb.join(', '),
      },
    );
  });
}
