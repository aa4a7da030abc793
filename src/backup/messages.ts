/** Strings of backup and restore (the CLI prints the English; the error keys serve any page that shows them). */
export const en = {
  'error.backup_invalid': 'The backup is not valid ({where}): {problem}. Nothing was restored.',
  'error.backup_project_exists':
    'The project {project} already exists here. Nothing was restored: replace it on purpose (--replace).',
  'error.backup_file_missing':
    'The stored file {sha256} is missing or altered ({path}), so no backup was written.',
};

export const ja: Record<keyof typeof en, string> = {
  'error.backup_invalid': 'バックアップが正しくありません（{where}）：{problem}。何も復元されていません。',
  'error.backup_project_exists':
    'プロジェクト {project} はすでにこのインスタンスにあります。何も復元されていません。置き換える場合は明示的に指定してください（--replace）。',
  'error.backup_file_missing':
    '保存されたファイル {sha256} が見つからないか変更されています（{path}）。バックアップは書き出されていません。',
};
