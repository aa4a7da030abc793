import { describe, expect, it } from 'vitest';
import { compactUrl, countryName, languageName, shortUrl } from '../../ui/parts';

describe('link labels', () => {
  it('shows web sites by host and social media by account', () => {
    expect(compactUrl('http://www.leti-cea.fr/cea-tech/leti/Pages/Accueil.aspx')).toBe('leti-cea.fr');
    expect(compactUrl('https://twitter.com/WorldlineES')).toBe('@WorldlineES');
    expect(compactUrl('https://www.linkedin.com/company/leti/?originalSubdomain=fr')).toBe('leti');
    expect(compactUrl('https://www.linkedin.com/school/%E6%97%A9%E7%A8%B2%E7%94%B0%E5%A4%A7%E5%AD%A6/')).toBe(
      '早稲田大学',
    );
    expect(compactUrl('https://www.youtube.com/')).toBe('youtube.com');
    expect(compactUrl('not a url')).toBe('not a url');
    expect(shortUrl('https://www.msecproject.eu/')).toBe('www.msecproject.eu');
  });

  it('names countries and languages in the UI language', () => {
    expect(countryName('en', 'JP')).toBe('Japan');
    expect(countryName('ja', 'ES')).toBe('スペイン');
    expect(languageName('ja', 'en')).toBe('英語');
  });
});
