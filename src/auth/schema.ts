/** The inputs of the account use cases, validated with zod at the HTTP and CLI boundary. */
import { z } from 'zod';
import { noControlChars } from '../schema-pieces';
import { LANGS } from '../i18n';
import { ROLES } from './permissions';

/** Trimmed and lower-cased, so one address is one account whatever its spelling. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'auth.error.email' }).max(254, { message: 'auth.error.email' }));

export const PASSWORD_MIN = 10;
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, { message: 'auth.error.passwordShort' })
  .max(200, { message: 'auth.error.passwordLong' });

export const nameSchema = noControlChars(
  z.string().trim().min(1, { message: 'auth.error.name' }).max(120, { message: 'auth.error.name' }),
  false,
  'auth.error.name',
);
/** An address as typed at sign-in or reset: no control characters reach a query. */
const typedEmail = noControlChars(z.string().trim().toLowerCase().max(254), false, 'auth.error.email');

export const signInInput = z.object({
  email: typedEmail,
  password: z.string().max(200),
});

/** A new password, typed twice. */
export const newPasswordInput = z
  .object({ password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: 'auth.error.passwordMismatch', path: ['confirm'] });

const samePassword = { message: 'auth.error.passwordMismatch', path: ['confirm'] };
const accountFields = { name: nameSchema, password: passwordSchema, confirm: z.string() };

/** First admin from the first-start link: e-mail, name and password. */
export const setupInput = z
  .object({ email: emailSchema, ...accountFields })
  .refine((v) => v.password === v.confirm, samePassword);

/** Accepting an invitation as a new user: name and password (the e-mail is the invitation's). */
export const acceptNewInput = z.object(accountFields).refine((v) => v.password === v.confirm, samePassword);

export const resetRequestInput = z.object({ email: typedEmail });

export const roleSchema = z.enum(ROLES, { message: 'auth.error.role' });

/** A project role; an editor must name a partner. */
export const memberInput = z
  .object({
    role: roleSchema,
    partnerCode: z
      .string()
      .trim()
      .max(40)
      .transform((v) => v || null)
      .nullable()
      .default(null),
  })
  .refine((v) => v.role !== 'editor' || v.partnerCode !== null, {
    message: 'auth.error.partnerRequired',
    path: ['partnerCode'],
  })
  .transform((v) => ({ ...v, partnerCode: v.role === 'editor' ? v.partnerCode : null }));

/** The invitee's address, role, and the language of the mail (the invitee's; empty = the inviter's page language). */
export const inviteInput = z.intersection(
  z.object({
    email: emailSchema,
    lang: z.preprocess((v) => (v === '' ? undefined : v), z.enum(LANGS).optional()),
  }),
  memberInput,
);

/** A user's preferred language (mails, pages). */
export const langInput = z.enum(LANGS, { message: 'auth.error.lang' });

export const tokenInput = z.object({
  name: noControlChars(
    z
      .string()
      .trim()
      .min(1, { message: 'auth.error.tokenName' })
      .max(80, { message: 'auth.error.tokenName' }),
    false,
    'auth.error.tokenName',
  ),
  partnerCode: noControlChars(
    z.string().trim().min(1, { message: 'auth.error.partnerRequired' }).max(40),
    false,
    'auth.error.partnerRequired',
  ),
  access: z.enum(['read', 'write']),
});

export type MemberInput = z.infer<typeof memberInput>;
export type InviteInput = z.infer<typeof inviteInput>;
export type TokenInput = z.infer<typeof tokenInput>;
