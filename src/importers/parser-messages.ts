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
  'import.bibtex.macroTooLarge':
    '{file}, line {line}: the @string macro "{name}" would expand to {size} characters, more than the {max} allowed: the file is not read',
  'import.bibtex.macrosTooLarge':
    '{file}, line {line}: the @string macros used up to "{name}" would expand to more than {max} characters in all: the file is not read',
  'import.json.end': 'the file is not valid JSON: line {line}, column {col}: the text ends too early',
  'import.json.depth':
    'the file is not valid JSON: line {line}, column {col}: nested more than {max} levels deep',
  'import.json.string':
    'the file is not valid JSON: line {line}, column {col}: a string is not closed or holds a control character',
  'import.json.unexpected': 'the file is not valid JSON: line {line}, column {col}: unexpected "{found}"',
  'import.json.key':
    'the file is not valid JSON: line {line}, column {col}: expected a property name in quotes, found "{found}"',
  'import.json.colon': 'the file is not valid JSON: line {line}, column {col}: expected ":", found "{found}"',
  'import.json.trailing':
    'the file is not valid JSON: line {line}, column {col}: unexpected "{found}" after the end of the JSON',
  'import.json.comma':
    'the file is not valid JSON: line {line}, column {col}: expected "," or "{expected}", found "{found}"',
  'import.csv.header': 'the header line is not valid CSV: {error}',
  'import.csv.headerQuote': 'the header line is not valid CSV: {error} (a quote is probably not closed)',
  'import.xlsx.notZip': 'the file is not an XLSX workbook: its ZIP directory is missing or broken',
  'import.xlsx.sheetDamaged':
    'the workbook is damaged: sheet "{sheet}" cannot be unpacked (part {entry}); save it again from the spreadsheet program',
  'import.xlsx.partDamaged':
    'the workbook is damaged: its part {entry} cannot be unpacked; save it again from the spreadsheet program',
  'import.xlsx.tooLarge':
    'the workbook unpacks to more than {mb} MB or has more than {entries} parts; split it',
  'import.xlsx.sheetBroken':
    'sheet "{sheet}" cannot be read from row {row} on: the workbook is damaged ({error})',
  'import.parse.unreadable': '{file}: the file cannot be read: {error}',
  'import.parse.memory': '{file}: reading the file needs more than {mb} MB of memory',
  'import.parse.timeout': '{file}: reading the file took longer than {seconds} s',
  'import.parse.stopped': '{file}: the reader stopped before the end of the file',
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
  'import.bibtex.macroTooLarge':
    '{file} の {line} 行目: @string マクロ「{name}」を展開すると {size} 文字になり、上限の {max} 文字を超えるため、ファイルを読み込みません',
  'import.bibtex.macrosTooLarge':
    '{file} の {line} 行目: 「{name}」までに使われた @string マクロを展開すると合計 {max} 文字を超えるため、ファイルを読み込みません',
  'import.json.end': '正しい JSON ではありません（{line} 行 {col} 列）: 途中でテキストが終わっています',
  'import.json.depth': '正しい JSON ではありません（{line} 行 {col} 列）: 入れ子が {max} 段を超えています',
  'import.json.string':
    '正しい JSON ではありません（{line} 行 {col} 列）: 文字列が閉じていないか、制御文字を含んでいます',
  'import.json.unexpected':
    '正しい JSON ではありません（{line} 行 {col} 列）: 予期しない「{found}」があります',
  'import.json.key':
    '正しい JSON ではありません（{line} 行 {col} 列）: 引用符で囲んだプロパティ名が必要ですが「{found}」があります',
  'import.json.colon':
    '正しい JSON ではありません（{line} 行 {col} 列）: 「:」が必要ですが「{found}」があります',
  'import.json.trailing':
    '正しい JSON ではありません（{line} 行 {col} 列）: JSON の終わりの後に「{found}」があります',
  'import.json.comma':
    '正しい JSON ではありません（{line} 行 {col} 列）: 「,」か「{expected}」が必要ですが「{found}」があります',
  'import.csv.header': '見出し行が正しい CSV ではありません: {error}',
  'import.csv.headerQuote':
    '見出し行が正しい CSV ではありません: {error}（引用符が閉じられていない可能性があります）',
  'import.xlsx.notZip': 'XLSX ブックではありません（ZIP のディレクトリがないか壊れています）',
  'import.xlsx.sheetDamaged':
    'ブックが壊れています。シート「{sheet}」を展開できません（{entry}）。表計算ソフトで保存し直してください',
  'import.xlsx.partDamaged':
    'ブックが壊れています。部品 {entry} を展開できません。表計算ソフトで保存し直してください',
  'import.xlsx.tooLarge':
    'ブックを展開すると {mb} MB を超えるか、部品が {entries} 個を超えます。分割してください',
  'import.xlsx.sheetBroken':
    'シート「{sheet}」の {row} 行目以降を読み取れません。ブックが壊れています（{error}）',
  'import.parse.unreadable': '{file}: ファイルを読み取れません: {error}',
  'import.parse.memory': '{file}: ファイルの読み込みに {mb} MB を超えるメモリが必要です',
  'import.parse.timeout': '{file}: ファイルの読み込みが {seconds} 秒を超えました',
  'import.parse.stopped': '{file}: ファイルの途中で読み込みが止まりました',
  'import.where.author': '著者 {n}: ',
  'import.where.authorField': '著者 {n}（{field}）: ',
  'import.where.audience': '「{audience}」: ',
};
