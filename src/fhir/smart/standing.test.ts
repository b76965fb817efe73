import { describe, expect, it } from 'vitest';
import { standingProblem, type PartnerFacts } from './standing.js';

const good: PartnerFacts = { clientStatus: 'active', institutionStatus: 'active', agreementStart: '2026-01-01', agreementEnd: '2026-12-31' };
const at = (iso: string) => new Date(iso);

describe('standingProblem', () => {
  it('lets an active client of an active institution within its agreement act', () => {
    expect(standingProblem(good, at('2026-11-25T09:00:00Z'))).toBeNull();
    expect(standingProblem({ ...good, agreementStart: null, agreementEnd: null }, at('2030-01-01T00:00:00Z'))).toBeNull();
  });

  it('stops a suspended or revoked client and an institution that is not active', () => {
    expect(standingProblem({ ...good, clientStatus: 'suspended' }, at('2026-11-25T09:00:00Z'))?.reason).toBe('client_suspended');
    expect(standingProblem({ ...good, clientStatus: 'revoked' }, at('2026-11-25T09:00:00Z'))?.reason).toBe('client_revoked');
    expect(standingProblem({ ...good, institutionStatus: 'suspended' }, at('2026-11-25T09:00:00Z'))?.reason).toBe('institution_inactive');
    expect(standingProblem({ ...good, institutionStatus: 'terminated' }, at('2026-11-25T09:00:00Z'))?.reason).toBe('institution_inactive');
  });

  it('counts agreement days in China Standard Time, both ends inclusive', () => {
    // 2025-12-31T16:00Z is already 2026-01-01 in Beijing.
    expect(standingProblem(good, at('2025-12-31T15:59:59Z'))?.reason).toBe('agreement_not_started');
    expect(standingProblem(good, at('2025-12-31T16:00:00Z'))).toBeNull();
    expect(standingProblem(good, at('2026-12-31T15:59:59Z'))).toBeNull();
    expect(standingProblem(good, at('2026-12-31T16:00:00Z'))?.reason).toBe('agreement_ended');
  });
});
