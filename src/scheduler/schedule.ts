/**
 * When a job is due. An interval job keeps a fixed grid of due times; a calendar job (a report
 * shortly after each quarter ends) computes its next due time from its last run.
 */
export type JobTiming = { everyMs: number; next?: undefined } | { next: (lastRun: Date) => Date; everyMs?: undefined };

/** The least distance between two due times, so a calendar that answers a past time cannot make a job due on every tick. */
export const MIN_GAP_MS = 1_000;

/** Whether a timing can be used; a calendar is asked once for its next time after `now`. */
export function timingProblem(timing: JobTiming, now: Date): string | null {
  if (timing.everyMs !== undefined) return Number.isInteger(timing.everyMs) && timing.everyMs >= MIN_GAP_MS ? null : `everyMs must be an integer of at least ${MIN_GAP_MS}`;
  const next = timing.next(now);
  return Number.isFinite(next.getTime()) && next.getTime() > now.getTime() ? null : 'next() must answer a time after the one it is given';
}

/** A newly registered interval job is due at once; a calendar job at its calendar's next time. */
export function firstDueAt(timing: JobTiming, now: Date): Date {
  return timing.everyMs !== undefined ? now : timing.next(now);
}

/**
 * The due time after a run that was due at `due` and finished at `finishedAt`. An interval job
 * takes the first slot of its grid (due + k·everyMs) after the finish: due times do not drift with
 * the timer's latency, and slots missed while every instance was down (or while a run overran) are
 * skipped instead of run back to back.
 */
export function nextDueAt(timing: JobTiming, due: Date, finishedAt: Date): Date {
  const finished = finishedAt.getTime();
  if (timing.everyMs !== undefined) {
    const slots = Math.max(1, Math.floor((finished - due.getTime()) / timing.everyMs) + 1);
    return new Date(due.getTime() + slots * timing.everyMs);
  }
  return new Date(Math.max(timing.next(finishedAt).getTime(), finished + MIN_GAP_MS));
}

/**
 * A calendar for work that follows a quarter's end (季度审计): `delayMs` after each quarter begins,
 * on the hospital's wall clock (UTC+8 unless told otherwise; China has no daylight saving time).
 */
export function afterEachQuarter(delayMs: number, utcOffsetMinutes = 480): (lastRun: Date) => Date {
  const offsetMs = utcOffsetMinutes * 60_000;
  return (lastRun) => {
    // The wall-clock time as if it were UTC, so the quarter's first day can be built with UTC fields.
    const wall = new Date(lastRun.getTime() - delayMs + offsetMs);
    const nextQuarterMonth = Math.floor(wall.getUTCMonth() / 3) * 3 + 3;
    return new Date(Date.UTC(wall.getUTCFullYear(), nextQuarterMonth, 1) - offsetMs + delayMs);
  };
}
