/** The report pre-flight's strings: each rule's finding, the page, en + ja. */
export const en = {
  'preflight.title': 'Pre-flight check',
  'preflight.intro':
    'What the report for {period} would get wrong, checked against the records and the {programme} rules. Each finding links to the record to fix.',
  'preflight.periodYear': 'project year {y} ({from} – {to})',
  'preflight.periodRange': '{from} – {to}',
  'preflight.final': 'This period ends with the project: the final-report rules apply.',
  'preflight.counts': '{errors} errors, {warnings} warnings',
  'preflight.none': 'No findings: the records of this period pass every check.',
  'preflight.ruleCount': '{n} findings',
  'preflight.severity.error': 'Error',
  'preflight.severity.warning': 'Warning',
  'preflight.col.severity': 'Severity',
  'preflight.col.record': 'Record',
  'preflight.col.problem': 'Problem',
  'preflight.fix': 'Fix',
  'preflight.wholeProject': 'The whole project',
  'preflight.choose': 'Period',
  'preflight.year': 'Project year',
  'preflight.from': 'From',
  'preflight.to': 'To',
  'preflight.check': 'Check',
  'preflight.rule.mandatory': 'Mandatory fields missing',
  'preflight.rule.evidence': 'Activities without evidence',
  'preflight.rule.oa_unknown': 'Open-access status unknown',
  'preflight.rule.gold_not_open': '“Gold” open access claimed for a venue that is not open',
  'preflight.rule.oa_programme': 'Open-access rules of the programme not met',
  'preflight.rule.doi': 'DOIs that do not parse',
  'preflight.rule.final_report': 'Final-report rule (Horizon Europe)',
  'preflight.finding.mandatory': '{field} is required by the funder’s Portal and is empty.',
  'preflight.finding.evidence':
    'Delivered, but no evidence file (photo, slides, attendance list) is attached.',
  'preflight.finding.doi': '“{doi}” is not a DOI (10.NNNN/…).',
  'preflight.finding.oaUnknown':
    'Nobody has said whether this publication is open access, nor by which route.',
  'preflight.finding.goldEmbargo': 'Marked gold but under an embargo: gold means open at publication.',
  'preflight.finding.goldListed':
    'Marked gold, but the plan lists “{venue}” as a subscription or hybrid venue: say hybrid (or green with the repository copy).',
  'preflight.finding.goldMixedVenue':
    'Marked gold, but {n} other publications of the project in “{venue}” are hybrid or closed, so the venue is not fully open: say hybrid, or correct the others.',
  'preflight.finding.oaClosed': 'A peer-reviewed publication must be open access under {programme}.',
  'preflight.finding.h2020Deposit':
    'H2020 needs a copy deposited in a repository at publication at the latest: the repository link is empty.',
  'preflight.finding.heDeposit':
    'Horizon Europe needs immediate deposit in a trusted repository under CC BY: the repository link is empty.',
  'preflight.finding.h2020Embargo':
    'The embargo ends on {embargo}, more than {months} months after publication (H2020 allows at most {months}).',
  'preflight.finding.heEmbargo':
    'The embargo ends on {embargo}: Horizon Europe requires immediate open access.',
  'preflight.finding.heLicenceUnknown':
    'Licence unknown: Horizon Europe requires open access under CC BY (or CC0). Enter the licence.',
  'preflight.finding.heLicence':
    'Licence {licence}: Horizon Europe requires open access under CC BY (or CC0), which allows reuse for any purpose.',
  'preflight.finding.finalOpen':
    'Status {status}: the final report accepts no Ongoing or Postponed communication activity.',
  'preflight.finding.finalNoDelivered':
    'The final report needs at least one Delivered communication activity; the project has none.',
} as const;

