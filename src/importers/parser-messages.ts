/**
 * Messages of the importers' parsers and notes (BibTeX, RIS, CSL-JSON, Crossref, CSV, XLSX, X, Zenodo) and the
 * parts of a row a message can be about (an author, an audience). The English text matches the `message` the
 * CLI prints; the preview shows them translated. Merged into `./messages.ts`.
 */
export const en = {
  'import.bibtex.broken': 'broken BibTeX entry (starting on line {start}): {error}',
  'import.bibtex.parserNote': 'BibTeX: {error}',
  'import.bibtex.crossrefParent': '@{type}{{key}} only gives fields to its crossref children: not imported',
  'import.ris.unreadable': 'unreadable RIS record: {error}',
  'import.ris.noRecord': 'no RIS record found (a record starts with "TY  - ")',
  'import.json.invalid': 'the file is not valid JSON: {error}',
  'import.json.notCsl': 'expected a CSL-JSON item or a list of them',
  'import.json.notCrossref': 'expected a Crossref works answer ({"status","message"})',
  'import.csv.invalid': 'the file is not valid CSV: {error}',
  'import.csv.unclosedQuote': 'the file is not valid CSV: {error} (a quote is probably not closed)',
  'import.csv.delimiter':
    'the header has a single column: the delimiter looks like "{delimiter}"; use "," or ";"',
  'import.xlsx.unreadable': 'the file is not a readable XLSX workbook: {error}',
  'import.xlsx.noSuchSheet': 'the workbook has no sheet "{sheet}"',
  'import.xlsx.noSheet': 'the workbook has no sheet',
  'import.xlsx.emptySheet': 'sheet "{sheet}" is empty: it has no header row',
  'import.x.engagements':
    'engagements are not imported: "engagements" is not one of the plan\'s metric names',
  'import.x.permalink': '"{input}" is not a post permalink',
  'import.x.time': '"{input}" is not a time (expected YYYY-MM-DD HH:MM +0000)',
  'import.x.impressions': '"{input}" is not a number of impressions',
  'import.zenodo.noDate':
    'Zenodo stats carry no date: give the snapshot date (the day the stats were read) as an option',
  'import.zenodo.noId': 'a record id or DOI is required',
  'import.note.unknownColumn': 'unknown column "{column}" is ignored',
  'import.note.latin1.one':
    'line {lines} is not valid UTF-8 and was read as Windows-1252 (Latin-1): check accented characters',
  'import.note.latin1.other':
    'lines {lines} are not valid UTF-8 and were read as Windows-1252 (Latin-1): check accented characters',
  'import.note.latin1More':
    'lines {lines} and {more} more are not valid UTF-8 and were read as Windows-1252 (Latin-1): check accented characters',
  'import.where.author': 'author {n}: ',
  'import.where.authorField': 'author {n} ({field}): ',
  'import.where.audience': '"{audience}": ',
} as const;

/** Japanese: typed against the English keys, so a missing key fails the typecheck. */
export const ja: Record<keyof typeof en, string> = {
  'import.bibtex.broken': '壊れた BibTeX エントリです（{start} 行目から）: {error}',
  'import.bibtex.parserNote': 'BibTeX の読み込みで注意があります: {error}',
  'import.bibtex.crossrefParent':
    '@{type}{{key}} は crossref で子エントリに項目を与えるだけのため、インポートしません',
  'import.ris.unreadable': 'RIS レコードを読み取れません: {error}',
  'import.ris.noRecord': 'RIS レコードが見つかりません（レコードは「TY  - 」で始まります）',
  'import.json.invalid': 'ファイルが正しい JSON ではありません: {error}',
  'import.json.notCsl': 'CSL-JSON の項目、またはその一覧が必要です',
  'import.json.notCrossref': 'Crossref の works 応答（{"status","message"}）が必要です',
  'import.csv.invalid': 'ファイルが正しい CSV ではありません: {error}',
  'import.csv.unclosedQuote':
    'ファイルが正しい CSV ではありません: {error}（引用符が閉じられていない可能性があります）',
  'import.csv.delimiter':
    '見出し行が1列しかありません。区切り文字が「{delimiter}」のようです。「,」か「;」を使ってください',
  'import.xlsx.unreadable': 'XLSX ブックとして読み取れません: {error}',
  'import.xlsx.noSuchSheet': 'ブックにシート「{sheet}」がありません',
  'import.xlsx.noSheet': 'ブックにシートがありません',
  'import.xlsx.emptySheet': 'シート「{sheet}」は空です（見出し行がありません）',
  'import.x.engagements': 'エンゲージメントはインポートしません（「engagements」は計画の指標名にありません）',
  'import.x.permalink': '「{input}」は投稿のパーマリンクではありません',
  'import.x.time': '「{input}」は日時ではありません（YYYY-MM-DD HH:MM +0000 の形式）',
  'import.x.impressions': '「{input}」はインプレッション数ではありません',
  'import.zenodo.noDate':
    'Zenodo の統計には日付がありません。記録日（統計を読んだ日）をオプションで指定してください',
  'import.zenodo.noId': 'レコード ID または DOI が必要です',
  'import.note.unknownColumn': '不明な列「{column}」は無視します',
  'import.note.latin1.one':
    '{lines} 行目は UTF-8 として正しくないため Windows-1252 (Latin-1) として読み込みました。アクセント付きの文字を確認してください',
  'import.note.latin1.other':
    '{lines} 行目は UTF-8 として正しくないため Windows-1252 (Latin-1) として読み込みました。アクセント付きの文字を確認してください',
  'import.note.latin1More':
    '{lines} 行目ほか {more} 行は UTF-8 として正しくないため Windows-1252 (Latin-1) として読み込みました。アクセント付きの文字を確認してください',
  'import.where.author': '著者 {n}: ',
  'import.where.authorField': '著者 {n}（{field}）: ',
  'import.where.audience': '「{audience}」: ',
};
