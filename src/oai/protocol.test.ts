/** OAI-PMH arguments: verbs, allowed and required arguments per verb, datestamps and their granularity. */
import { describe, expect, it } from 'vitest';
import { formatDatestamp, OaiError, parseDatestamp, parseRequest } from './protocol';
import { decodeToken, encodeToken } from './token';

const code = (query: string) => {
  try {
    parseRequest(new URLSearchParams(query));
    return 'ok';
  } catch (e) {
    return e instanceof OaiError ? e.code : 'thrown';
  }
};

describe('parseRequest', () => {
  it('accepts each verb with its arguments', () => {
    expect(parseRequest(new URLSearchParams('verb=Identify'))).toEqual({ verb: 'Identify' });
    expect(code('verb=ListMetadataFormats&identifier=oai:x:y')).toBe('ok');
    expect(code('verb=ListSets')).toBe('ok');
    expect(code('verb=GetRecord&identifier=oai:x:y&metadataPrefix=oai_dc')).toBe('ok');
    expect(
      parseRequest(
        new URLSearchParams('verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-31'),
      ),
    ).toEqual({
      verb: 'ListRecords',
      prefix: 'oai_dc',
      query: {
        set: undefined,
        from: new Date('2024-01-01T00:00:00Z'),
        before: new Date('2024-02-01T00:00:00Z'),
      },
    });
    expect(code('verb=ListIdentifiers&resumptionToken=abc')).toBe('ok');
  });

  it('badVerb and badArgument as the spec says', () => {
    expect(code('')).toBe('badVerb');
    expect(code('verb=identify')).toBe('badVerb');
    expect(code('verb=Identify&verb=ListSets')).toBe('badVerb');
    expect(code('verb=Identify&identifier=x')).toBe('badArgument');
    expect(code('verb=ListSets&set=a')).toBe('badArgument');
    expect(code('verb=GetRecord&identifier=x')).toBe('badArgument');
    expect(code('verb=ListIdentifiers')).toBe('badArgument');
    expect(code('verb=ListIdentifiers&resumptionToken=a&set=b')).toBe('badArgument');
    expect(code('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-01-01T00:00:00')).toBe('badArgument');
    expect(code('verb=ListIdentifiers&metadataPrefix=oai_dc&until=2024-13-01')).toBe('badArgument');
    expect(code('verb=ListIdentifiers&metadataPrefix=oai_dc&set=a::b')).toBe('badArgument');
  });
});

describe('datestamps', () => {
  it('day or second granularity, real dates only; written at seconds', () => {
    expect(parseDatestamp('2024-02-29')).toEqual({
      at: new Date('2024-02-29T00:00:00Z'),
      granularity: 'day',
    });
    expect(parseDatestamp('2024-02-29T23:59:59Z')?.granularity).toBe('second');
    for (const bad of [
      '2023-02-29',
      '2024-1-01',
      '2024-01-01T24:00:00Z',
      '2024-01-01T10:00:00.5Z',
      '2024-01-01T10:00:00+01:00',
    ])
      expect(parseDatestamp(bad), bad).toBeUndefined();
    expect(formatDatestamp(new Date('2024-05-06T07:08:09.999Z'))).toBe('2024-05-06T07:08:09Z');
  });
});

describe('resumption tokens', () => {
  const secret = Buffer.alloc(32, 7);
  const state = {
    projectId: 'tide-x',
    query: { prefix: 'oai_dc' as const, set: 'openaire_cris_events', from: new Date('2024-01-01T00:00:00Z') },
    stage: 5,
    after: '00000000-0000-4000-8000-000000000001',
    cursor: 100,
    total: 250,
  };

  it('round-trips and is opaque (URL-safe, no readable query)', () => {
    const token = encodeToken(secret, state);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(decodeToken(secret, 'tide-x', token)).toEqual({
      ...state,
      query: { ...state.query, before: undefined },
    });
  });

  it('refuses a changed token, another key or another project', () => {
    const token = encodeToken(secret, state);
    const [body, mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), c: 0 }),
    ).toString('base64url');
    for (const [s, p, tok] of [
      [secret, 'tide-x', `${forged}.${mac}`],
      [Buffer.alloc(32, 8), 'tide-x', token],
      [secret, 'other', token],
      [secret, 'tide-x', `${body}.`],
    ] as const)
      expect(() => decodeToken(s, p, tok)).toThrow(expect.objectContaining({ code: 'badResumptionToken' }));
  });
});
