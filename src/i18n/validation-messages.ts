/**
 * Validation messages shown beside fields and in import previews: the generic ones of zod issues
 * (`validation.*`, see `./zod.ts`), the record checks (`validation.record.*`) and the importers' cell, context
 * and file checks (`validation.import.*`). The English text matches the `message` the CLI, logs and API print.
 * Placeholders: `{value}` is the input as English shows it (quoted text, JSON otherwise), `{input}` the bare text.
 */
export const en = {
  // zod issues, by code
  'validation.required': 'a value is required',
  'validation.invalidType': '{value} is not a {expected}',
  'validation.invalidType.string': '{value} is not a string',
  'validation.invalidType.number': '{value} is not a number',
  'validation.invalidType.int': '{value} is not a int',
  'validation.invalidType.boolean': '{value} is not a boolean',
  'validation.invalidType.array': '{value} is not a array',
  'validation.invalidType.object': '{value} is not a object',
  'validation.invalidType.date': '{value} is not a date',
  'validation.invalidValue': '{value} is not one of: {values}',
  'validation.format.date': '{value} is not a date (expected YYYY-MM-DD)',
  'validation.format.datetime': '{value} is not a date and time (expected ISO 8601)',
  'validation.format.time': '{value} is not a time (expected HH:MM)',
  'validation.format.url': '{value} is not a valid URL',
  'validation.format.httpUrl': '{value}: must be an http(s) URL',
  'validation.format.email': '{value} is not a valid email address',
  'validation.format.uuid': '{value} is not a valid UUID',
  'validation.format.wholeNumber': '{value}: must be a whole number',
  'validation.format.kebabId': '{value}: must be a kebab-case id (lower-case letters, digits and "-")',
  'validation.controlChars': 'must not contain control characters (such as NUL)',
  'validation.controlCharsMultiline':
    'must not contain control characters other than tab and line breaks (such as NUL)',
  'validation.format.regex': '{value} does not have the expected format',
  'validation.format.other': '{value} is not a valid {format}',
  'validation.format.doi': '{value}: must be a DOI (10.NNNN/…)',
  'validation.format.country': '{value}: must be an ISO 3166-1 alpha-2 country code (e.g. ES, JP)',
  'validation.format.partnerCode': '{value}: must be a partner code (letters, digits, "_", "-", ".")',
  'validation.format.metricName':
    '{value}: must be a metric name of lower-case letters, digits and "_" (e.g. url_clicks)',
  'validation.tooSmall.string': '{value}: must have at least {minimum} characters',
  'validation.tooSmall.emptyString': 'must not be empty',
  'validation.tooSmall.number': '{value}: must be at least {minimum}',
  'validation.tooSmall.numberExclusive': '{value}: must be more than {minimum}',
  'validation.tooSmall.array': 'needs at least {minimum} items',
  'validation.tooSmall.date': '{value}: must be on or after {minimum}',
  'validation.tooSmall': '{value} is too small (minimum {minimum})',
  'validation.tooBig.string': '{value}: must have at most {maximum} characters',
  'validation.tooBig.number': '{value}: must be at most {maximum}',
  'validation.tooBig.numberExclusive': '{value}: must be less than {maximum}',
  'validation.tooBig.array': 'takes at most {maximum} items',
  'validation.tooBig.date': '{value}: must be on or before {maximum}',
  'validation.tooBig': '{value} is too big (maximum {maximum})',
  'validation.notMultipleOf': '{value}: must be a multiple of {divisor}',
  'validation.unknownField': 'unknown field',
  'validation.unknownKey': 'unknown field {keys}',
  'validation.unknownFields': 'unknown fields {keys}',
  'validation.invalid': '{value} is not valid',
  // record checks (src/records)
  'validation.record.notObject': 'a record must be a JSON object',
  'validation.record.future': '{date} is in the future: a value is measured, not planned',
  'validation.record.yearFar': '{year} is far from the project ({first}–{last})',
  'validation.record.notManualKpi': '"{code}" is not a KPI entered by hand (manual KPIs: {known})',
  'validation.record.evidence': 'this KPI needs evidence for each value',
  'validation.record.isbn': '"{input}" is not a valid {what} (wrong format or check digit)',
  'validation.record.endBeforeStart': 'end date {end} is before the start {start}',
  'validation.record.reachAudience': 'reach given for "{audience}", which is not among the audiences',
  'validation.record.venue': 'a {type} needs a venue (journal, proceedings or book title)',
  'validation.record.dateNotInYear': 'date {date} is not in year {year}',
  'validation.record.embargo': 'an embargo applies only to the green open-access route',
  'validation.record.licence':
    '"{input}" is not a licence: write an identifier such as CC-BY-4.0 or the licence\'s address',
  // project context (src/records/apply-context.ts, shared by forms, the API and imports)
  'validation.context.unknownPartner': 'unknown partner "{code}" (known: {known})',
  'validation.context.unknownLink.wp': 'unknown work package "{code}" (known: {known})',
  'validation.context.unknownLink.deliverable': 'unknown deliverable "{code}" (known: {known})',
  'validation.context.unknownLink.timeline_item': 'unknown timeline item "{code}" (known: {known})',
  'validation.context.unknownLink.kpi': 'unknown KPI "{code}" (known: {known})',
  'validation.context.beforeStart': '{date} is before the project start ({start})',
  'validation.context.afterEnd': '{date} is after the project end ({end})',
  'validation.context.activityType': '"{input}" is not a {programme} activity type (allowed: {allowed})',
  'validation.context.audience.communication':
    '"{input}" is not a {programme} communication audience (allowed: {allowed})',
  'validation.context.audience.dissemination':
    '"{input}" is not a {programme} dissemination audience (allowed: {allowed})',
  'validation.context.channel': '"{input}" is not a {programme} communication channel (allowed: {allowed})',
  // import cells, rows and files (src/importers)
  'validation.import.notDate': '"{input}" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
  'validation.import.notDateSerial': '{input} is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
  'validation.import.badDate': 'is not a date',
  'validation.import.notNumber': '"{input}" is not a number',
  'validation.import.notWholeNumber': '"{input}" is not a whole number',
  'validation.import.notBool': '"{input}" is not yes or no',
  'validation.import.notReach':
    '"{input}" is not "audience: number" (e.g. "Citizens: 120; Research communities: 40")',
  'validation.import.requiredNoColumn':
    'a value is required (the file has no "{field}" column: add one or set an import default)',
  'validation.import.missingColumn': 'missing required column "{field}"',
  'validation.import.missingColumnAliases': 'missing required column "{field}" (or {aliases})',
  'validation.import.duplicateColumns': 'columns {headers} both give "{field}"',
  'validation.import.utf16': 'the file is UTF-16 text: save it as "CSV UTF-8" and import it again',
  'validation.import.noHeader': 'the file has no header line',
  'validation.import.unknownFormat':
    'cannot tell the format of {file}: use CSV, XLSX, BibTeX, RIS, CSL-JSON or Crossref JSON',
  'validation.import.formatType': 'a {format} file holds {expected} records, not {type} records',
  'validation.import.leadNotAllowed':
    'you may only import records led by {allowed} (this row is led by {lead})',
  'validation.import.repeatedKey':
    'BibTeX key "{key}" on line {line} is already used by the entry on line {first}: only that first entry is imported',
  'validation.import.accountMissing':
    'the account overview does not name its account: give the account (@handle) as an option',
  'validation.import.accountInvalid':
    '"{input}" is not an X account (expected @handle or https://x.com/handle)',
  'validation.import.notPeriod':
    '"{input}" is not a day or a month (e.g. "Mon, Jan 06, 2025", 2025-01-06, 2025-01)',
  'validation.import.completeSources':
    'a complete export has one source ("{source}"); this file also has rows of {others}',
} as const;

