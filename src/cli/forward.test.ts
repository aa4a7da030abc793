/** Which commands go to a running server, and which module a command line loads. */
import { describe, expect, it } from 'vitest';
import { isForwardable } from './forward';
import { buildProgram, commandOf } from './main';

describe('isForwardable', () => {
  it('forwards the database commands, not the server, help or plan check', () => {
    for (const args of [
      ['kpi', '--project', 'm-sec'],
      ['plan', 'import', 'x.yaml'],
      ['import', 'a.csv', '--project', 'p', '--type', 'event'],
      ['year', 'close', '--project', 'p', '--year', '1'],
      ['audit', 'verify'],
      ['user', 'list'],
      ['db', 'migrate'],
    ])
      expect(isForwardable(args), args.join(' ')).toBe(true);
    for (const args of [
      [],
      ['--help'],
      ['-V'],
      ['help', 'kpi'],
      ['kpi', '--help'],
      ['serve'],
      ['worker'],
      ['plan', 'check', 'x.yaml'],
    ])
      expect(isForwardable(args), args.join(' ')).toBe(false);
  });
});

describe('lazy commands', () => {
  it('loads only the command that runs; help lists them all', async () => {
    expect(commandOf(['kpi', '--project', 'x'])).toBe('kpi');
    expect(commandOf(['help', 'year'])).toBe('year');
    expect(commandOf(['--help'])).toBeUndefined();
    const program = await buildProgram(['kpi', '--project', 'x']);
    const kpi = program.commands.find((c) => c.name() === 'kpi');
    expect(kpi?.options.map((o) => o.long)).toContain('--project');
    const plan = program.commands.find((c) => c.name() === 'plan');
    expect(plan?.commands).toEqual([]);
    const all = await buildProgram([], { all: true });
    expect(all.commands.find((c) => c.name() === 'plan')?.commands.map((c) => c.name())).toEqual([
      'check',
      'import',
    ]);
  });
});
