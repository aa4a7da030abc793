import { describe, expect, it } from 'vitest';
import {
  allows,
  isPreferenceToken,
  listUnsubscribeHeaders,
  preferenceLinks,
  preferenceToken,
} from './preferences';

const row = (topic: string, state: string | null, snoozedUntil: string | null = null) => ({
  topic,
  state,
  snoozedUntil,
});
const q = { topic: 'reminder.monthly' as const, today: '2026-03-10' };

describe('allows', () => {
  it('follows the default when nothing was chosen', () => {
    expect(allows([], q)).toBe(true);
    expect(allows([], { ...q, defaultOn: false })).toBe(false);
  });

  it('honours an unsubscribe of the topic or of all, and an opt-in', () => {
    expect(allows([row('reminder.monthly', 'off')], q)).toBe(false);
    expect(allows([row('all', 'off'), row('reminder.monthly', 'on')], q)).toBe(false);
    expect(allows([row('digest', 'off')], q)).toBe(true);
    expect(allows([row('reminder.monthly', 'on')], { ...q, defaultOn: false })).toBe(true);
  });

  it('holds a snooze until its end day, exclusive', () => {
    expect(allows([row('reminder.monthly', null, '2026-03-11')], q)).toBe(false);
    expect(allows([row('reminder.monthly', null, '2026-03-10')], q)).toBe(true);
    expect(allows([row('all', null, '2026-04-01')], q)).toBe(false);
  });
});

describe('preference links', () => {
  const secret = Buffer.alloc(32, 7);
  const subject = { userId: 'u1', projectId: 'm-sec', topic: 'digest' as const };

  it('carry a token that is bound to the person, project and topic', () => {
    const token = preferenceToken(secret, subject);
    expect(isPreferenceToken(secret, subject, token)).toBe(true);
    expect(isPreferenceToken(secret, { ...subject, userId: 'u2' }, token)).toBe(false);
    expect(isPreferenceToken(secret, { ...subject, topic: 'all' }, token)).toBe(false);
    expect(isPreferenceToken(Buffer.alloc(32, 8), subject, token)).toBe(false);
  });

  it('give the page, the one-click address and the RFC 8058 headers', () => {
    const links = preferenceLinks({ ...subject, secret, baseUrl: 'https://h.example' });
    expect(links.page).toBe(
      `https://h.example/mail/preferences/m-sec/u1/digest/${preferenceToken(secret, subject)}`,
    );
    expect(listUnsubscribeHeaders(links)).toEqual({
      'List-Unsubscribe': `<${links.page}/one-click>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});
