/**
 * The project's tabs follow what the person may do: the plan's tabs for everyone, the public site's and the
 * newsletter's editing tabs only for those who may use them (a partner editor who may propose news sees News).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';

let t: AuthTestApp;
beforeAll(async () => {
  t = await createAuthTestApp();
});
afterAll(() => t?.close());

/** The hrefs of the project's tabs on the overview page, as `client` sees them. */
async function tabs(client: TestClient): Promise<string[]> {
  const html = await (await client.get(`/p/${PROJECT}`)).text();
  const nav = /<nav class="project"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/href="\/p\/[^/"]+([^"]*)"/g)].map((m) => m[1] ?? '');
}

describe('project tabs', () => {
  it('show the site and newsletter tabs to those who may use them', async () => {
    const coordinator = await makeUser(t.db, { role: 'coordinator' });
    const editor = await makeUser(t.db, { role: 'editor', partnerCode: PARTNER_A });
    const viewer = await makeUser(t.db, { role: 'viewer' });
    const seen = {
      coordinator: await tabs(await TestClient.signedIn(t, coordinator.id)),
      editor: await tabs(await TestClient.signedIn(t, editor.id)),
      viewer: await tabs(await TestClient.signedIn(t, viewer.id)),
      anonymous: await tabs(new TestClient(t.app)),
    };
    for (const suffix of ['/news', '/site/deliverables', '/newsletter/issues', '/alerts'])
      expect(seen.coordinator).toContain(suffix);
    expect(seen.editor).toContain('/news');
    expect(seen.editor).not.toContain('/site/deliverables');
    expect(seen.editor).not.toContain('/newsletter/issues');
    expect(seen.editor).not.toContain('/alerts');
    for (const who of [seen.viewer, seen.anonymous]) {
      expect(who).toContain('/timeline');
      for (const suffix of ['/news', '/site/deliverables', '/newsletter/issues', '/alerts'])
        expect(who).not.toContain(suffix);
    }
  });
});
