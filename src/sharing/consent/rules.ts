import { AppError, Errors } from '../../http/index.js';

/**
 * The time rules of a new consent, with the clock's now: it ends after it starts, and it was given
 * no later than now. Dates arrive as RFC 3339 with any offset and are stored as UTC ISO text, so
 * SQL can compare them as strings.
 */
export interface ConsentTimes {
  validFrom: string;
  validTo: string | null;
  recordedAt: string;
}

export function normaliseTimes(input: { validFrom?: string; validTo?: string; recordedAt: string }, now: Date): ConsentTimes {
  const iso = (value: string) => new Date(value).toISOString();
  const times = { validFrom: input.validFrom ? iso(input.validFrom) : now.toISOString(), validTo: input.validTo ? iso(input.validTo) : null, recordedAt: iso(input.recordedAt) };
  if (times.validTo !== null && times.validTo <= times.validFrom) throw new AppError(Errors.CONSENT_PERIOD_INVALID, { from: times.validFrom, to: times.validTo });
  if (times.recordedAt > now.toISOString()) throw new AppError(Errors.CONSENT_RECORDED_IN_FUTURE, { recordedAt: times.recordedAt });
  return times;
}
