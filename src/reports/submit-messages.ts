/** Strings of submission, the record lock, corrections and verification, en + ja. */
export const en = {
  'reportSubmit.title': 'Submit the report',
} as const;

export const ja: Record<keyof typeof en, string> = {
  'reportSubmit.title': '報告書を提出',
};
