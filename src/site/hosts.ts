/**
 * Which host names serve which project's public site: `HERALD_SITE_HOSTS`, a comma-separated list of
 * `project=origin` pairs (`m-sec=https://www.msecproject.eu`; an origin without a scheme is https). A request whose
 * Host (X-Forwarded-Host behind a trusted proxy) is one of them is that project's site at `/`; the origin is also
 * the canonical address of the site's pages wherever they are read (under `/site/<project>/…` too).
 *
 * An operator's setting, not a plan field: a plan is imported by a project's coordinator, while which host name
 * reaches which project is the instance's routing (DNS, certificates), and a plan could otherwise claim another
 * project's host or the app's own. Read once at start, so no request to the app costs a lookup.
 */
import { z } from 'zod';
import { kebabId } from '../schema-pieces';

export interface SiteHost {
  projectId: string;
  /** `https://www.msecproject.eu`: scheme, host and port, no path. */
  origin: string;
  /** `www.msecproject.eu` (with `:port` when not the scheme's default), lower case: what a Host header is compared with. */
  host: string;
}

/** The mapping, by host and by project. */
export interface SiteHosts {
  byHost: ReadonlyMap<string, SiteHost>;
  byProject: ReadonlyMap<string, SiteHost>;
}

export const NO_SITE_HOSTS: SiteHosts = { byHost: new Map(), byProject: new Map() };

const pairSchema = z.object({ projectId: kebabId, origin: z.url({ protocol: /^https?$/ }) });

/**
 * `m-sec=https://www.msecproject.eu, other=www.other.eu` → the mapping. Throws an Error naming the entry and what
 * is wrong (a configuration mistake: the server does not start with it).
 */
export function parseSiteHosts(text: string | undefined): SiteHosts {
  const byHost = new Map<string, SiteHost>();
  const byProject = new Map<string, SiteHost>();
  const entries = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const [i, entry] of entries.entries()) {
    const at = entry.indexOf('=');
    const rawOrigin = at < 0 ? '' : entry.slice(at + 1).trim();
    const parsed = pairSchema.safeParse({
      projectId: at < 0 ? '' : entry.slice(0, at).trim(),
      origin: /^[a-z]+:\/\//i.test(rawOrigin) ? rawOrigin : `https://${rawOrigin}`,
    });
    if (!parsed.success)
      throw new Error(
        `entry ${i + 1} "${entry}": expected project=origin (e.g. m-sec=https://www.example.eu): ${parsed.error.issues
          .map((x) => `${x.path.join('.')} ${x.message}`)
          .join('; ')}`,
      );
    const url = new URL(parsed.data.origin);
    if (url.pathname !== '/' || url.search || url.hash || url.username)
      throw new Error(`entry ${i + 1} "${entry}": the origin must have no path, query or user`);
    const site: SiteHost = {
      projectId: parsed.data.projectId,
      origin: url.origin,
      host: url.host.toLowerCase(),
    };
    if (byHost.has(site.host))
      throw new Error(`entry ${i + 1} "${entry}": host ${site.host} is mapped twice`);
    if (byProject.has(site.projectId))
      throw new Error(`entry ${i + 1} "${entry}": project ${site.projectId} has two hosts`);
    byHost.set(site.host, site);
    byProject.set(site.projectId, site);
  }
  return { byHost, byProject };
}
