import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFileOf } from './config';
import { keyIdOf, publicKeyInfo, readOrCreateKeyFile, verifyWithPem } from './signing';

const dir = mkdtempSync(join(tmpdir(), 'herald-signing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('instance signing key', () => {
  it('lives beside the data unless HERALD_KEY_FILE says otherwise', () => {
    expect(keyFileOf({ HERALD_DATA_DIR: '/srv/herald/data' })).toBe('/srv/herald/data/instance-ed25519.pem');
    expect(keyFileOf({ HERALD_DATA_DIR: '/d', HERALD_KEY_FILE: '/k.pem' })).toBe('/k.pem');
  });

  it('is created once with mode 0600 and read back the same afterwards', () => {
    const file = join(dir, 'a', 'b', 'key.pem');
    const first = readOrCreateKeyFile(file);
    expect(first.asymmetricKeyType).toBe('ed25519');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = readOrCreateKeyFile(file);
    const pem = (k: typeof first) => createPublicKey(k).export({ type: 'spki', format: 'pem' });
    expect(pem(again)).toEqual(pem(first));
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('names a key by the first 16 hex digits of SHA-256 of its SPKI DER, and verifies only untouched bytes', async () => {
    const { sign } = await import('node:crypto');
    const priv = readOrCreateKeyFile(join(dir, 'k2.pem'));
    const pub = createPublicKey(priv);
    const info = publicKeyInfo(pub.export({ type: 'spki', format: 'pem' }).toString());
    const expected = createHash('sha256')
      .update(pub.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .slice(0, 16);
    expect(info.keyId).toBe(expected);
    expect(keyIdOf(pub)).toBe(expected);
    const sig = sign(null, Buffer.from('{"seq":3}'), priv).toString('base64url');
    expect(verifyWithPem(info.publicKey, '{"seq":3}', sig)).toBe(true);
    expect(verifyWithPem(info.publicKey, '{"seq":4}', sig)).toBe(false);
    expect(verifyWithPem(info.publicKey, '{"seq":3}', 'not a signature')).toBe(false);
    expect(verifyWithPem('not a key', '{"seq":3}', sig)).toBe(false);
    expect(() => publicKeyInfo('nonsense')).toThrow();
  });
});
