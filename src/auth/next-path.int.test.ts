/** `next` after sign-in, through the real routes: whatever the value, the Location header stays on the site. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, createAuthTestApp, makeUser, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { HOSTILE_NEXT } from '../../test/hostile-next';

let t: AuthTestApp;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  t = await createAuthTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Where a browser goes with this Location: it strips tabs and newlines and reads `\` as `/`, as `new URL` does. */
const destination = (location: string | null): string => {
  expect(location).not.toBeNull();
  return new URL(location ?? '', `${BASE_URL}/login`).origin;
};

describe('next after sign-in', () => {
  it('follows a same-site path with its query and fragment', async () => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const client = new TestClient(t.app, '198.51.100.60');
    const res = await client.post('/login', { email: u.email, password: PASSWORD, next: '/ok?x=1#y' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ok?x=1#y');
    expect((await client.get('/login?next=%2Fok%3Fx%3D1')).headers.get('location')).toBe('/ok?x=1');
  });

  it.each(HOSTILE_NEXT)('never leaves the site (nor answers 500) for next=%j', async (next) => {
    const u = await makeUser(t.db, { password: PASSWORD });
    const client = new TestClient(t.app, '198.51.100.61');
    // The form shows the sign-in page with the value dropped.
    const page = await client.get(`/login?next=${encodeURIComponent(next)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('evil.example');
    const res = await client.post('/login', { email: u.email, password: PASSWORD, next });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(destination(res.headers.get('location'))).toBe(BASE_URL);
    // Signed in already: GET /login?next= redirects at once, to the same place.
    const again = await client.get(`/login?next=${encodeURIComponent(next)}`);
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe('/');
  });
});

describe('the language switch', () => {
  it.each(['//evil.example', '/\\evil.example', '//evil.example/p/x', '/%09/evil.example'])(
    'links back to a path on the site when the page asked for is %j',
    async (path) => {
      const res = await t.app.request(`${BASE_URL}${path}`);
      const html = await res.text();
      const href = /<a class="lang"[^>]*href="([^"]*)"/.exec(html)?.[1];
      expect(href).toBeDefined();
      expect(destination(href?.replace(/&amp;/g, '&') ?? null)).toBe(BASE_URL);
    },
  );
});
