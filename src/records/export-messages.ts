/** Strings of the record exports made as a job (the list's buttons, the progress page, the download), en + ja. */
export const en = {
  'export.job.csv': 'Export CSV',
  'export.job.xlsx': 'Export Excel',
  'export.job.large': '{n} records: the file is prepared in the background, with its progress.',
  'export.job.title': 'Export',
  'export.job.running': 'Preparing the file: {done} of {total} records…',
  'export.job.queued': 'Waiting to start…',
  'export.job.refresh': 'Refresh',
  'export.job.done': 'The file is ready ({n} records).',
  'export.job.download': 'Download {name}',
  'export.job.expired':
    'The file is no longer kept: exports wait one day for their download. Start the export again.',
  'export.job.failed': 'The export failed: {message}',
  'export.job.notReady': 'The export is not finished yet',
  'export.job.back': 'Back to the list',
};

export const ja: Record<keyof typeof en, string> = {
  'export.job.csv': 'CSV で書き出し',
  'export.job.xlsx': 'Excel で書き出し',
  'export.job.large': '{n} 件：ファイルはバックグラウンドで作成され、進捗が表示されます。',
  'export.job.title': '書き出し',
  'export.job.running': 'ファイルを作成しています：{total} 件中 {done} 件…',
  'export.job.queued': '開始を待っています…',
  'export.job.refresh': '更新',
  'export.job.done': 'ファイルの準備ができました（{n} 件）。',
  'export.job.download': '{name} をダウンロード',
  'export.job.expired':
    'ファイルは保管期間を過ぎました（書き出しは 1 日保管されます）。もう一度書き出してください。',
  'export.job.failed': '書き出しに失敗しました：{message}',
  'export.job.notReady': '書き出しはまだ終わっていません',
  'export.job.back': '一覧に戻る',
};
