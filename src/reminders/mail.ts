/** The reminder mails' subject and text in one language (pure): the use case adds the preference footer. */
import { formatDate, translate, type Lang } from '../i18n';
import { KIND_SLUGS, RECORD_KINDS, type RecordKind } from '../records/kinds';
import type { DueReminder } from './due';
import type { MonthReport } from './repository';

export interface Composed {
  subject: string;
  text: string;
}

const projectUrl = (baseUrl: string, projectId: string) => `${baseUrl}/p/${encodeURIComponent(projectId)}`;

/** Where a partner reports more: the new-event page (§4.6 asks for events monthly; the form leads to the others). */
export const reportUrl = (baseUrl: string, projectId: string): string =>
  `${projectUrl(baseUrl, projectId)}/records/events/new`;

export function monthlyMail(
  lang: Lang,
  m: {
    baseUrl: string;
    projectId: string;
    project: string;
    partner: string;
    /** Any day of the month reported on. */
    day: string;
    report: MonthReport;
    leads: string[];
  },
): Composed {
  const month = formatDate(lang, m.day, 'month');
  const p = { project: m.project, partner: m.partner, month };
  const total = Object.values(m.report.counts).reduce((a, b) => a + (b ?? 0), 0);
  const lines = [translate(lang, 'reminders.monthly.intro', p), ''];
  if (total === 0) lines.push(translate(lang, 'reminders.monthly.none', p));
  else {
    lines.push(translate(lang, 'reminders.monthly.reported', { ...p, n: total }));
    const counts = RECORD_KINDS.filter((k) => m.report.counts[k]).map(
      (k) => `${translate(lang, `reminders.kind.${k}`)}: ${m.report.counts[k]}`,
    );
    lines.push(counts.join(', '), '');
    for (const r of m.report.records)
      lines.push(`- ${r.date} ${r.label} <${recordUrl(m.baseUrl, m.projectId, r.kind, r.id)}>`);
    if (total > m.report.records.length)
      lines.push(translate(lang, 'reminders.monthly.more', { n: total - m.report.records.length }));
  }
  lines.push('', translate(lang, 'reminders.monthly.report', { link: reportUrl(m.baseUrl, m.projectId) }));
  if (m.leads.length > 0)
    lines.push('', translate(lang, 'reminders.monthly.leads', { leads: m.leads.join(', ') }));
  return { subject: translate(lang, 'reminders.monthly.subject', p), text: lines.join('\n') };
}

const recordUrl = (baseUrl: string, projectId: string, kind: RecordKind, id: string) =>
  `${projectUrl(baseUrl, projectId)}/records/${KIND_SLUGS[kind]}/${id}`;

export function dueMail(
  lang: Lang,
  m: { baseUrl: string; projectId: string; project: string; day: string; reminders: DueReminder[] },
): Composed {
  const lines = [translate(lang, 'reminders.due.intro', { project: m.project }), ''];
  for (const r of m.reminders)
    lines.push(
      `- ${translate(lang, `reminders.due.${r.item.kind}`, {
        label: r.item.label(lang),
        due: r.item.due,
        days: r.daysBefore,
      })}`,
    );
  lines.push(
    '',
    translate(lang, 'reminders.due.link', { link: `${projectUrl(m.baseUrl, m.projectId)}/timeline` }),
  );
  const first = m.reminders.map((r) => r.item.due).sort()[0] ?? m.day;
  return {
    subject: translate(lang, 'reminders.due.subject', { project: m.project, date: first }),
    text: lines.join('\n'),
  };
}

export function silentMail(
  lang: Lang,
  m: { baseUrl: string; projectId: string; project: string; partner: string; since: string; months: number },
): Composed {
  const p = { project: m.project, partner: m.partner, since: m.since, months: m.months };
  const link = `${projectUrl(m.baseUrl, m.projectId)}/records/activities?partner=${encodeURIComponent(m.partner)}`;
  return {
    subject: translate(lang, 'reminders.silent.subject', p),
    text: [
      translate(lang, 'reminders.silent.body', p),
      '',
      translate(lang, 'reminders.silent.link', { link }),
    ].join('\n'),
  };
}

export function yearEndMail(
  lang: Lang,
  m: { baseUrl: string; projectId: string; project: string; end: string },
): Composed {
  const p = { project: m.project, end: m.end };
  const link = `${projectUrl(m.baseUrl, m.projectId)}/dashboard`;
  return {
    subject: translate(lang, 'reminders.yearEnd.subject', p),
    text: [
      translate(lang, 'reminders.yearEnd.body', p),
      '',
      translate(lang, 'reminders.yearEnd.link', { link }),
    ].join('\n'),
  };
}
