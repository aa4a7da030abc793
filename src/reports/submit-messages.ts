/** Strings of submission, the record lock, corrections and verification, en + ja. */
export const en = {
  'reportSubmit.title': 'Submit the report',
  'reportSubmit.intro':
    'Submitting freezes this report: its files and figures are stored byte for byte, the year is closed, and the activities it lists as Delivered can no longer be edited in place (only corrected). An evidence manifest signed with this instance’s key proves every figure.',
  'reportSubmit.period': 'Period: {from} – {to}',
  'reportSubmit.lang': 'Language',
  'reportSubmit.formats': 'Files',
  'reportSubmit.confirm': 'I understand that a submitted report cannot be changed or submitted again.',
  'reportSubmit.button': 'Submit the report',
  'reportSubmit.done': 'The report was submitted.',
  'reportSubmit.submitted': 'Submitted on {date} by {who}',
  'reportSubmit.none': 'No report of this period has been submitted yet.',
  'reportSubmit.files': 'Submitted files',
  'reportSubmit.file': '{name} ({kb} kB) · SHA-256 {sha}',
  'reportSubmit.manifest': 'Evidence manifest (JSON)',
  'reportSubmit.root': 'Merkle root',
  'reportSubmit.fingerprint': 'Key fingerprint',
  'reportSubmit.locked': 'Records locked: {n}',
  'reportSubmit.verifyHint':
    'Anyone can check a file offline: herald verify FILE --manifest MANIFEST.json (the public key is in the manifest).',
  'reportSubmit.list': 'Submitted reports',
  'reportSubmit.choose': 'Period and language',
  'reportSubmit.show': 'Show',
  'reportSubmit.scope': 'Period',
  'reportSubmit.time': 'Submitted',
  'reportSubmit.figures': 'Figures the report will print',
  'reportSubmit.summary': 'Pre-flight for {period}: {errors} errors, {warnings} warnings.',
  'reportSubmit.summaryNone': 'Pre-flight for {period}: no findings.',
  'reportSubmit.preflightLink': 'Open the pre-flight check',
  'reportSubmit.acceptWarnings': 'I have reviewed the {warnings} warnings and submit the report anyway.',
  'reportSubmit.confirmRequired': 'Tick the confirmation to submit the report.',
  'reportSubmit.already': 'This report has been submitted: it is final and stays downloadable unchanged.',
  'reportSubmit.open': 'Submit a report',
  'reportSubmit.noneYet': 'No report has been submitted yet.',
  'reportSubmit.key.title': 'Instance signing key',
  'reportSubmit.key.intro':
    'Submitted reports are signed with this Ed25519 key. Compare the fingerprint with the one printed in a report.',
  'reportSubmit.key.id': 'Key id',
  'reportSubmit.key.none':
    'No signing key has been created yet: it is made when the first report is submitted.',
  'reportSubmit.noFile': 'No {format} file was stored for this report.',
  'error.report_submitted':
    'A report for {scope} in {lang} has already been submitted ({date}): a submitted report is final.',
  'error.record_locked':
    'This record was reported as Delivered in the submitted report {report}: it can no longer be changed in place. Correct it instead: the correction becomes a new record, flagged for the next report.',
  'error.not_locked': 'Only a record that a submitted report locked is corrected; edit this one instead.',
  'error.preflight_errors':
    'The pre-flight found {errors} errors (and {warnings} warnings) in this period: fix the errors before submitting. Errors cannot be overridden.',
  'error.preflight_warnings':
    'The pre-flight found {warnings} warnings in this period: review them, then tick the box that acknowledges them to submit.',
  'records.locked': 'Locked by the submitted report {report}: correct it instead of editing it.',
  'records.correct': 'Correct',
  'records.correctTitle': 'Correct {label}',
  'records.correctIntro':
    'The original stays as it was reported and is withdrawn; your correction becomes a new record, flagged for the next report.',
  'records.correctReason': 'Reason for the correction',
  'records.correctSave': 'Save the correction',
  'records.corrected': 'Corrected on {date}: see the correction.',
  'records.correctionOf': 'This record corrects an earlier one: see the original.',
} as const;

