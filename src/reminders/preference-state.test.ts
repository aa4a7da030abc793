import { describe, expect, it } from 'vitest';
import { changesOf, defaultOnFor, topicState } from './preference-state';

const row = (topic: string, state: string | null, snoozedUntil: string | null = null) => ({
  topic,
  state,
  snoozedUntil,
});
const today = '2024-05-01';

describe('a topic’s state', () => {
  it('on by default, off until opt-in for an editor’s digest', () => {
    expect(topicState([], { topic: 'reminder.due', today, defaultOn: true })).toEqual({ kind: 'on' });
    expect(defaultOnFor('digest', 'editor')).toBe(false);
    expect(defaultOnFor('digest', 'coordinator')).toBe(true);
    expect(defaultOnFor('reminder.monthly', 'editor')).toBe(true);
    expect(topicState([], { topic: 'digest', today, defaultOn: false })).toEqual({ kind: 'optIn' });
    expect(topicState([row('digest', 'on')], { topic: 'digest', today, defaultOn: false })).toEqual({
      kind: 'on',
    });
  });
  it('unsubscribed from the topic or from all, snoozed until the later day, a past snooze over', () => {
    const q = { topic: 'reminder.due' as const, today, defaultOn: true };
    expect(topicState([row('reminder.due', 'off')], q)).toEqual({ kind: 'off', all: false });
    expect(topicState([row('all', 'off'), row('reminder.due', 'on')], q)).toEqual({ kind: 'off', all: true });
    expect(topicState([row('reminder.due', null, '2024-05-15'), row('all', null, '2024-05-31')], q)).toEqual({
      kind: 'snoozed',
      until: '2024-05-31',
    });
    expect(topicState([row('reminder.due', null, '2024-05-01')], q)).toEqual({ kind: 'on' });
  });
});

describe('the pages’ actions', () => {
  it('opting back in also takes back an unsubscribe of all', () => {
    expect(changesOf('opt-in', 'reminder.due', [])).toEqual([
      { topic: 'reminder.due', change: { state: 'on', snoozeDays: 0 } },
    ]);
    expect(changesOf('opt-in', 'reminder.due', [row('all', 'off')])).toEqual([
      { topic: 'reminder.due', change: { state: 'on', snoozeDays: 0 } },
      { topic: 'all', change: { state: null, snoozeDays: 0 } },
    ]);
    expect(changesOf('unsubscribe-all', 'reminder.due', [])).toEqual([
      { topic: 'all', change: { state: 'off' } },
    ]);
    expect(changesOf('snooze-30', 'digest', [])).toEqual([{ topic: 'digest', change: { snoozeDays: 30 } }]);
  });
});
