/** Finding Chromium for the PDF report: CHROMIUM_PATH, the usual paths, or a clear bilingual message. */
import { describe, expect, it } from 'vitest';
import { translate } from '../i18n';
import { findChromium } from './pdf';
import { chromiumFound } from './submit';

describe('findChromium', () => {
  it('takes CHROMIUM_PATH, else the first candidate that exists', async () => {
    expect(await findChromium({ CHROMIUM_PATH: '/bin/sh' })).toBe('/bin/sh');
    expect(await findChromium({}, ['/nonexistent/chromium', '/bin/sh'])).toBe('/bin/sh');
  });

  it('says how to install Chromium, in English and Japanese, when none is found', async () => {
    const err = await findChromium({}, ['/nonexistent/chromium']).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'chromium_missing', status: 503 });
    expect((err as Error).message).toContain('apt-get install chromium');
    const ja = translate('ja', 'error.chromium_missing', { paths: '/nonexistent/chromium' });
    expect(ja).toContain('apt-get install chromium');
    expect(ja).toContain('インストール');
  });
});

describe('chromiumFound (which formats a submission stores)', () => {
  it('follows the PDF renderer: CHROMIUM_PATH when set, and only when it exists', () => {
    expect(chromiumFound({ CHROMIUM_PATH: '/bin/sh' })).toBe(true);
    expect(chromiumFound({ CHROMIUM_PATH: '/nonexistent/chromium' })).toBe(false);
    expect(chromiumFound({ HERALD_CHROMIUM: '/nonexistent/chromium', CHROMIUM_PATH: '/bin/sh' })).toBe(true);
  });
});
