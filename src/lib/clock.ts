/**
 * The one clock. Domain code asks it for "now" and "today" instead of calling `new Date()`; the server and the CLI
 * use `systemClock`, tests pass a `fixedClock` and move it (through a project year, past a schedule's due times).
 * "Today" is the UTC calendar date, the project calendar's day (src/plan/time.ts).
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
  /** The current calendar date, `YYYY-MM-DD` (UTC). */
  today(): string;
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => isoDay(new Date()),
};

/** A clock that stands still until moved: `set` jumps to an instant, `advance` moves forward by milliseconds. */
export interface MovableClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function fixedClock(start: Date | string): MovableClock {
  let t = new Date(start).getTime();
  if (Number.isNaN(t)) throw new Error(`fixedClock: not a date: ${String(start)}`);
  return {
    now: () => new Date(t),
    today: () => isoDay(new Date(t)),
    set: (at) => {
      const next = new Date(at).getTime();
      if (Number.isNaN(next)) throw new Error(`fixedClock: not a date: ${String(at)}`);
      t = next;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
