/** Strings of the inconsistency alerts (page, findings, the coordinators' mail), en + ja. */
export const en = {
  'nav.alerts': 'Alerts',
  'alerts.title': 'Inconsistency alerts',
  'alerts.intro':
    'Records that contradict each other or the calendar, found by checking the records now. Fix a record and its alert goes; dismiss an alert that is right as it is, saying why. A daily check mails the coordinators about new ones.',
  'alerts.none': 'No records contradict each other.',
  'alerts.open': 'Open ({count})',
  'alerts.dismissedList': 'Dismissed ({count})',
  'alerts.noneDismissed': 'Nothing has been dismissed.',
  'alerts.severity.error': 'Error',
  'alerts.severity.warning': 'Warning',
  'alerts.firstSeen': 'first seen {date}',
  'alerts.notSeenYet': 'not yet seen by the daily check',
  'alerts.records': 'Records',
  'alerts.reason': 'Reason for dismissing',
  'alerts.dismiss': 'Dismiss',
  'alerts.dismissedOn': 'Dismissed on {date} by {who}: {reason}',
  'alerts.stillFound': 'still found',
  'alerts.noLongerFound': 'no longer found',
  'alerts.dismissedNotice': 'The alert was dismissed.',
  'alerts.alreadyDismissed': 'This alert was dismissed already.',
  'alerts.reasonRequired': 'Say why this alert is dismissed',
  'alerts.gone': 'This alert is no longer found: the records changed meanwhile.',
  'alerts.rule.done_in_future': 'Reported as held, dated in the future',
  'alerts.rule.same_event_dates': 'One event, different dates',
  'alerts.rule.stale_planned': 'Still planned long after the date',
  'alerts.rule.publication_doi_conflict': 'One DOI, different details',
  'alerts.rule.outside_period': 'Outside the project period',
  'alerts.rule.metric_decrease': 'Running total went down',
  'alerts.rule.metric_same_day': 'Two values on one day',
  'alerts.msg.done_in_future':
    '“{record}” ({partner}) is reported as {status}, but its date {date} is after today.',
  'alerts.msg.same_event_dates':
    '“{recordA}” ({partnerA}, {dateA}) and “{recordB}” ({partnerB}, {dateB}) look like the same event (same name or web address) with different dates.',
  'alerts.msg.stale_planned':
    '“{record}” ({partner}) is still {status} though its date {date} is more than {days} days past.',
  'alerts.msg.publication_doi_conflict':
    'DOI {doi} is reported twice with different details: “{recordA}” ({yearA}, {venueA}) and “{recordB}” ({yearB}, {venueB}).',
  'alerts.msg.outside_period':
    '“{record}” ({partner}) is dated {date}, outside the project period ({start} to {end}).',
  'alerts.msg.metric_decrease':
    '{metric} of {channel} went down from {valueA} on {dateA} to {valueB} on {dateB}, though it is a running total.',
  'alerts.msg.metric_same_day':
    '{metric} of {channel} has two different values on {date}: {valueA} and {valueB}.',
  'mail.alerts.subject': '{project}: new inconsistencies in the records ({count})',
  'mail.alerts.body':
    'Hello,\n\nHerald found records of {project} that contradict each other:\n\n{list}\n\nSee them, fix the records or dismiss an alert with a reason:\n{link}\n\n— Herald',
};

export const ja: Record<keyof typeof en, string> = {
  'nav.alerts': 'アラート',
  'alerts.title': '不整合アラート',
  'alerts.intro':
    '互いに、または日付と矛盾する記録です（現在の記録を確認した結果）。記録を直せばアラートは消えます。記録が正しい場合は理由を添えて却下してください。新しいアラートは毎日の確認でコーディネーターにメールで通知されます。',
  'alerts.none': '矛盾する記録はありません。',
  'alerts.open': '未対応（{count} 件）',
  'alerts.dismissedList': '却下済み（{count} 件）',
  'alerts.noneDismissed': '却下されたアラートはありません。',
  'alerts.severity.error': 'エラー',
  'alerts.severity.warning': '警告',
  'alerts.firstSeen': '初回検出 {date}',
  'alerts.notSeenYet': '毎日の確認ではまだ検出されていません',
  'alerts.records': '記録',
  'alerts.reason': '却下の理由',
  'alerts.dismiss': '却下',
  'alerts.dismissedOn': '{date} に {who} が却下：{reason}',
  'alerts.stillFound': '現在も検出',
  'alerts.noLongerFound': '現在は検出されません',
  'alerts.dismissedNotice': 'アラートを却下しました。',
  'alerts.alreadyDismissed': 'このアラートはすでに却下されています。',
  'alerts.reasonRequired': '却下の理由を入力してください',
  'alerts.gone': 'このアラートはもう検出されません。その間に記録が変更されました。',
  'alerts.rule.done_in_future': '実施済みと報告されているが日付が未来',
  'alerts.rule.same_event_dates': '同じイベントで日付が異なる',
  'alerts.rule.stale_planned': '日付を大きく過ぎても予定のまま',
  'alerts.rule.publication_doi_conflict': '同じ DOI で内容が異なる',
  'alerts.rule.outside_period': 'プロジェクト期間外',
  'alerts.rule.metric_decrease': '累計値が減少',
  'alerts.rule.metric_same_day': '同じ日に二つの値',
  'alerts.msg.done_in_future':
    '「{record}」（{partner}）は「{status}」と報告されていますが、日付 {date} は今日より後です。',
  'alerts.msg.same_event_dates':
    '「{recordA}」（{partnerA}、{dateA}）と「{recordB}」（{partnerB}、{dateB}）は同じイベント（名前またはウェブアドレスが同じ）のようですが、日付が異なります。',
  'alerts.msg.stale_planned':
    '「{record}」（{partner}）は日付 {date} から {days} 日以上過ぎていますが、まだ「{status}」のままです。',
  'alerts.msg.publication_doi_conflict':
    'DOI {doi} が異なる内容で二度報告されています：「{recordA}」（{yearA}、{venueA}）と「{recordB}」（{yearB}、{venueB}）。',
  'alerts.msg.outside_period':
    '「{record}」（{partner}）の日付 {date} はプロジェクト期間（{start}〜{end}）の外です。',
  'alerts.msg.metric_decrease':
    '{channel} の {metric} が {dateA} の {valueA} から {dateB} の {valueB} に減っていますが、これは累計値です。',
  'alerts.msg.metric_same_day': '{channel} の {metric} に {date} の値が二つあります：{valueA} と {valueB}。',
  'mail.alerts.subject': '{project}：記録に新しい不整合があります（{count} 件）',
  'mail.alerts.body':
    'こんにちは。\n\nHerald は {project} の記録に互いに矛盾するものを見つけました：\n\n{list}\n\n確認して記録を直すか、理由を添えてアラートを却下してください：\n{link}\n\n— Herald',
};
