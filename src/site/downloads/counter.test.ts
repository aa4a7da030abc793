import { describe, expect, it } from 'vitest';
import { countDownloads, isRobot, visitorHash, type DownloadEvent } from './counter';

const T0 = Date.parse('2019-06-01T10:01:00Z');
const ev = (o: Partial<DownloadEvent> & { s?: number }): DownloadEvent => ({
  fileId: o.fileId ?? 'f1',
  visitor: o.visitor ?? 'v1',
  at: T0 + (o.s ?? 0) * 1000,
  day: o.day ?? '2019-06-01',
  robot: o.robot ?? false,
});

describe('COUNTER rules', () => {
  it('treats known bots and a missing user agent as robots, browsers as people', () => {
    expect(isRobot('Googlebot/2.1 (+http://www.google.com/bot.html)')).toBe(true);
    expect(isRobot('curl/8.5.0')).toBe(true);
    expect(isRobot(undefined)).toBe(true);
    expect(isRobot('   ')).toBe(true);
    expect(isRobot('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(false);
  });

  it('hashes a visitor with the day salt: same inputs same hash, another salt another hash', () => {
    const a = visitorHash({ salt: 's1', address: '192.0.2.1', userAgent: 'UA' });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(visitorHash({ salt: 's1', address: '192.0.2.1', userAgent: 'UA' })).toBe(a);
    expect(visitorHash({ salt: 's2', address: '192.0.2.1', userAgent: 'UA' })).not.toBe(a);
    expect(visitorHash({ salt: 's1', address: '192.0.2.11', userAgent: 'UA' })).not.toBe(a);
    expect(a).not.toContain('192');
  });

  it('counts clicks 29 s apart once and 35 s apart twice (the Code of Practice example)', () => {
    expect(countDownloads([ev({ s: 0 }), ev({ s: 29 })])).toEqual([
      { fileId: 'f1', day: '2019-06-01', total: 1, unique: 1, robots: 0, doubleClicks: 1 },
    ]);
    expect(countDownloads([ev({ s: 35 }), ev({ s: 0 })])[0]).toMatchObject({ total: 2, unique: 1 });
    // Exactly 30 s is still within the window; a chain of quick clicks is one action.
    expect(countDownloads([ev({ s: 0 }), ev({ s: 30 })])[0]).toMatchObject({ total: 1 });
    expect(countDownloads([ev({ s: 0 }), ev({ s: 20 }), ev({ s: 40 }), ev({ s: 60 })])[0]).toMatchObject({
      total: 1,
      doubleClicks: 3,
    });
  });

  it('keeps visitors, files and days apart, and leaves robots out of both counts', () => {
    const counts = countDownloads([
      ev({ s: 0 }),
      ev({ s: 5, visitor: 'v2' }),
      ev({ s: 5, fileId: 'f2' }),
      ev({ s: 600 }),
      ev({ s: 1, robot: true, visitor: 'bot' }),
      ev({ s: 2, robot: true, visitor: 'bot' }),
      ev({ s: 0, day: '2019-06-02', visitor: 'v9' }),
    ]);
    expect(counts).toEqual([
      { fileId: 'f1', day: '2019-06-01', total: 3, unique: 2, robots: 2, doubleClicks: 0 },
      { fileId: 'f2', day: '2019-06-01', total: 1, unique: 1, robots: 0, doubleClicks: 0 },
      { fileId: 'f1', day: '2019-06-02', total: 1, unique: 1, robots: 0, doubleClicks: 0 },
    ]);
  });
});
