import { describe, expect, it } from 'vitest';
import { groupOf, type GroupGrant } from './group.js';

const base: GroupGrant = {
  id: 'g-1',
  patientScope: { kind: 'patients', patientIds: ['p-1', 'p-2', 'p-1'] },
  maskingProfile: 'identified',
  purpose: 'referral',
  catalogCode: 'CLIN_LAB_REPORT',
  dataFrom: null,
  dataTo: null,
  validFrom: '2026-11-26T00:00:00.000Z',
  validTo: '2026-12-26T00:00:00.000Z',
  createdAt: '2026-11-26T00:00:00.000Z',
};

describe('groupOf', () => {
  it('lists the named patients of an identified grant as an actual person group', () => {
    const group = groupOf(base, '检验报告 (referral)');
    expect(group).toMatchObject({ resourceType: 'Group', id: 'g-1', type: 'person', actual: true, active: true, quantity: 2, name: '检验报告 (referral)' });
    expect(group.member).toEqual([
      { entity: { reference: 'Patient/p-1' }, period: { start: base.validFrom, end: base.validTo } },
      { entity: { reference: 'Patient/p-2' }, period: { start: base.validFrom, end: base.validTo } },
    ]);
  });

  it('gives only the count for a pseudonymised grant: real ids beside pseudonyms would undo them', () => {
    const group = groupOf({ ...base, maskingProfile: 'pseudonymised' }, 'n');
    expect(group.member).toBeUndefined();
    expect(group.quantity).toBe(2);
  });

  it('states criteria and the data period as characteristics, with no member list or count', () => {
    const group = groupOf({ ...base, maskingProfile: 'de-identified', patientScope: { kind: 'criteria', criteria: { departmentCode: 'NK', diagnosisCode: 'http://hl7.org/fhir/sid/icd-10|E11', from: '2026-01-01T00:00:00.000Z' } }, dataTo: '2026-11-01T00:00:00.000Z' }, 'n');
    expect(group.member).toBeUndefined();
    expect(group.quantity).toBeUndefined();
    const codes = (group.characteristic as { code: { coding: { code: string }[] } }[]).map((c) => c.code.coding[0]!.code);
    expect(codes).toEqual(['department', 'diagnosis', 'record-period', 'data-period', 'catalog-resource', 'purpose-of-use']);
    expect((group.characteristic as Record<string, unknown>[])[1]).toMatchObject({ valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11' }] }, exclude: false });
    expect((group.characteristic as Record<string, unknown>[])[2]).toMatchObject({ valueBoolean: true, period: { start: '2026-01-01T00:00:00.000Z' } });
    expect(groupOf({ ...base, patientScope: { kind: 'all' } }, 'n').characteristic).toHaveLength(2);
  });
});
