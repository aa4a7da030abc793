/** Strings of what the coordinator keeps for a report (texts, KPI comments, deviations, recommendations), en + ja. */
export const en = {
  'reportInputs.title': 'Report texts',
} as const;

export const ja: Record<keyof typeof en, string> = {
  'reportInputs.title': '報告書のテキスト',
};
