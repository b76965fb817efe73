import { describe, expect, it } from 'vitest';
import { careTeamOf, staffKeyOf } from './care-team.js';

const encounter = (overrides: Record<string, unknown> = {}) => ({
  resourceType: 'Encounter',
  id: 'enc-1',
  status: 'finished',
  subject: { reference: 'Patient/p-1' },
  period: { start: '2026-11-01T08:00:00+08:00', end: '2026-11-05T10:00:00+08:00' },
  participant: [
    { individual: { reference: 'Practitioner/dr-1' }, period: { start: '2026-11-01T08:00:00+08:00', end: '2026-11-03T10:00:00+08:00' } },
    { individual: { reference: 'Practitioner/rn-1' } },
    { individual: { reference: 'RelatedPerson/x' } },
  ],
  ...overrides,
});

describe('careTeamOf', () => {
  it('lists practitioner participants with their own period, else the encounter’s', () => {
    expect(careTeamOf(encounter())).toEqual([
      { encounterId: 'enc-1', practitionerId: 'dr-1', patientId: 'p-1', periodStart: '2026-11-01T08:00:00+08:00', periodEnd: '2026-11-03T10:00:00+08:00' },
      { encounterId: 'enc-1', practitionerId: 'rn-1', patientId: 'p-1', periodStart: '2026-11-01T08:00:00+08:00', periodEnd: '2026-11-05T10:00:00+08:00' },
    ]);
  });
  it('keeps the relationship open while the encounter is in progress', () => {
    const open = careTeamOf(encounter({ status: 'in-progress', period: { start: '2026-11-01T08:00:00+08:00' } }));
    expect(open.every((m) => m.periodEnd === null)).toBe(true);
  });
  it('creates no relationship for cancelled encounters or encounters without a patient', () => {
    expect(careTeamOf(encounter({ status: 'cancelled' }))).toEqual([]);
    expect(careTeamOf(encounter({ subject: { reference: 'Group/g-1' } }))).toEqual([]);
    expect(careTeamOf({ resourceType: 'Observation', id: 'o' })).toEqual([]);
  });
  it('reads absolute and versioned references', () => {
    const members = careTeamOf(encounter({ subject: { reference: 'https://his.example/fhir/Patient/p-9/_history/2' }, participant: [{ individual: { reference: 'https://his.example/fhir/Practitioner/dr-9' } }] }));
    expect(members).toMatchObject([{ patientId: 'p-9', practitionerId: 'dr-9' }]);
  });
});

describe('staffKeyOf', () => {
  it('finds the staff identifier of a practitioner', () => {
    expect(staffKeyOf({ resourceType: 'Practitioner', id: 'x', identifier: [{ system: 'urn:other', value: 'n' }, { system: 'urn:yixiang:staff', value: 'dr.wang' }] })).toBe('dr.wang');
    expect(staffKeyOf({ resourceType: 'Practitioner', id: 'x' })).toBeNull();
    expect(staffKeyOf({ resourceType: 'Patient', id: 'x', identifier: [{ system: 'urn:yixiang:staff', value: 'dr.wang' }] })).toBeNull();
  });
});
