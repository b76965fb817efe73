// An instant as both FHIR (instant) and RFC 5424 (TIMESTAMP) accept it: full date and time, at
// most six fractional digits (RFC 5424 §6.2.3 caps TIME-SECFRAC at 6), upper-case T and Z, no
// leap second (RFC 5424 forbids it) or 24:00, offsets within FHIR's ±14:00.
const STRICT =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;

/** Date.parse rolls 02-31 over into March; a date that does not exist is not a time we can vouch for. */
function isRealDate(match: RegExpExecArray): boolean {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Normalises a stored timestamp into an instant, or null when it is not a real time. A value
 * that is already valid is kept as recorded, so the export shows what the log holds (offset
 * included); anything else parseable is re-rendered in UTC.
 */
export function toInstant(value: string): string | null {
  const upper = value.trim().toUpperCase();
  const parsed = Date.parse(upper);
  if (Number.isNaN(parsed)) return null;
  const match = STRICT.exec(upper);
  if (match === null) return new Date(parsed).toISOString();
  return isRealDate(match) ? upper : null;
}
