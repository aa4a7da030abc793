/** Strings of "Add publications by DOI" (src/sources/doi), en + ja. Fetch statuses are src/sources/messages.ts's. */
export const en = {
  'doi.link': 'Add by DOI',
  'doi.title': 'Add publications by DOI',
  'doi.intro':
    'Type or paste DOIs, one per line (doi:…, https://doi.org/… or 10.…/…). Herald asks Crossref, then DataCite, for each one’s metadata; you review the import before anything is saved.',
  'doi.label': 'DOIs, one per line (lines starting with # are ignored)',
  'doi.partner': 'Lead partner of publications whose authors’ affiliations name no partner',
  'doi.partner.auto': '— from the affiliations —',
  'doi.partner.own': 'The publications are led by {partner}.',
  'doi.submit': 'Look up',
  'doi.retry': 'Try again',
  'doi.results': 'What Crossref and DataCite answered',
  'doi.col.doi': 'DOI',
  'doi.col.status': 'Status',
  'doi.col.title': 'Title',
  'doi.agency.crossref': 'found at Crossref',
  'doi.agency.datacite': 'found at DataCite',
  'doi.kept':
    'The DOIs not found or not answered are left in the box: correct them, or try again later. The ones found are not in it any more.',
  'doi.unreachable':
    'Crossref or DataCite could not be asked about {count} DOIs (network down, rate limit or service error). Nothing you typed is lost: try again later.',
  'doi.retryAfter': 'The services asked to wait until {at}.',
  'doi.preview':
    'Ready to import: {valid} new, {duplicates} already in the project, {conflicts} with a DOI already used under another title, {invalid} invalid.',
  'doi.review': 'Review and import',
  'doi.nothingFound': 'Nothing was found: there is nothing to import.',
  'doi.repeated': 'Line {line} repeats the DOI {doi} of line {first}: it is looked up once.',
  'doi.conflict':
    'DOI {doi} is already used by “{other}” under another title: “{title}” will not be imported; settle it by hand.',
  'doi.duplicate': 'Already in the project: {label}',
  'doi.error.notDoi': '{where}: “{text}” is not a DOI',
  'doi.error.notDoiLine': 'Line {line}: “{text}” is not a DOI',
  'doi.error.tooMany': '{count} DOIs: at most {max} in one lookup',
  'doi.error.empty': 'Type at least one DOI.',
  'doi.error.isList':
    '{file} is a list of DOIs: add them on the “Add by DOI” page, or with herald import and this file alone.',
};

export const ja: Record<keyof typeof en, string> = {
  'doi.link': 'DOI から追加',
  'doi.title': 'DOI から出版物を追加',
  'doi.intro':
    'DOI を 1 行に 1 つずつ入力または貼り付けてください（doi:…、https://doi.org/…、10.…/… の形式）。Herald は Crossref、次に DataCite にそれぞれのメタデータを問い合わせます。保存する前にインポート内容を確認できます。',
  'doi.label': 'DOI（1 行に 1 つ、# で始まる行は無視されます）',
  'doi.partner': '著者の所属にパートナーが含まれない出版物の主担当パートナー',
  'doi.partner.auto': '— 所属から判断 —',
  'doi.partner.own': '出版物の主担当は {partner} です。',
  'doi.submit': '検索',
  'doi.retry': '再試行',
  'doi.results': 'Crossref と DataCite の回答',
  'doi.col.doi': 'DOI',
  'doi.col.status': '状態',
  'doi.col.title': 'タイトル',
  'doi.agency.crossref': 'Crossref で見つかりました',
  'doi.agency.datacite': 'DataCite で見つかりました',
  'doi.kept':
    '見つからなかった DOI と回答のなかった DOI は入力欄に残しています。修正するか、後で再試行してください。見つかった DOI は入力欄から除いています。',
  'doi.unreachable':
    '{count} 件の DOI について Crossref または DataCite に問い合わせできませんでした（ネットワーク障害、レート制限、またはサービスのエラー）。入力内容は失われていません。後で再試行してください。',
  'doi.retryAfter': 'サービスから {at} まで待つよう求められています。',
  'doi.preview':
    'インポートの準備ができました：新規 {valid} 件、プロジェクトに登録済み {duplicates} 件、別のタイトルで使われている DOI {conflicts} 件、無効 {invalid} 件。',
  'doi.review': '確認してインポート',
  'doi.nothingFound': '何も見つかりませんでした。インポートするものはありません。',
  'doi.repeated': '{line} 行目は {first} 行目と同じ DOI {doi} です。問い合わせは 1 回だけ行います。',
  'doi.conflict':
    'DOI {doi} は別のタイトル「{other}」で既に使われています。「{title}」はインポートされません。手動で解決してください。',
  'doi.duplicate': 'プロジェクトに登録済み：{label}',
  'doi.error.notDoi': '{where}：「{text}」は DOI ではありません',
  'doi.error.notDoiLine': '{line} 行目：「{text}」は DOI ではありません',
  'doi.error.tooMany': 'DOI が {count} 件あります。1 回の検索は最大 {max} 件です',
  'doi.error.empty': 'DOI を 1 つ以上入力してください。',
  'doi.error.isList':
    '{file} は DOI の一覧です。「DOI から追加」のページで追加するか、このファイルだけを herald import してください。',
};
