/** HERALD_SITE_HOSTS: project=origin pairs, each host and project once, located errors; the Host header's form. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { normaliseHost } from './host-dispatch';
import { parseSiteHosts } from './hosts';

describe('parseSiteHosts', () => {
  it('reads project=origin pairs, https by default, hosts in lower case with a non-default port kept', () => {
    const hosts = parseSiteHosts(
      ' m-sec=https://WWW.MSecProject.eu , wave-y=wave-y.example.eu:8443,tide=http://tide.test ',
    );
    expect([...hosts.byHost.keys()]).toEqual(['www.msecproject.eu', 'wave-y.example.eu:8443', 'tide.test']);
    expect(hosts.byProject.get('m-sec')).toEqual({
      projectId: 'm-sec',
      origin: 'https://www.msecproject.eu',
      host: 'www.msecproject.eu',
    });
    expect(hosts.byProject.get('wave-y')?.origin).toBe('https://wave-y.example.eu:8443');
    expect(hosts.byProject.get('tide')?.origin).toBe('http://tide.test');
    expect(parseSiteHosts(undefined).byHost.size).toBe(0);
    expect(parseSiteHosts(' , ').byHost.size).toBe(0);
  });

  it('refuses a malformed entry naming it', () => {
    expect(() => parseSiteHosts('m-sec')).toThrow(/entry 1 "m-sec": expected project=origin/);
    expect(() => parseSiteHosts('a=x.eu,M Sec=y.eu')).toThrow(/entry 2 "M Sec=y.eu"/);
    expect(() => parseSiteHosts('a=ftp://x.eu')).toThrow(/entry 1/);
    expect(() => parseSiteHosts('a=https://x.eu/site')).toThrow(/no path/);
    expect(() => parseSiteHosts('a=x.eu,b=X.EU')).toThrow(/entry 2 "b=X.EU": host x.eu is mapped twice/);
    expect(() => parseSiteHosts('a=x.eu,a=y.eu')).toThrow(/project a has two hosts/);
  });

  it('is checked with the rest of the configuration', () => {
    expect(loadConfig({ HERALD_SITE_HOSTS: 'm-sec=www.msecproject.eu' }).HERALD_SITE_HOSTS).toBe(
      'm-sec=www.msecproject.eu',
    );
    expect(() => loadConfig({ HERALD_SITE_HOSTS: 'nonsense' })).toThrow(/HERALD_SITE_HOSTS/);
  });
});

describe('normaliseHost', () => {
  it('compares hosts without case or the default ports', () => {
    expect(normaliseHost('WWW.Example.EU:443')).toBe('www.example.eu');
    expect(normaliseHost('www.example.eu:80')).toBe('www.example.eu');
    expect(normaliseHost('www.example.eu:8443')).toBe('www.example.eu:8443');
  });
});
