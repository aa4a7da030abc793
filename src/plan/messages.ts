/**
 * Plan-check findings in English and Japanese: one key per check code (`plancheck.<code>`), filled from the
 * finding's `params`; the English `message` of a finding stays for logs. Typed over PLAN_CHECK_CODES, so a new
 * check without its messages fails the typecheck.
 */
import type { PlanCheckCode } from './checks';

type CheckKey = `plancheck.${PlanCheckCode}` | 'plancheck.unknown-partner.alias';

export const en = {
  'plancheck.unknown-partner': 'Unknown partner “{partner}”.',
  'plancheck.unknown-partner.alias': '“{partner}” is an alias of partner {meant}: use the code.',
  'plancheck.partner-alias-conflict': 'The alias “{alias}” also names partner {partner}.',
  'plancheck.unknown-asset': 'Unknown asset “{id}”.',
  'plancheck.unknown-timeline-item': 'Unknown timeline item “{id}”.',
  'plancheck.unknown-kpi': 'Unknown KPI “{id}”.',
  'plancheck.unknown-filter-field': 'Unknown field “{field}”.',
  'plancheck.invalid-filter-value': 'The value “{value}” does not fit this field.',
  'plancheck.filter-operator-mismatch': 'The operator “{operator}” does not fit a field of type {type}.',
  'plancheck.measure-field-type': 'The field “{field}” is not a number, so it cannot be summed.',
  'plancheck.kpi-part-without-records': 'A part of a KPI needs a measure over records, not a manual one.',
  'plancheck.kpi-part-exceeds-target': 'The part’s target {part} exceeds the KPI’s target {target}.',
  'plancheck.kpi-cadence-mismatch': 'KPI {kpi} targets {target}, but the cadence declares {total} in total.',
  'plancheck.kpi-target-beyond-plan':
    'KPI {kpi} needs {target}, but the deliverables plan {planned} ({deliverables}).',
  'plancheck.cadence-total-mismatch': '{per_year} {kind} per year over {years} years is not {total}.',
  'plancheck.timeline-cadence-mismatch':
    'The timeline row {row} has {months} months, but the cadence declares {total}.',
  'plancheck.deliverable-after-end':
    '{deliverable} is due in month {month}, after the project ends (month {duration}).',
  'plancheck.month-out-of-range': 'Month {month} is outside the project (months 1 to {duration}).',
  'plancheck.start-date-not-first-of-month': 'The start date {date} should be the first day of a month.',
  'plancheck.event-outside-project': 'Event {event} ({date}) is outside the project ({start} to {end}).',
  'plancheck.event-dates-reversed': 'Event {event} ends ({end}) before it starts ({start}).',
  'plancheck.social-account-spelling': '“{url}” and “{other}” look like one account spelled two ways.',
  'plancheck.palette-hex-rgb-mismatch': '{hex} is rgb({actual}), not rgb({declared}).',
} as const satisfies Record<CheckKey, string>;

/** Japanese: typed against the English keys, so a missing key fails the typecheck. */
export const ja: Record<keyof typeof en, string> = {
  'plancheck.unknown-partner': '不明なパートナー「{partner}」です。',
  'plancheck.unknown-partner.alias': '「{partner}」はパートナー {meant} の別名です。コードを使ってください。',
  'plancheck.partner-alias-conflict': '別名「{alias}」はパートナー {partner} も指しています。',
  'plancheck.unknown-asset': '不明なアセット「{id}」です。',
  'plancheck.unknown-timeline-item': '不明なタイムライン項目「{id}」です。',
  'plancheck.unknown-kpi': '不明な KPI「{id}」です。',
  'plancheck.unknown-filter-field': '不明な項目「{field}」です。',
  'plancheck.invalid-filter-value': '値「{value}」はこの項目に合いません。',
  'plancheck.filter-operator-mismatch': '演算子「{operator}」は型 {type} の項目には使えません。',
  'plancheck.measure-field-type': '項目「{field}」は数値ではないため、合計できません。',
  'plancheck.kpi-part-without-records': 'KPI の内訳には、手入力ではなく記録に基づく測定が必要です。',
  'plancheck.kpi-part-exceeds-target': '内訳の目標 {part} が KPI の目標 {target} を超えています。',
  'plancheck.kpi-cadence-mismatch': 'KPI {kpi} の目標は {target} ですが、実施頻度の宣言は合計 {total} です。',
  'plancheck.kpi-target-beyond-plan':
    'KPI {kpi} には {target} が必要ですが、成果物の計画は {planned} です（{deliverables}）。',
  'plancheck.cadence-total-mismatch':
    '{kind} を年 {per_year} 回、{years} 年間では合計 {total} になりません。',
  'plancheck.timeline-cadence-mismatch':
    'タイムラインの行 {row} は {months} か月分ですが、実施頻度の宣言は {total} です。',
  'plancheck.deliverable-after-end':
    '{deliverable} の期限は {month} か月目で、プロジェクト終了（{duration} か月目）より後です。',
  'plancheck.month-out-of-range': '{month} か月目はプロジェクトの期間外です（1～{duration} か月目）。',
  'plancheck.start-date-not-first-of-month': '開始日 {date} は月の初日にしてください。',
  'plancheck.event-outside-project': 'イベント {event}（{date}）はプロジェクト期間（{start}～{end}）外です。',
  'plancheck.event-dates-reversed': 'イベント {event} の終了日（{end}）が開始日（{start}）より前です。',
  'plancheck.social-account-spelling': '「{url}」と「{other}」は同じアカウントの表記ゆれのようです。',
  'plancheck.palette-hex-rgb-mismatch': '{hex} は rgb({actual}) で、rgb({declared}) ではありません。',
};
