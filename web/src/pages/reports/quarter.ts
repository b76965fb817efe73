/**
 * Quarters of the hospital calendar in the browser. The hospital keeps China Standard Time (UTC+8,
 * no daylight saving) whatever the reader's own time zone, so the console names the same quarter as
 * the server's report for any instant.
 */

/** `2026-Q4`. */
export type QuarterId = `${number}-Q${1 | 2 | 3 | 4}`;

const OFFSET_MS = 8 * 3_600_000;
const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

export function isQuarterId(value: string | null | undefined): value is QuarterId {
  return typeof value === 'string' && QUARTER_PATTERN.test(value);
}

function parts(quarter: QuarterId): { year: number; q: number } {
  const match = QUARTER_PATTERN.exec(quarter);
  if (!match) throw new RangeError(`not a quarter: ${quarter}`);
  return { year: Number(match[1]), q: Number(match[2]) };
}

const make = (year: number, q: number) => `${year}-Q${q}` as QuarterId;

/** The quarter an instant falls in, by the hospital's calendar. */
export function quarterOf(instant: Date): QuarterId {
  const local = new Date(instant.getTime() + OFFSET_MS);
  return make(local.getUTCFullYear(), Math.floor(local.getUTCMonth() / 3) + 1);
}

export function previousQuarter(quarter: QuarterId): QuarterId {
  const { year, q } = parts(quarter);
  return q === 1 ? make(year - 1, 4) : make(year, q - 1);
}

/** Half-open [from, to) as UTC instants of local midnight, as the server reports `period`. */
export function quarterPeriod(quarter: QuarterId): { from: string; to: string } {
  const { year, q } = parts(quarter);
  const first = (q - 1) * 3;
  const midnight = (month: number) => new Date(Date.UTC(year, month, 1) - OFFSET_MS).toISOString();
  return { from: midnight(first), to: midnight(first + 3) };
}

/** The first and last calendar day of the quarter (`2026-07-01`, `2026-09-30`): no time zone to get wrong. */
export function quarterDays(quarter: QuarterId): { first: string; last: string } {
  const { year, q } = parts(quarter);
  const first = new Date(Date.UTC(year, (q - 1) * 3, 1));
  const last = new Date(Date.UTC(year, q * 3, 0));
  return { first: first.toISOString().slice(0, 10), last: last.toISOString().slice(0, 10) };
}

/** Only a finished quarter's report can be issued (the server decides; this only shapes the page). */
export function isQuarterOver(quarter: QuarterId, now: Date): boolean {
  return now.getTime() >= Date.parse(quarterPeriod(quarter).to);
}

/** The current quarter and the `count - 1` before it, newest first. */
export function recentQuarters(now: Date, count: number): QuarterId[] {
  const list: QuarterId[] = [];
  let quarter = quarterOf(now);
  for (let i = 0; i < count; i++) {
    list.push(quarter);
    quarter = previousQuarter(quarter);
  }
  return list;
}

/** A quarter picked by year and number (the quarter date picker's answer); undefined when out of range. */
export function quarterFromParts(year: number, q: number): QuarterId | undefined {
  return Number.isInteger(year) && year >= 1000 && year <= 9999 && Number.isInteger(q) && q >= 1 && q <= 4 ? make(year, q) : undefined;
}

const DAY_MS = 86_400_000;

/** ISO week key (`2026-W40`) of a calendar day given as UTC midnight, as the server keys `sharing.byWeek`. */
export function isoWeekOfDay(day: Date): string {
  const weekday = (day.getUTCDay() + 6) % 7;
  // The week belongs to the year of its Thursday, and counts the Thursdays of that year.
  const thursday = new Date(day.getTime() + (3 - weekday) * DAY_MS);
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / (7 * DAY_MS));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * The ISO weeks the quarter has touched by `now` (all of them once it is over), in order: the
 * weekly trend shows quiet weeks as zero instead of leaving them out, and no weeks still to come.
 */
export function quarterWeeks(quarter: QuarterId, now: Date): string[] {
  const { first, last } = quarterDays(quarter);
  const today = Date.parse(new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10));
  const end = Math.min(Date.parse(last), today);
  const weeks: string[] = [];
  for (let day = Date.parse(first); day <= end; day += DAY_MS) {
    const key = isoWeekOfDay(new Date(day));
    if (weeks[weeks.length - 1] !== key) weeks.push(key);
  }
  return weeks;
}
