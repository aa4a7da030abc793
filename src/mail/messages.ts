/** UI strings of the outbox page (the mail queue). */
export const en = {
  'outbox.title': 'Outbox',
  'outbox.intro':
    'No SMTP server is configured (SMTP_URL), so Herald keeps outgoing mail here for {days} days instead of sending it.',
  'outbox.smtp':
    'Mail is sent through SMTP by a background job. This is the queue and its log of the last {days} days.',
  'outbox.none': 'No mail.',
  'outbox.to': 'To',
  'outbox.when': 'When',
  'outbox.status': 'Status',
  'outbox.attempts': 'Attempts',
  'outbox.next': 'Next attempt',
  'outbox.sentAt': 'Sent',
  'outbox.error': 'Last error',
  'outbox.counts': 'Messages by status',
  'outbox.paused': 'Sending is paused after repeated errors until {until}; it then resumes by itself.',
  'outbox.redacted': 'The text held a one-time link and was removed once sent.',
  'outbox.state.queued': 'queued',
  'outbox.state.sending': 'sending',
  'outbox.state.sent': 'sent',
  'outbox.state.failed': 'failed',
  'outbox.state.cancelled': 'cancelled',
  'mail.preferences.footer': 'You get this mail as a member of the project. Unsubscribe or snooze: {link}',
} as const;

/** Japanese: typed against the English keys, so a missing key fails the typecheck. */
export const ja: Record<keyof typeof en, string> = {
  'outbox.title': '送信箱',
  'outbox.intro':
    'SMTP サーバーが設定されていない（SMTP_URL）ため、Herald は送信メールを送らずにここで{days}日間保管します。',
  'outbox.smtp':
    'メールはバックグラウンドのジョブが SMTP で送信します。ここには送信キューと直近{days}日間の送信記録を表示します。',
  'outbox.none': 'メールはありません。',
  'outbox.to': '宛先',
  'outbox.when': '日時',
  'outbox.status': '状態',
  'outbox.attempts': '試行回数',
  'outbox.next': '次回の試行',
  'outbox.sentAt': '送信日時',
  'outbox.error': '最後のエラー',
  'outbox.counts': '状態別のメール数',
  'outbox.paused': 'エラーが続いたため、{until}まで送信を一時停止しています。その後、自動的に再開します。',
  'outbox.redacted': '本文には一回限りのリンクが含まれていたため、送信後に削除しました。',
  'outbox.state.queued': '送信待ち',
  'outbox.state.sending': '送信中',
  'outbox.state.sent': '送信済み',
  'outbox.state.failed': '失敗',
  'outbox.state.cancelled': '取り消し',
  'mail.preferences.footer':
    'プロジェクトのメンバーとしてこのメールを受け取っています。配信停止・一時停止：{link}',
};
