import type { Institution } from '../../api/types';

/** Where an institution's agreement (合作协议) stands on a hospital calendar day. */
export const AGREEMENT_STATES = ['unset', 'not-started', 'current', 'ending-soon', 'ended'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** Why an institution's systems cannot obtain tokens today, or null when they can (per client status). */
export const CONNECTION_BLOCKERS = ['suspended', 'terminated', 'not-started', 'ended'] as const;
export type ConnectionBlocker = (typeof CONNECTION_BLOCKERS)[number];

/** Days before the end from which an agreement is flagged as ending, so it can be renewed in time. */
export const ENDING_SOON_DAYS = 30;

/**
 * The hospital's calendar day (YYYY-MM-DD). Agreement dates are China days and China keeps UTC+08:00
 * all year; the server decides token requests on the same day.
 */
export function hospitalToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Both ends inclusive, open where not set — the server's rule for partner tokens. */
export function agreementState(agreement: Pick<Institution, 'agreementStart' | 'agreementEnd'>, today: string): AgreementState {
  const { agreementStart: start, agreementEnd: end } = agreement;
  if (!start && !end) return 'unset';
  if (start && today < start) return 'not-started';
  if (end && today > end) return 'ended';
  if (end && daysBetween(today, end) < ENDING_SOON_DAYS) return 'ending-soon';
  return 'current';
}

/** Days left until the agreement ends (0 on its last day); null without an end. */
export function daysLeft(agreement: Pick<Institution, 'agreementEnd'>, today: string): number | null {
  return agreement.agreementEnd ? daysBetween(today, agreement.agreementEnd) : null;
}

/**
 * What stops every API client of the institution from connecting today, as the token endpoint
 * checks it (client status aside): the institution not active, or today outside the agreement.
 */
export function connectionBlocker(institution: Pick<Institution, 'status' | 'agreementStart' | 'agreementEnd'>, today: string): ConnectionBlocker | null {
  if (institution.status === 'suspended') return 'suspended';
  if (institution.status === 'terminated') return 'terminated';
  const state = agreementState(institution, today);
  return state === 'not-started' || state === 'ended' ? state : null;
}
