/** The report pre-flight's strings: each rule's finding, the page, en + ja. */
export const en = {
  'preflight.title': 'Pre-flight check',
} as const;

export const ja: Record<keyof typeof en, string> = {
  'preflight.title': '提出前チェック',
};
