import type { QuarterId } from './model.js';

/** The hospital keeps China Standard Time, UTC+8 all year (no daylight saving). */
const OFFSET_HOURS = 8;
const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

export interface QuarterPeriod {
  quarter: QuarterId;
  /** Half-open [from, to), as UTC instants of local midnight. */
  from: string;
  to: string;
}

export function isQuarterId(value: string): value is QuarterId {
  return QUARTER_PATTERN.test(value);
}

/** Local midnight of the first day of `month` (0-based, may be 12) in `year`, as a UTC instant. */
function localMidnight(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 1, -OFFSET_HOURS)).toISOString();
}

export function quarterPeriod(quarter: QuarterId): QuarterPeriod {
  const match = QUARTER_PATTERN.exec(quarter);
  if (!match) throw new RangeError(`not a quarter: ${quarter}`);
  const year = Number(match[1]);
  const first = (Number(match[2]) - 1) * 3;
  return { quarter, from: localMidnight(year, first), to: localMidnight(year, first + 3) };
}

/** The quarter an instant falls in, by the hospital's calendar. */
export function quarterOf(instant: Date): QuarterId {
  const local = new Date(instant.getTime() + OFFSET_HOURS * 3_600_000);
  return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}` as QuarterId;
}

export function previousQuarter(quarter: QuarterId): QuarterId {
  const match = QUARTER_PATTERN.exec(quarter)!;
  const year = Number(match[1]);
  const q = Number(match[2]);
  return (q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`) as QuarterId;
}

/** Whether the quarter is over at `now`: only a finished quarter's report can be issued. */
export function isQuarterOver(quarter: QuarterId, now: Date): boolean {
  return now.getTime() >= Date.parse(quarterPeriod(quarter).to);
}

/** ISO week key (`2026-W40`) of an instant, by the hospital's calendar. */
export function isoWeekOf(instant: string): string {
  const local = new Date(Date.parse(instant) + OFFSET_HOURS * 3_600_000);
  const day = (local.getUTCDay() + 6) % 7;
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - day + 3));
  // The week belongs to the year of its Thursday, and counts the Thursdays of that year.
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / (7 * 86_400_000));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
