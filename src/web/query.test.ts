/** parseQuery's kept output for requests without parameters: the same values, never one caller's changes. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAppError } from '../errors';
import { parseQuery } from './query';

const OPTIONAL = { year: z.coerce.number().int().optional(), q: z.string().optional() };
const WITH_LIST = { tags: z.array(z.string()).default([]) };
const REQUIRED = { id: z.string() };

function app() {
  const a = new Hono();
  const seen: Record<string, unknown>[] = [];
  a.get('/optional', (c) => {
    const p = parseQuery(c, OPTIONAL) as Record<string, unknown>;
    seen.push(p);
    p.mutated = true;
    return c.json(p);
  });
  a.get('/list', (c) => {
    const p = parseQuery(c, WITH_LIST);
    seen.push(p);
    p.tags.push('x');
    return c.json(p);
  });
  a.get('/required', (c) => c.json(parseQuery(c, REQUIRED)));
  a.onError((err, c) => c.json({ code: isAppError(err) ? err.code : 'internal' }, 400));
  return { a, seen };
}

describe('parseQuery without parameters', () => {
  it('gives each request a fresh copy: a caller changing its object changes nobody else', async () => {
    const { a, seen } = app();
    for (let i = 0; i < 3; i++)
      expect(await (await a.request('/optional')).json()).toEqual({ mutated: true });
    expect(new Set(seen).size).toBe(3);
    expect(await (await a.request('/optional?year=2&q=x')).json()).toEqual({
      year: 2,
      q: 'x',
      mutated: true,
    });
    expect(await (await a.request('/optional')).json()).toEqual({ mutated: true });
  });

  it('parses an output holding an object every time (a default list is never shared)', async () => {
    const { a } = app();
    for (let i = 0; i < 3; i++) expect(await (await a.request('/list')).json()).toEqual({ tags: ['x'] });
  });

  it('refuses a missing required parameter every time', async () => {
    const { a } = app();
    for (let i = 0; i < 2; i++) {
      const res = await a.request('/required');
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 'bad_parameter' });
    }
  });
});
