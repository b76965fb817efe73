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

export interface SkippingClock extends Clock {
  /** Moves the clock forward to `date`; never back. */
  skipTo(date: Date): void;
}

/**
 * Real time plus an offset the test moves forward: for a listening server that a browser talks to,
 * where a frozen clock would make cookies look long expired, but a test must not sit out a wait
 * (a TOTP step) in real time.
 */
export function skippingClock(): SkippingClock {
  let offset = 0;
  const clock = (() => new Date(Date.now() + offset)) as SkippingClock;
  clock.skipTo = (date) => {
    offset = Math.max(offset, date.getTime() - Date.now());
  };
  return clock;
}
