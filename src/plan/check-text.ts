/** A plan-check finding as text in a language: its message key filled from its params (English message otherwise). */
import { hasKey, translate, type Lang } from '../i18n';

export interface CheckFinding {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** The message key of a finding: `plancheck.<code>`, or its alias variant for an unknown partner that is an alias. */
export function planCheckKey(f: CheckFinding): string {
  if (f.code === 'unknown-partner' && f.params?.['meant']) return 'plancheck.unknown-partner.alias';
  return `plancheck.${f.code}`;
}

export function planCheckText(lang: Lang, f: CheckFinding): string {
  const key = planCheckKey(f);
  return hasKey(key) ? translate(lang, key, f.params ?? {}) : f.message;
}