export const ja: Record<keyof typeof en, string> = {
  'preflight.title': '提出前チェック',
  'preflight.intro':
    '{period}の報告書で誤りになる点を、記録と{programme}の規則に照らして確認します。各指摘から修正すべき記録へ移動できます。',
  'preflight.periodYear': 'プロジェクト{y}年目（{from}～{to}）',
  'preflight.periodRange': '{from}～{to}',
  'preflight.final': 'この期間はプロジェクトの終了までを含むため、最終報告の規則も適用されます。',
  'preflight.counts': 'エラー {errors} 件、警告 {warnings} 件',
  'preflight.none': '指摘はありません。この期間の記録はすべてのチェックに合格しました。',
  'preflight.ruleCount': '{n} 件',
  'preflight.severity.error': 'エラー',
  'preflight.severity.warning': '警告',
  'preflight.col.severity': '重要度',
  'preflight.col.record': '記録',
  'preflight.col.problem': '問題',
  'preflight.fix': '修正する',
  'preflight.wholeProject': 'プロジェクト全体',
  'preflight.choose': '期間',
  'preflight.year': 'プロジェクト年',
  'preflight.from': '開始日',
  'preflight.to': '終了日',
  'preflight.check': 'チェック',
  'preflight.rule.mandatory': '必須項目の未入力',
  'preflight.rule.evidence': 'エビデンスのない活動',
  'preflight.rule.oa_unknown': 'オープンアクセスの状況が不明',
  'preflight.rule.gold_not_open': 'オープンでない掲載先での「ゴールド」オープンアクセス',
  'preflight.rule.oa_programme': '助成プログラムのオープンアクセス規則を満たしていない',
  'preflight.rule.doi': '解析できないDOI',
  'preflight.rule.final_report': '最終報告の規則（Horizon Europe）',
  'preflight.finding.mandatory': '{field}は助成機関のポータルで必須ですが、未入力です。',
  'preflight.finding.evidence':
    '実施済みですが、エビデンスのファイル（写真、スライド、参加者名簿）が添付されていません。',
  'preflight.finding.doi': '「{doi}」はDOI（10.NNNN/…）の形式ではありません。',
  'preflight.finding.oaUnknown': 'この出版物がオープンアクセスかどうか、またその方式が記録されていません。',
  'preflight.finding.goldEmbargo':
    'ゴールドとされていますがエンバーゴがあります。ゴールドは出版時点で公開されていることを意味します。',
  'preflight.finding.goldListed':
    'ゴールドとされていますが、計画では「{venue}」は購読型またはハイブリッドの掲載先です。ハイブリッド（またはリポジトリ公開ならグリーン）としてください。',
  'preflight.finding.goldMixedVenue':
    'ゴールドとされていますが、「{venue}」に掲載された本プロジェクトの他の出版物 {n} 件がハイブリッドまたはクローズドのため、完全なオープンアクセス誌ではありません。ハイブリッドとするか、他の記録を修正してください。',
  'preflight.finding.oaClosed': '{programme}では査読付き出版物はオープンアクセスでなければなりません。',
  'preflight.finding.h2020Deposit':
    'H2020では遅くとも出版時にリポジトリへの登録が必要ですが、リポジトリのリンクが未入力です。',
  'preflight.finding.heDeposit':
    'Horizon Europeでは信頼できるリポジトリへCC BYで即時に登録する必要がありますが、リポジトリのリンクが未入力です。',
  'preflight.finding.h2020Embargo':
    'エンバーゴの終了日 {embargo} は出版から{months}か月を超えています（H2020の上限は{months}か月）。',
  'preflight.finding.heEmbargo':
    'エンバーゴの終了日は {embargo} です。Horizon Europeでは即時のオープンアクセスが必要です。',
  'preflight.finding.heLicenceUnknown':
    'ライセンスが不明です。Horizon EuropeではCC BY（またはCC0）によるオープンアクセスが必要です。ライセンスを入力してください。',
  'preflight.finding.heLicence':
    'ライセンスは {licence} です。Horizon Europeでは、あらゆる目的での再利用を認めるCC BY（またはCC0）によるオープンアクセスが必要です。',
  'preflight.finding.finalOpen':
    'ステータスが {status} です。最終報告では「継続中」または「延期」のコミュニケーション活動は認められません。',
  'preflight.finding.finalNoDelivered':
    '最終報告には「実施済み」のコミュニケーション活動が1件以上必要ですが、このプロジェクトにはありません。',
} as const;
