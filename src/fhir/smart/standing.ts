import type { ApiClientRow, InstitutionRow } from '../../org/tables.js';

export interface PartnerFacts {
  clientStatus: ApiClientRow['status'];
  institutionStatus: InstitutionRow['status'];
  agreementStart: string | null;
  agreementEnd: string | null;
}

export interface StandingProblem {
  reason: 'client_suspended' | 'client_revoked' | 'institution_inactive' | 'agreement_not_started' | 'agreement_ended';
  description: string;
}

/** Agreement dates are the hospital's calendar days; China keeps UTC+08:00 all year. */
function hospitalDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Whether a partner's API client may act now: the client active, its institution active, and
 * today within the institution's agreement (both ends inclusive, open where not set). Checked
 * when a token is issued and again on every request made with it, so suspension, revocation or
 * the end of an agreement stops tokens already issued.
 */
export function standingProblem(facts: PartnerFacts, now: Date): StandingProblem | null {
  if (facts.clientStatus === 'revoked') return { reason: 'client_revoked', description: 'the client has been revoked' };
  if (facts.clientStatus !== 'active') return { reason: 'client_suspended', description: 'the client is suspended' };
  if (facts.institutionStatus !== 'active') return { reason: 'institution_inactive', description: "the client's institution is not active" };
  const today = hospitalDate(now);
  if (facts.agreementStart && today < facts.agreementStart) return { reason: 'agreement_not_started', description: "the institution's agreement has not started" };
  if (facts.agreementEnd && today > facts.agreementEnd) return { reason: 'agreement_ended', description: "the institution's agreement has ended" };
  return null;
}
