/** A subscriber's input: the address (normalised), the language, the consent box; errors as i18n keys per field. */
import { z } from 'zod';
import { isLang, type Lang } from '../i18n';

/** Trimmed, the domain lower-cased (the local part is the mailbox's own business: kept as typed). */
export function normaliseAddress(raw: string): string {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}

const emailSchema = z.email().max(254);

export interface SubscribeInput {
  address: string;
  lang: Lang;
}

export type FieldErrors = Partial<Record<'email' | 'lang' | 'consent', string>>;

/** The form's fields checked: the normalised input, or the errors by field (i18n keys). */
export function parseSubscribeForm(
  form: Record<string, string>,
): { ok: true; input: SubscribeInput } | { ok: false; errors: FieldErrors; email: string } {
  const errors: FieldErrors = {};
  const raw = (form.email ?? '').slice(0, 1000);
  const address = normaliseAddress(raw);
  if (address === '') errors.email = 'newsletter.error.emailMissing';
  else if (!emailSchema.safeParse(address).success) errors.email = 'newsletter.error.email';
  if (!isLang(form.lang)) errors.lang = 'newsletter.error.lang';
  if (form.consent !== 'yes') errors.consent = 'newsletter.error.consent';
  if (Object.keys(errors).length > 0) return { ok: false, errors, email: raw };
  return { ok: true, input: { address, lang: form.lang as Lang } };
}