export const ja: Record<keyof typeof en, string> = {
  'validation.required': '値を入力してください',
  'validation.invalidType': '「{input}」は {expected} 型ではありません',
  'validation.invalidType.string': '「{input}」は文字列ではありません',
  'validation.invalidType.number': '「{input}」は数値ではありません',
  'validation.invalidType.int': '「{input}」は整数ではありません',
  'validation.invalidType.boolean': '「{input}」は「はい」か「いいえ」ではありません',
  'validation.invalidType.array': '「{input}」はリストではありません',
  'validation.invalidType.object': '「{input}」はオブジェクトではありません',
  'validation.invalidType.date': '「{input}」は日付ではありません',
  'validation.invalidValue': '「{input}」は選択できる値ではありません（選択肢: {values}）',
  'validation.format.date': '「{input}」は日付ではありません（YYYY-MM-DD の形式で入力してください）',
  'validation.format.datetime': '「{input}」は日時ではありません（ISO 8601 の形式で入力してください）',
  'validation.format.time': '「{input}」は時刻ではありません（HH:MM の形式で入力してください）',
  'validation.format.url': '「{input}」は正しい URL ではありません',
  'validation.format.httpUrl': '「{input}」: http(s) の URL を入力してください',
  'validation.format.email': '「{input}」は正しいメールアドレスではありません',
  'validation.format.uuid': '「{input}」は正しい UUID ではありません',
  'validation.format.wholeNumber': '「{input}」: 整数を入力してください',
  'validation.format.kebabId': '「{input}」: 小文字の英字・数字と「-」からなる ID を入力してください',
  'validation.controlChars': '制御文字（NUL など）を含めることはできません',
  'validation.controlCharsMultiline': 'タブと改行以外の制御文字（NUL など）を含めることはできません',
  'validation.format.regex': '「{input}」は正しい形式ではありません',
  'validation.format.other': '「{input}」は正しい {format} ではありません',
  'validation.format.doi': '「{input}」: DOI（10.NNNN/…）を入力してください',
  'validation.format.country': '「{input}」: ISO 3166-1 alpha-2 の国コード（例: ES、JP）を入力してください',
  'validation.format.partnerCode':
    '「{input}」: パートナーコード（英字、数字、「_」「-」「.」）を入力してください',
  'validation.format.metricName':
    '「{input}」: 指標名は小文字・数字・「_」で入力してください（例: url_clicks）',
  'validation.tooSmall.string': '「{input}」: {minimum} 文字以上で入力してください',
  'validation.tooSmall.emptyString': '空欄にはできません',
  'validation.tooSmall.number': '「{input}」: {minimum} 以上の値を入力してください',
  'validation.tooSmall.numberExclusive': '「{input}」: {minimum} より大きい値を入力してください',
  'validation.tooSmall.array': '{minimum} 件以上必要です',
  'validation.tooSmall.date': '「{input}」: {minimum} 以降の日付を入力してください',
  'validation.tooSmall': '「{input}」は小さすぎます（最小 {minimum}）',
  'validation.tooBig.string': '「{input}」: {maximum} 文字以内で入力してください',
  'validation.tooBig.number': '「{input}」: {maximum} 以下の値を入力してください',
  'validation.tooBig.numberExclusive': '「{input}」: {maximum} より小さい値を入力してください',
  'validation.tooBig.array': '{maximum} 件までです',
  'validation.tooBig.date': '「{input}」: {maximum} 以前の日付を入力してください',
  'validation.tooBig': '「{input}」は大きすぎます（最大 {maximum}）',
  'validation.notMultipleOf': '「{input}」: {divisor} の倍数を入力してください',
  'validation.unknownField': '不明な項目です',
  'validation.unknownKey': '不明な項目です: {keys}',
  'validation.unknownFields': '不明な項目があります: {keys}',
  'validation.invalid': '「{input}」は正しい値ではありません',
  'validation.record.notObject': 'レコードは JSON オブジェクトでなければなりません',
  'validation.record.future': '{date} は未来の日付です。値は計画ではなく実測したものを入力してください',
  'validation.record.yearFar': '{year} 年はプロジェクトの期間（{first}–{last} 年）から離れすぎています',
  'validation.record.notManualKpi': '「{code}」は手入力の KPI ではありません（手入力の KPI: {known}）',
  'validation.record.evidence': 'この KPI は値ごとに根拠資料が必要です',
  'validation.record.isbn':
    '「{input}」は正しい {what} ではありません（形式またはチェックディジットが誤っています）',
  'validation.record.endBeforeStart': '終了日 {end} が開始日 {start} より前になっています',
  'validation.record.reachAudience': '「{audience}」のリーチが入力されていますが、対象者に含まれていません',
  'validation.record.venue': 'この種類の出版物（{type}）には掲載先（ジャーナル、会議録または書名）が必要です',
  'validation.record.dateNotInYear': '日付 {date} が出版年 {year} 年と一致しません',
  'validation.record.embargo': 'エンバーゴはグリーン OA の場合にのみ設定できます',
  'validation.record.licence':
    '「{input}」はライセンスとして認識できません。CC-BY-4.0 のような識別子か、ライセンスのURLを入力してください',
  'validation.context.unknownPartner': '不明なパートナー「{code}」です（登録済み: {known}）',
  'validation.context.unknownLink.wp': '不明なワークパッケージ「{code}」です（登録済み: {known}）',
  'validation.context.unknownLink.deliverable': '不明な成果物「{code}」です（登録済み: {known}）',
  'validation.context.unknownLink.timeline_item': '不明なタイムライン項目「{code}」です（登録済み: {known}）',
  'validation.context.unknownLink.kpi': '不明な KPI「{code}」です（登録済み: {known}）',
  'validation.context.beforeStart': '{date} はプロジェクト開始日（{start}）より前です',
  'validation.context.afterEnd': '{date} はプロジェクト終了日（{end}）より後です',
  'validation.context.activityType':
    '「{input}」は {programme} の活動種別ではありません（選択肢: {allowed}）',
  'validation.context.audience.communication':
    '「{input}」は {programme} のコミュニケーション対象者ではありません（選択肢: {allowed}）',
  'validation.context.audience.dissemination':
    '「{input}」は {programme} の普及対象者ではありません（選択肢: {allowed}）',
  'validation.context.channel':
    '「{input}」は {programme} のコミュニケーションチャネルではありません（選択肢: {allowed}）',
  'validation.import.notDate':
    '「{input}」は日付ではありません（YYYY-MM-DD または DD/MM/YYYY の形式で入力してください）',
  'validation.import.notDateSerial':
    '{input} は日付ではありません（YYYY-MM-DD または DD/MM/YYYY の形式で入力してください）',
  'validation.import.badDate': '日付ではありません',
  'validation.import.notNumber': '「{input}」は数値ではありません',
  'validation.import.notWholeNumber': '「{input}」は整数ではありません',
  'validation.import.notBool': '「{input}」は「はい」か「いいえ」ではありません',
  'validation.import.notReach':
    '「{input}」は「対象者: 人数」の形式ではありません（例: 「Citizens: 120; Research communities: 40」）',
  'validation.import.requiredNoColumn':
    '値が必要です（ファイルに「{field}」列がありません。列を追加するか、インポートの既定値を設定してください）',
  'validation.import.missingColumn': '必須の列「{field}」がありません',
  'validation.import.missingColumnAliases': '必須の列「{field}」（または {aliases}）がありません',
  'validation.import.duplicateColumns': '列{list}がどちらも「{field}」を指しています',
  'validation.import.utf16':
    'ファイルが UTF-16 のテキストです。「CSV UTF-8」形式で保存してから、もう一度インポートしてください',
  'validation.import.noHeader': 'ファイルに見出し行がありません',
  'validation.import.unknownFormat':
    '{file} の形式を判別できません。CSV、XLSX、BibTeX、RIS、CSL-JSON または Crossref JSON を使ってください',
  'validation.import.formatType':
    '{format} ファイルに入っているのは {expected} のレコードで、{type} のレコードではありません',
  'validation.import.leadNotAllowed':
    'インポートできるのは {allowed} が主担当のレコードだけです（この行の主担当は {lead}）',
  'validation.import.repeatedKey':
    '{line} 行目の BibTeX キー「{key}」は {first} 行目の項目がすでに使っています。インポートするのは最初の項目だけです',
  'validation.import.accountMissing':
    'アカウント概要にはアカウント名が含まれていません。アカウント（@handle）をオプションで指定してください',
  'validation.import.accountInvalid':
    '「{input}」は X のアカウントではありません（@handle または https://x.com/handle の形式で指定してください）',
  'validation.import.notPeriod':
    '「{input}」は日付でも月でもありません（例: "Mon, Jan 06, 2025"、2025-01-06、2025-01）',
  'validation.import.completeSources':
    '完全なエクスポートのソースは 1 つ（「{source}」）です。このファイルには {others} の行も含まれています',
};
