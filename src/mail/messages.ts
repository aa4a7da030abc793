/** UI strings of the local outbox page. */
export const en = {
  'outbox.title': 'Outbox',
  'outbox.intro':
    'No SMTP server is configured (SMTP_URL), so Herald keeps outgoing mail here for {days} days instead of sending it.',
  'outbox.smtp': 'Mail is sent through SMTP; nothing is kept here.',
  'outbox.none': 'No mail.',
  'outbox.to': 'To',
  'outbox.when': 'When',
} as const;

/** Japanese: typed against the English keys, so a missing key fails the typecheck. */
export const ja: Record<keyof typeof en, string> = {
  'outbox.title': '送信箱',
  'outbox.intro':
    'SMTP サーバーが設定されていない（SMTP_URL）ため、Herald は送信メールを送らずにここで{days}日間保管します。',
  'outbox.smtp': 'メールは SMTP で送信されるため、ここには保管されません。',
  'outbox.none': 'メールはありません。',
  'outbox.to': '宛先',
  'outbox.when': '日時',
};
