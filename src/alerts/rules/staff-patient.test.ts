import { describe, expect, it } from 'vitest';
import { staffPatient } from './staff-patient.js';
import { readOf, searchOf } from '../../../test/support/alert-entries.js';

// p-zhao is the patient record of nurse Zhao (u-zhao); everyone else is an ordinary patient.
const links: Record<string, string> = { 'p-zhao': 'u-zhao' };
const staffOf = (patientId: string) => links[patientId];

describe("access to a colleague's records", () => {
  it('fires for a read of a linked patient by another user, graded by the basis', () => {
    const [alert] = staffPatient([readOf('p-zhao', '2026-11-25T02:00:00Z')], 0, staffOf);
    expect(alert).toMatchObject({ rule: 'staff-patient', severity: 'high', subject: { userId: 'u-wang' }, facts: { colleagueUserId: 'u-zhao', reads: 1, bases: ['department'] } });
    expect(staffPatient([readOf('p-zhao', '2026-11-25T02:00:00Z', { accessBasis: 'care-team' })], 0, staffOf)[0]!.severity).toBe('low');
    expect(staffPatient([readOf('p-zhao', '2026-11-25T02:00:00Z', { accessBasis: 'emergency:e1' })], 0, staffOf)[0]!.severity).toBe('medium');
  });

  it('finds the colleague inside a search page and gathers a day into one alert at its highest severity', () => {
    const entries = [searchOf(['p1', 'p-zhao', 'p2'], '2026-11-25T02:00:00Z', { accessBasis: 'care-team' }), readOf('p-zhao', '2026-11-25T03:00:00Z'), readOf('p-zhao', '2026-11-26T03:00:00Z')];
    const alerts = staffPatient(entries, 0, staffOf);
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({ severity: 'high', facts: { reads: 2, bases: ['care-team', 'department'] }, evidence: [entries[0]!.seq, entries[1]!.seq] });
  });

  it("stays silent for unlinked patients, one's own record, refused reads and entries already scanned", () => {
    const quiet = [readOf('p1', '2026-11-25T02:00:00Z'), readOf('p-zhao', '2026-11-25T02:00:00Z', { actorId: 'u-zhao', actorName: 'nurse.zhao' }), readOf('p-zhao', '2026-11-25T02:00:00Z', { outcome: 'denied' })];
    expect(staffPatient(quiet, 0, staffOf)).toEqual([]);
    const old = readOf('p-zhao', '2026-11-25T02:00:00Z');
    expect(staffPatient([old], old.seq + 1, staffOf)).toEqual([]);
  });
});
