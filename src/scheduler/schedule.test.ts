import { describe, expect, it } from 'vitest';
import { afterEachQuarter, firstDueAt, MIN_GAP_MS, nextDueAt, timingProblem } from './schedule.js';

const at = (iso: string) => new Date(iso);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('interval jobs', () => {
  const every = { everyMs: MINUTE };

  it('are due at once when first registered', () => {
    expect(firstDueAt(every, at('2026-11-25T09:00:00.000Z')).toISOString()).toBe('2026-11-25T09:00:00.000Z');
  });

  it('keep their grid when the run starts late', () => {
    expect(nextDueAt(every, at('2026-11-25T09:00:00.000Z'), at('2026-11-25T09:00:07.500Z')).toISOString()).toBe('2026-11-25T09:01:00.000Z');
  });

  it('skip the slots missed while no instance ran them instead of catching up', () => {
    expect(nextDueAt(every, at('2026-11-25T09:00:00.000Z'), at('2026-11-25T12:34:10.000Z')).toISOString()).toBe('2026-11-25T12:35:00.000Z');
  });

  it('move on by a whole period when the run ends exactly on the next slot', () => {
    expect(nextDueAt(every, at('2026-11-25T09:00:00.000Z'), at('2026-11-25T09:01:00.000Z')).toISOString()).toBe('2026-11-25T09:02:00.000Z');
  });

  it('move at least one period past the due time they ran for', () => {
    // A clock moved backwards (a test, or a corrected server clock) still gives a later due time.
    expect(nextDueAt(every, at('2026-11-25T09:00:00.000Z'), at('2026-11-25T08:00:00.000Z')).toISOString()).toBe('2026-11-25T09:01:00.000Z');
  });
});

describe('calendar jobs', () => {
  const quarterly = afterEachQuarter(HOUR);

  it('are first due at the calendar time after registration', () => {
    expect(firstDueAt({ next: quarterly }, at('2026-11-25T09:00:00.000Z')).toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('run an hour after each quarter begins on the hospital wall clock (UTC+8)', () => {
    expect(quarterly(at('2026-12-31T17:00:05.000Z')).toISOString()).toBe('2027-03-31T17:00:00.000Z');
    expect(quarterly(at('2027-03-31T16:59:59.999Z')).toISOString()).toBe('2027-03-31T17:00:00.000Z');
    expect(quarterly(at('2027-05-01T00:00:00.000Z')).toISOString()).toBe('2027-06-30T17:00:00.000Z');
  });

  it('follow another UTC offset when told', () => {
    expect(afterEachQuarter(0, 0)(at('2027-09-30T23:59:59.000Z')).toISOString()).toBe('2027-10-01T00:00:00.000Z');
    expect(afterEachQuarter(0, 0)(at('2027-10-01T00:00:00.000Z')).toISOString()).toBe('2028-01-01T00:00:00.000Z');
  });

  it('take their next time from the calendar after the run', () => {
    expect(nextDueAt({ next: quarterly }, at('2026-12-31T17:00:00.000Z'), at('2026-12-31T17:03:00.000Z')).toISOString()).toBe('2027-03-31T17:00:00.000Z');
  });

  it('are held at least a moment apart when the calendar answers a past time', () => {
    const broken = { next: () => at('2020-01-01T00:00:00.000Z') };
    const finished = at('2026-11-25T09:00:00.000Z');
    expect(nextDueAt(broken, finished, finished).getTime()).toBe(finished.getTime() + MIN_GAP_MS);
  });
});

describe('timing checks', () => {
  const now = at('2026-11-25T09:00:00.000Z');

  it('accept whole intervals of a second or more and calendars that look ahead', () => {
    expect(timingProblem({ everyMs: MINUTE }, now)).toBeNull();
    expect(timingProblem({ next: afterEachQuarter(HOUR) }, now)).toBeNull();
  });

  it('refuse intervals that would spin and calendars that look back', () => {
    expect(timingProblem({ everyMs: 10 }, now)).toMatch(/everyMs/);
    expect(timingProblem({ everyMs: 1500.5 }, now)).toMatch(/everyMs/);
    expect(timingProblem({ next: (d) => d }, now)).toMatch(/after/);
    expect(timingProblem({ next: () => new Date(Number.NaN) }, now)).toMatch(/after/);
  });
});
