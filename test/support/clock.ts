import type { Clock } from '../../src/lib/clock.js';

export interface TestClock extends Clock {
  advanceMinutes(minutes: number): void;
  set(date: Date): void;
}

/** A clock the test moves by hand, for expiry, lockout and idle timeouts. */
export function testClock(start = new Date('2026-11-25T09:00:00.000Z')): TestClock {
  let now = start.getTime();
  const clock = (() => new Date(now)) as TestClock;
  clock.advanceMinutes = (minutes) => {
    now += minutes * 60_000;
  };
  clock.set = (date) => {
    now = date.getTime();
  };
  return clock;
}
