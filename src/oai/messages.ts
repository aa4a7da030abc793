/** Strings of the harvesting (OAI-PMH) box on the project overview, en + ja. */
export const en = {
  'oai.title': 'Harvesting (OAI-PMH)',
  'oai.baseUrl': 'Base URL',
  'oai.hint':
    'Give this address to your institutional repository or register it with OpenAIRE: it serves the publications, events, project, grants, partners and the people who consented, in OpenAIRE CERIF and Dublin Core.',
  'oai.off': 'Off. Set harvesting.oai_pmh (and admin_email) in the plan to open the endpoint.',
  'oai.grantDoi': 'DOI {doi}',
};

export const ja: Record<keyof typeof en, string> = {
  'oai.title': 'ハーベスティング（OAI-PMH）',
  'oai.baseUrl': 'ベース URL',
  'oai.hint':
    'このアドレスを所属機関のリポジトリに伝えるか、OpenAIRE に登録してください。論文、イベント、プロジェクト、助成、パートナー、同意した人物を OpenAIRE CERIF と Dublin Core で提供します。',
  'oai.off': '無効です。公開するには計画の harvesting.oai_pmh（と admin_email）を設定してください。',
  'oai.grantDoi': 'DOI {doi}',
};
