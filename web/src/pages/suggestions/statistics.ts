/** The hospital keeps China Standard Time, UTC+8 all year, as the quarterly report does (src/reports/period.ts). */
const OFFSET_MS = 8 * 3_600_000;

/** The quarter an instant falls in by the hospital's calendar, as the report API names it (`2026-Q4`). */
export function hospitalQuarter(instant: Date): string {
  const local = new Date(instant.getTime() + OFFSET_MS);
  return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}

/** The categories that received any, most first, then the rest in the report's order. */
export function busiestFirst<T extends { count: number }>(rows: readonly T[]): T[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => b.row.count - a.row.count || a.index - b.index)
    .map(({ row }) => row);
}
