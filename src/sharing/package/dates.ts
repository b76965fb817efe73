/**
 * Date shifting of FHIR date, dateTime and instant values. Only the calendar date moves; time of
 * day and zone offset are kept, so two values of one patient stay exactly as far apart as before.
 * Values coarser than a day (`2026`, `2026-09`) are left alone: they are already generalised, and
 * shifting a month by a few days would either do nothing or move it by a whole month.
 */
const DAY_PRECISION = /^(\d{4})-(\d{2})-(\d{2})((?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:\d{2})?)$/;

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** The value moved by `days`, or null when it is not a day-precision FHIR date/dateTime/instant. */
export function shiftDate(value: string, days: number): string | null {
  const match = DAY_PRECISION.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const original = new Date(Date.UTC(year, month - 1, day));
  // Reject impossible dates (2026-02-31) instead of letting Date roll them over.
  if (original.getUTCFullYear() !== year || original.getUTCMonth() !== month - 1 || original.getUTCDate() !== day) return null;
  const moved = new Date(original.getTime() + days * 86_400_000);
  const movedYear = moved.getUTCFullYear();
  if (movedYear < 1 || movedYear > 9999) return null;
  return `${pad(movedYear, 4)}-${pad(moved.getUTCMonth() + 1, 2)}-${pad(moved.getUTCDate(), 2)}${match[4] ?? ''}`;
}
