/** UI strings of approximate publication dates (records, forms, KPI drill-downs, dashboard method, import preview). */
export const en = {
  'records.field.date_precision': 'Date precision',
  'records.value.date_precision.day': 'Exact day',
  'records.value.date_precision.month': 'Month only (approximate)',
  'records.value.date_precision.year': 'Year only (approximate)',
  'dates.approximate': 'approximate date',
  'dates.approximate.month': 'Known to the month only',
  'dates.approximate.year': 'Known to the year only',
  'dates.countedOn': 'counted on {date}',
  'dates.form.hint':
    'A date known only to the month or the year: choose that precision and give the first day of the month or year. Entering a full date makes it exact.',
  'validation.record.precisionNeedsDate': 'a date is needed for precision "{precision}"',
  'validation.record.approximateNotFirst.month':
    'a date known to the month is given as the first day of its month (not {date})',
  'validation.record.approximateNotFirst.year':
    'a date known to the year is given as 1 January of its year (not {date})',
  'dash.method.dates':
    'Approximate dates: a publication known only by its month or year is counted once, on the first day of that month or year that lies inside the project when they overlap (a 2018 paper of a project starting on 1 July 2018 counts on 1 July 2018, in Year 1), otherwise on its first day.',
  'import.dates.title': 'Dates',
  'import.dates.approximate': 'Rows with an approximate date (known to the month or year only): {count}',
  'import.dates.beforeStart':
    'Rows dated before the project start ({start}): {count}. They are imported but will not count in any KPI.',
  'import.dates.afterEnd':
    'Rows dated after the project end ({end}): {count}. They are imported but will not count in any KPI.',
  'import.dates.col.row': 'Row',
  'import.dates.col.record': 'Record',
  'import.dates.col.date': 'Date',
  'import.dates.more': 'Not listed: {count}',
} as const;

type Key = keyof typeof en;

export const ja: Record<Key, string> = {
  'records.field.date_precision': '日付の精度',
  'records.value.date_precision.day': '日まで確定',
  'records.value.date_precision.month': '年月のみ（おおよそ）',
  'records.value.date_precision.year': '年のみ（おおよそ）',
  'dates.approximate': 'おおよその日付',
  'dates.approximate.month': '年月のみ判明',
  'dates.approximate.year': '年のみ判明',
  'dates.countedOn': '{date} として集計',
  'dates.form.hint':
    '年月または年しか分からない日付は、その精度を選び、その月または年の 1 日を入力してください。日まで入力すると正確な日付になります。',
  'validation.record.precisionNeedsDate': '精度「{precision}」には日付が必要です',
  'validation.record.approximateNotFirst.month':
    '年月のみの日付は、その月の 1 日として入力してください（{date} ではありません）',
  'validation.record.approximateNotFirst.year':
    '年のみの日付は、その年の 1 月 1 日として入力してください（{date} ではありません）',
  'dash.method.dates':
    'おおよその日付：年月または年しか分からない出版物は 1 回だけ数えます。その月または年がプロジェクト期間と重なる場合は、期間内に入る最初の日（2018 年 7 月 1 日開始のプロジェクトの 2018 年の論文は 2018 年 7 月 1 日、1 年目）に、重ならない場合はその月または年の最初の日に数えます。',
  'import.dates.title': '日付',
  'import.dates.approximate': 'おおよその日付（年月または年のみ）の行：{count}',
  'import.dates.beforeStart':
    'プロジェクト開始日（{start}）より前の日付の行：{count}。取り込まれますが、どの KPI にも数えられません。',
  'import.dates.afterEnd':
    'プロジェクト終了日（{end}）より後の日付の行：{count}。取り込まれますが、どの KPI にも数えられません。',
  'import.dates.col.row': '行',
  'import.dates.col.record': '記録',
  'import.dates.col.date': '日付',
  'import.dates.more': '一覧にない行：{count}',
};
