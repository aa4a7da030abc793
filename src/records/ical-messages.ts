/** Strings of the events calendar (iCalendar download, subscription feed), en + ja. */
export const en = {
  'ical.download': 'Download calendar (.ics)',
  'ical.feed': 'Calendar feed',
  'ical.feedHint':
    'Subscribe to this address in a calendar app (Google Calendar, Outlook, Apple Calendar). Anyone with the address can read the events, so share it only with the consortium.',
  'ical.type': 'Type',
  'ical.partners': 'Partners',
  'ical.status': 'Status',
  'ical.roles': 'Roles',
  'ical.participants': 'Participants',
  'ical.calendarName': '{acronym} events',
};

export const ja: Record<keyof typeof en, string> = {
  'ical.download': 'カレンダーをダウンロード（.ics）',
  'ical.feed': 'カレンダーフィード',
  'ical.feedHint':
    'このアドレスをカレンダーアプリ（Google カレンダー、Outlook、Apple カレンダー）で購読できます。アドレスを知っている人は誰でもイベントを閲覧できるため、コンソーシアム内でのみ共有してください。',
  'ical.type': '種別',
  'ical.partners': 'パートナー',
  'ical.status': '状況',
  'ical.roles': '役割',
  'ical.participants': '参加者数',
  'ical.calendarName': '{acronym} のイベント',
};
