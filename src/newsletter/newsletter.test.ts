/** The newsletter's pure parts: address normalisation and form checks, tokens and hashes, the list headers. */
import { describe, expect, it } from 'vitest';
import { normaliseAddress, parseSubscribeForm } from './address';
import { listHeaders } from './mail';
import { addressHash, formToken, ipHash, isFormToken, unsubscribeToken } from './secrets';

const secret = Buffer.alloc(32, 7);
const other = Buffer.alloc(32, 8);

describe('the subscribe form', () => {
  it('normalises the address: trimmed, the domain lower-cased, the mailbox kept', () => {
    expect(normaliseAddress('  Ana.Silva@Example.ORG \n')).toBe('Ana.Silva@example.org');
    expect(parseSubscribeForm({ email: ' Ana@EXAMPLE.org', lang: 'ja', consent: 'yes' })).toEqual({
      ok: true,
      input: { address: 'Ana@example.org', lang: 'ja' },
    });
  });

  it('names every field in error', () => {
    expect(parseSubscribeForm({ email: 'nope', lang: 'fr' })).toMatchObject({
      ok: false,
      errors: {
        email: 'newsletter.error.email',
        lang: 'newsletter.error.lang',
        consent: 'newsletter.error.consent',
      },
    });
    expect(parseSubscribeForm({ email: ' ', lang: 'en', consent: 'on' })).toMatchObject({
      errors: { email: 'newsletter.error.emailMissing', consent: 'newsletter.error.consent' },
    });
    expect(
      parseSubscribeForm({ email: `${'a'.repeat(250)}@example.org`, lang: 'en', consent: 'yes' }).ok,
    ).toBe(false);
  });
});

describe('tokens and hashes', () => {
  it('signs the form for a day, for one project, under this instance only', () => {
    const at = new Date('2026-03-02T09:00:00Z');
    const token = formToken(secret, 'm-sec', at);
    expect(isFormToken(secret, 'm-sec', token, at)).toBe(true);
    expect(isFormToken(secret, 'm-sec', token, new Date(at.getTime() + 23 * 3600_000))).toBe(true);
    expect(isFormToken(secret, 'm-sec', token, new Date(at.getTime() + 25 * 3600_000))).toBe(false);
    expect(isFormToken(secret, 'other', token, at)).toBe(false);
    expect(isFormToken(other, 'm-sec', token, at)).toBe(false);
    expect(isFormToken(secret, 'm-sec', undefined, at)).toBe(false);
    expect(
      isFormToken(
        secret,
        'm-sec',
        token.replace(/^\d+/, (s) => String(Number(s) + 1)),
        at,
      ),
    ).toBe(false);
  });

  it('derives the unsubscribe token from the id; hashes the address per project and the IP under the secret', () => {
    expect(unsubscribeToken(secret, 'a')).toMatch(/^[\w-]{43}$/);
    expect(unsubscribeToken(secret, 'a')).toBe(unsubscribeToken(secret, 'a'));
    expect(unsubscribeToken(secret, 'a')).not.toBe(unsubscribeToken(secret, 'b'));
    expect(unsubscribeToken(secret, 'a')).not.toBe(unsubscribeToken(other, 'a'));
    expect(addressHash('m-sec', 'a@example.org')).toMatch(/^[0-9a-f]{64}$/);
    expect(addressHash('m-sec', 'a@example.org')).not.toBe(addressHash('other', 'a@example.org'));
    expect(ipHash(secret, 'm-sec', '198.51.100.7')).not.toBe(ipHash(other, 'm-sec', '198.51.100.7'));
  });
});

describe('list headers (RFC 2369, RFC 8058, RFC 2919)', () => {
  const base = {
    lang: 'en' as const,
    unsubscribeToken: 'T'.repeat(43),
    projectId: 'm-sec',
    acronym: 'M-Sec',
  };

  it('gives one HTTPS unsubscribe URI, the one-click pair, and the list id', () => {
    const h = listHeaders({ ...base, root: 'https://www.msecproject.eu', mailto: 'leave@msecproject.eu' });
    expect(h).toEqual({
      'List-Unsubscribe': `<https://www.msecproject.eu/en/newsletter/unsubscribe/${'T'.repeat(43)}>, <mailto:leave@msecproject.eu?subject=unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': '"M-Sec newsletter" <m-sec.newsletter.www.msecproject.eu>',
    });
  });

  it('offers no one-click over plain http (RFC 8058 is for HTTPS URIs)', () => {
    const h = listHeaders({ ...base, root: 'http://localhost:3000/site/m-sec' });
    expect(h['List-Unsubscribe']).toBe(
      `<http://localhost:3000/site/m-sec/en/newsletter/unsubscribe/${'T'.repeat(43)}>`,
    );
    expect(h['List-Unsubscribe-Post']).toBeUndefined();
  });
});