export const ja: Record<keyof typeof en, string> = {
  'reportSubmit.title': '報告書を提出',
  'reportSubmit.intro':
    '提出するとこの報告書は確定します。ファイルと数値はそのままのバイト列で保存され、その年度は締められ、報告書に「実施済み」として記載された活動はその場で編集できなくなります（訂正のみ可能）。このインスタンスの鍵で署名された証拠マニフェストが、すべての数値を証明します。',
  'reportSubmit.period': '対象期間：{from}～{to}',
  'reportSubmit.lang': '言語',
  'reportSubmit.formats': 'ファイル',
  'reportSubmit.confirm': '提出した報告書は変更も再提出もできないことを理解しました。',
  'reportSubmit.button': '報告書を提出',
  'reportSubmit.done': '報告書を提出しました。',
  'reportSubmit.submitted': '{date} に {who} が提出',
  'reportSubmit.none': 'この期間の報告書はまだ提出されていません。',
  'reportSubmit.files': '提出済みファイル',
  'reportSubmit.file': '{name}（{kb} kB）・SHA-256 {sha}',
  'reportSubmit.manifest': '証拠マニフェスト（JSON）',
  'reportSubmit.root': 'マークルルート',
  'reportSubmit.fingerprint': '鍵のフィンガープリント',
  'reportSubmit.locked': 'ロックされた記録：{n} 件',
  'reportSubmit.verifyHint':
    'ファイルは誰でもオフラインで検証できます：herald verify ファイル --manifest マニフェスト.json（公開鍵はマニフェストに含まれています）。',
  'reportSubmit.list': '提出済みの報告書',
  'reportSubmit.choose': '期間と言語',
  'reportSubmit.show': '表示',
  'reportSubmit.scope': '対象期間',
  'reportSubmit.time': '提出',
  'reportSubmit.figures': '報告書に記載される数値',
  'reportSubmit.summary': '{period} の事前チェック：エラー {errors} 件、警告 {warnings} 件。',
  'reportSubmit.summaryNone': '{period} の事前チェック：指摘事項はありません。',
  'reportSubmit.preflightLink': '事前チェックを開く',
  'reportSubmit.acceptWarnings': '{warnings} 件の警告を確認したうえで、報告書を提出します。',
  'reportSubmit.confirmRequired': '報告書を提出するには、確認のチェックボックスをオンにしてください。',
  'reportSubmit.already':
    'この報告書は提出済みです。確定しており、変更されないまま何度でもダウンロードできます。',
  'reportSubmit.open': '報告書を提出',
  'reportSubmit.noneYet': '提出済みの報告書はまだありません。',
  'reportSubmit.key.title': 'インスタンスの署名鍵',
  'reportSubmit.key.intro':
    '提出された報告書はこの Ed25519 鍵で署名されます。報告書に印字されたフィンガープリントと照合してください。',
  'reportSubmit.key.id': '鍵 ID',
  'reportSubmit.key.none': '署名鍵はまだ作成されていません。最初の報告書を提出したときに作成されます。',
  'reportSubmit.noFile': 'この報告書には {format} ファイルが保存されていません。',
  'error.report_submitted':
    '{scope}（{lang}）の報告書はすでに提出されています（{date}）。提出済みの報告書は確定しています。',
  'error.record_locked':
    'この記録は提出済みの報告書 {report} で「実施済み」として報告されたため、その場で変更できません。代わりに訂正してください。訂正は新しい記録となり、次の報告書で報告されます。',
  'error.not_locked': '訂正できるのは提出済みの報告書がロックした記録だけです。この記録は編集してください。',
  'error.preflight_errors':
    '事前チェックでこの期間にエラーが {errors} 件（警告が {warnings} 件）見つかりました。提出する前にエラーを修正してください。エラーを無視して提出することはできません。',
  'error.preflight_warnings':
    '事前チェックでこの期間に警告が {warnings} 件見つかりました。内容を確認し、確認済みのチェックボックスをオンにしてから提出してください。',
  'records.locked': '提出済みの報告書 {report} によりロックされています。編集ではなく訂正してください。',
  'records.correct': '訂正',
  'records.correctTitle': '{label} を訂正',
  'records.correctIntro':
    '元の記録は報告されたまま残り、取り下げられます。訂正は新しい記録となり、次の報告書で報告されます。',
  'records.correctReason': '訂正の理由',
  'records.correctSave': '訂正を保存',
  'records.corrected': '{date} に訂正されました。訂正後の記録を参照してください。',
  'records.correctionOf': 'この記録は以前の記録を訂正したものです。元の記録を参照してください。',
} as const;
