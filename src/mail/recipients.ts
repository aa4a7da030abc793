/**
 * Who Herald's own project mail goes to, and in which language: the project's members of some roles (coordinators,
 * partner editors, optionally of one partner) with an address, deleted accounts left out, in a stable order; and the
 * pieces every topic mail carries (the language rule of the plan, the preference links, the footer).
 *
 * @example
 * const editors = await projectRecipients(db, { projectId, roles: ['editor'], partnerCode: 'WLI' });
 * const lang = mailLanguage(plan.reminders?.language, editors[0].lang);
 */
import { and, asc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Role } from '../auth/permissions';
import { baseUrlOf, keyFileOf, loadConfig } from '../config';
import type { Db, Tx } from '../db/client';
import { memberships, users } from '../db/schema';
import { isLang, translate, type Lang } from '../i18n';
import {
  listUnsubscribeHeaders,
  preferenceLinks,
  preferenceSecret,
  type MailTopic,
  type PreferenceLinks,
} from './preferences';

export interface ProjectRecipient {
  userId: string;
  email: string;
  /** The person's own language (en when they chose none). */
  lang: Lang;
  role: Role;
  /** The partner of a partner editor; null for coordinators and viewers. */
  partnerCode: string | null;
}

/** The members of `roles` in a project (of one partner when `partnerCode` is given), with an address. */
export async function projectRecipients(
  db: Db | Tx,
  q: { projectId: string; roles: readonly Role[]; partnerCode?: string },
): Promise<ProjectRecipient[]> {
  const where: SQL[] = [
    eq(memberships.projectId, q.projectId),
    inArray(memberships.role, [...q.roles]),
    isNull(users.deletedAt),
    isNotNull(users.email),
  ];
  if (q.partnerCode !== undefined) where.push(eq(memberships.partnerCode, q.partnerCode));
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      lang: users.lang,
      role: memberships.role,
      partnerCode: memberships.partnerCode,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(...where))
    .orderBy(asc(users.id), asc(memberships.id));
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    const key = `${r.userId}\u0000${r.partnerCode ?? ''}`;
    if (!r.email || seen.has(key)) return [];
    seen.add(key);
    return [
      {
        userId: r.userId,
        email: r.email,
        lang: isLang(r.lang) ? r.lang : 'en',
        role: r.role as Role,
        partnerCode: r.partnerCode,
      },
    ];
  });
}

/** The language of a mail: the plan's fixed language, or (`recipient`, the default) the person's own. */
export const mailLanguage = (rule: string | undefined, own: Lang): Lang =>
  rule !== undefined && rule !== 'recipient' && isLang(rule) ? rule : own;

/** Where the links of Herald's mail point and the key their tokens derive from (job deps, else the config). */
export interface MailLinkDeps {
  baseUrl?: string;
  keyFile?: string;
}

/** The preference links of one recipient's mail of `topic`. */
export function topicLinks(
  deps: MailLinkDeps,
  s: { userId: string; projectId: string; topic: MailTopic },
): PreferenceLinks {
  let config: ReturnType<typeof loadConfig> | undefined;
  const c = () => (config ??= loadConfig());
  const baseUrl = deps.baseUrl ?? baseUrlOf(c());
  const keyFile = deps.keyFile ?? keyFileOf(c());
  return preferenceLinks({ ...s, baseUrl, secret: preferenceSecret(keyFile) });
}

/** The footer of a topic mail (text) and its List-Unsubscribe headers. */
export function topicFooter(
  lang: Lang,
  links: PreferenceLinks,
): { text: string; headers: Record<string, string> } {
  return {
    text: `\n\n-- \n${translate(lang, 'mail.preferences.footer', { link: links.page })}\n`,
    headers: listUnsubscribeHeaders(links),
  };
}
