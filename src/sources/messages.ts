/** Strings the live sources' pages share (the tab, fetch statuses, run statuses), en + ja. */
export const en = {
  'nav.sources': 'Sources',
  'sources.status.found': 'found',
  'sources.status.not_found': 'not found',
  'sources.status.unauthorized': 'credentials refused',
  'sources.status.client_error': 'request refused',
  'sources.status.rate_limited': 'rate limited: will retry later',
  'sources.status.server_error': 'service error: will retry later',
  'sources.status.network': 'network down: will retry later',
  'sources.status.malformed': 'unreadable answer',
  'sources.run.running': 'running',
  'sources.run.ok': 'ok',
  'sources.run.partial': 'partly failed',
  'sources.run.failed': 'failed',
};

export const ja: Record<keyof typeof en, string> = {
  'nav.sources': 'データソース',
  'sources.status.found': '見つかりました',
  'sources.status.not_found': '見つかりません',
  'sources.status.unauthorized': '認証情報が拒否されました',
  'sources.status.client_error': '要求が拒否されました',
  'sources.status.rate_limited': 'レート制限中：後で再試行します',
  'sources.status.server_error': 'サービスのエラー：後で再試行します',
  'sources.status.network': 'ネットワークに接続できません：後で再試行します',
  'sources.status.malformed': '応答を読み取れません',
  'sources.run.running': '実行中',
  'sources.run.ok': '成功',
  'sources.run.partial': '一部失敗',
  'sources.run.failed': '失敗',
};
