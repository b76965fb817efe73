import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from '../catalog/builtin/index.js';
import { ETHNICITY_EXTENSION, LOINC, MRN_SYSTEM, OBSERVATION_CATEGORY, RESIDENT_ID_CARD_SYSTEM } from '../catalog/builtin/systems.js';
import type { CatalogField, CatalogResourceDefinition } from '../catalog/types.js';
import type { FhirResource } from '../records/index.js';
import type { Grant, MaskingProfile } from './grants.js';
import { DEFAULT_MASKING_RULES, type MaskingRule } from './masking.js';
import { fieldTreatment, presentRecord, type Presenter } from './present.js';
import type { ScopeClause } from './scope.js';

const presenter: Presenter = {
  pseudonymiser: (scope) => (value) => `p-${createHash('sha256').update(`${scope}\u0000${value}`).digest('hex').slice(0, 12)}`,
};

const definitionOf = (code: string): CatalogResourceDefinition => {
  const found = BUILTIN_CATALOG.find((resource) => resource.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
};
const PATIENT = definitionOf('CLIN_PATIENT');
const LAB = definitionOf('CLIN_LAB_REPORT');
const fieldOf = (definition: CatalogResourceDefinition, name: string): CatalogField => definition.fields.find((field) => field.name === name)!;

const NAME = '张三丰';
const ID_NUMBER = '110101199003071234';
const PHONE = '13812345678';
const CONTACT_NAME = '李四';
const CONTACT_PHONE = '13987654321';

function patient(): FhirResource {
  return {
    resourceType: 'Patient',
    id: 'p-1',
    meta: { lastUpdated: '2026-11-20T00:00:00Z' },
    text: { status: 'generated', div: `<div>${NAME} ${ID_NUMBER}</div>` },
    extension: [{ url: ETHNICITY_EXTENSION, valueCoding: { system: 'urn:gb:3304', code: '01', display: '汉族' } }],
    identifier: [
      { system: MRN_SYSTEM, value: 'MRN12345678' },
      { system: RESIDENT_ID_CARD_SYSTEM, value: ID_NUMBER },
    ],
    name: [{ text: NAME, family: '张', given: ['三丰'] }],
    telecom: [{ system: 'phone', value: PHONE }],
    gender: 'male',
    birthDate: '1990-03-07',
    address: [{ text: '北京市朝阳区建国路88号院3号楼', line: ['建国路88号院3号楼'], city: '北京市', district: '朝阳区', state: '北京市', postalCode: '100022' }],
    maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }] },
    contact: [{ relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'N' }] }], name: { text: CONTACT_NAME }, telecom: [{ system: 'phone', value: CONTACT_PHONE }] }],
  };
}

function observation(): FhirResource {
  return {
    resourceType: 'Observation',
    id: 'o-1',
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory' }] }],
    code: { coding: [{ system: LOINC, code: '718-7', display: 'Hemoglobin' }] },
    subject: { reference: 'Patient/p-1', display: NAME },
    encounter: { reference: 'Encounter/e-1' },
    effectiveDateTime: '2026-11-20T08:00:00+08:00',
    issued: '2026-11-20T10:00:00+08:00',
    performer: [{ reference: 'Practitioner/pr-1', display: '孙伟' }],
    valueQuantity: { value: 131, unit: 'g/L' },
    referenceRange: [{ text: '130-175 g/L' }],
    interpretation: [{ coding: [{ code: 'N' }] }],
    note: [{ text: `复查 ${NAME}` }],
  };
}

function grantClause(fields: string[], maskingProfile: MaskingProfile, catalogCode = 'CLIN_PATIENT'): ScopeClause {
  const grant: Grant = {
    id: 'g-1',
    grantee: { kind: 'user', id: 'u-li' },
    catalogCode,
    fields,
    patientScope: { kind: 'patients', patientIds: ['p-1'] },
    purpose: 'referral',
    channel: 'api',
    validFrom: '2026-11-01T00:00:00.000Z',
    validTo: '2026-12-01T00:00:00.000Z',
    status: 'active',
    maskingProfile,
    shareRequestId: null,
    reason: null,
    createdBy: 'u-admin',
    createdAt: '2026-11-01T00:00:00.000Z',
    statusChangedAt: null,
    statusChangedBy: null,
    statusReason: null,
  };
  return { basis: `grant:${grant.id}`, grant };
}

const present = (resource: FhirResource, definition: CatalogResourceDefinition, clause: ScopeClause, rules: readonly MaskingRule[] = DEFAULT_MASKING_RULES) =>
  presentRecord(presenter, { resource, definition, clause, rules, catalogCode: definition.code, patientId: 'p-1', departmentCode: 'YWB', effectiveAt: '2026-11-20T02:00:00.000Z' });

describe('fieldTreatment', () => {
  const name = fieldOf(PATIENT, 'name');
  const idNumber = fieldOf(PATIENT, 'idNumber');
  const birthDate = fieldOf(PATIENT, 'birthDate');
  const gender = fieldOf(PATIENT, 'gender');
  const relationship = fieldOf(PATIENT, 'emergencyContactRelationship');
  const subject = fieldOf(LAB, 'patient');
  const rules = DEFAULT_MASKING_RULES;

  it('identified: granted fields in clear, identifiers outside the grant masked, other fields left out', () => {
    expect(fieldTreatment(name, true, 'identified', rules)).toEqual({ kind: 'clear' });
    expect(fieldTreatment(birthDate, true, 'identified', rules)).toEqual({ kind: 'clear' });
    expect(fieldTreatment(relationship, true, 'identified', rules)).toEqual({ kind: 'clear' });
    expect(fieldTreatment(name, false, 'identified', rules)).toEqual({ kind: 'mask', strategy: 'name', reason: 'outside-grant' });
    expect(fieldTreatment(idNumber, false, 'identified', rules)).toEqual({ kind: 'mask', strategy: 'id-number', reason: 'outside-grant' });
    expect(fieldTreatment(birthDate, false, 'identified', rules)).toEqual({ kind: 'mask', strategy: 'birth-year', reason: 'outside-grant' });
    expect(fieldTreatment(subject, false, 'identified', rules)).toEqual({ kind: 'mask', strategy: 'pseudonym', reason: 'outside-grant' });
    expect(fieldTreatment(relationship, false, 'identified', rules)).toEqual({ kind: 'drop' });
  });

  it('pseudonymised: granted direct identifiers are masked all the same; granted quasi-identifiers stay clear', () => {
    expect(fieldTreatment(name, true, 'pseudonymised', rules)).toEqual({ kind: 'mask', strategy: 'name', reason: 'profile' });
    expect(fieldTreatment(idNumber, true, 'pseudonymised', rules)).toEqual({ kind: 'mask', strategy: 'id-number', reason: 'profile' });
    expect(fieldTreatment(subject, true, 'pseudonymised', rules)).toEqual({ kind: 'mask', strategy: 'pseudonym', reason: 'profile' });
    expect(fieldTreatment(birthDate, true, 'pseudonymised', rules)).toEqual({ kind: 'clear' });
    expect(fieldTreatment(name, false, 'pseudonymised', rules)).toEqual({ kind: 'mask', strategy: 'name', reason: 'outside-grant' });
    expect(fieldTreatment(relationship, false, 'pseudonymised', rules)).toEqual({ kind: 'drop' });
  });

  it('de-identified: direct identifiers dropped (the patient link pseudonymised), quasi-identifiers generalised', () => {
    expect(fieldTreatment(name, true, 'de-identified', rules)).toEqual({ kind: 'drop' });
    expect(fieldTreatment(idNumber, true, 'de-identified', rules)).toEqual({ kind: 'drop' });
    expect(fieldTreatment(subject, true, 'de-identified', rules)).toEqual({ kind: 'mask', strategy: 'pseudonym', reason: 'profile' });
    expect(fieldTreatment(subject, false, 'de-identified', rules)).toEqual({ kind: 'mask', strategy: 'pseudonym', reason: 'profile' });
    expect(fieldTreatment(birthDate, true, 'de-identified', rules)).toEqual({ kind: 'mask', strategy: 'birth-year', reason: 'profile' });
    expect(fieldTreatment(birthDate, false, 'de-identified', rules)).toEqual({ kind: 'mask', strategy: 'birth-year', reason: 'outside-grant' });
    expect(fieldTreatment(gender, true, 'de-identified', rules)).toEqual({ kind: 'mask', strategy: 'redact', reason: 'profile' });
    expect(fieldTreatment(relationship, true, 'de-identified', rules)).toEqual({ kind: 'clear' });
    expect(fieldTreatment(relationship, false, 'de-identified', rules)).toEqual({ kind: 'drop' });
  });

  it('follows the masking rules as settings, and fails closed to redaction when no rule matches an identifier', () => {
    const custom: MaskingRule[] = [{ match: { fieldName: 'name' }, strategy: 'keep-last-4' }];
    expect(fieldTreatment(name, false, 'identified', custom)).toEqual({ kind: 'mask', strategy: 'keep-last-4', reason: 'outside-grant' });
    expect(fieldTreatment(idNumber, false, 'identified', custom)).toEqual({ kind: 'mask', strategy: 'redact', reason: 'outside-grant' });
    expect(fieldTreatment(relationship, false, 'identified', custom)).toEqual({ kind: 'drop' });
  });
});

describe('presentRecord', () => {
  it('returns the whole record, unmasked, under department, care-team and emergency rules', () => {
    const resource = patient();
    const byDepartment = present(resource, PATIENT, { basis: 'department', maxLevel: 4, departmentCode: null });
    expect(byDepartment).toEqual({ resource, catalogCode: 'CLIN_PATIENT', basis: 'department', patientId: 'p-1', departmentCode: 'YWB', effectiveAt: '2026-11-20T02:00:00.000Z', masked: [], omitted: [], emergency: false, grantId: null });
    const byEmergency = present(resource, PATIENT, { basis: 'emergency:e-1', emergencyId: 'e-1', patientId: 'p-1' });
    expect(byEmergency).toMatchObject({ basis: 'emergency:e-1', emergency: true, grantId: null, masked: [] });
    expect(byEmergency.resource).toEqual(patient());
  });

  it('identified grant: granted fields clear, identifiers outside the grant masked by convention, the rest left out', () => {
    const shown = present(patient(), PATIENT, grantClause(['gender'], 'identified'));
    // The plain-column department and date are withheld too: the grant decides which fields, dates included, show.
    expect(shown).toMatchObject({ basis: 'grant:g-1', grantId: 'g-1', patientId: 'p-1', emergency: false, departmentCode: null, effectiveAt: null });
    const resource = shown.resource as Record<string, any>;
    expect(resource.id).toBe('p-1');
    expect(resource.gender).toBe('male');
    expect(resource.name).toEqual([{ text: '张**', family: '张', given: ['**'] }]);
    expect(resource.identifier).toEqual([
      { system: MRN_SYSTEM, value: '*******5678' },
      { system: RESIDENT_ID_CARD_SYSTEM, value: '110***********1234' },
    ]);
    expect(resource.telecom).toEqual([{ system: 'phone', value: '138****5678' }]);
    expect(resource.address).toEqual([{ state: '北京市', city: '北京市', district: '朝阳区', text: '北京市朝阳区' }]);
    expect(resource.birthDate).toBe('1990');
    expect(resource.contact).toEqual([{ name: { text: '李*' }, telecom: [{ system: 'phone', value: '139****4321' }] }]);
    expect(resource.maritalStatus).toBeUndefined();
    expect(resource.text).toBeUndefined();
    expect(shown.omitted).toEqual(['emergencyContactRelationship']);
    expect(Object.fromEntries(shown.masked.map((m) => [m.field, m.strategy]))).toEqual({
      mrn: 'keep-last-4',
      idNumber: 'id-number',
      name: 'name',
      birthDate: 'birth-year',
      phone: 'phone',
      address: 'address',
      ethnicity: 'redact',
      maritalStatus: 'redact',
      emergencyContactName: 'name',
      emergencyContactPhone: 'phone',
    });
    expect(shown.masked.every((m) => m.reason === 'outside-grant')).toBe(true);
    const json = JSON.stringify(resource);
    for (const secret of [NAME, ID_NUMBER, PHONE, CONTACT_NAME, CONTACT_PHONE, '建国路', '100022', '1990-03-07', '汉族', 'MRN12345678']) expect(json).not.toContain(secret);
  });

  it('identified grant of the masked fields shows them in clear', () => {
    const shown = present(patient(), PATIENT, grantClause(['name', 'idNumber', 'phone', 'address', 'birthDate'], 'identified'));
    const resource = shown.resource as Record<string, any>;
    expect(resource.name).toEqual([{ text: NAME, family: '张', given: ['三丰'] }]);
    expect(resource.identifier).toEqual([{ system: MRN_SYSTEM, value: '*******5678' }, { system: RESIDENT_ID_CARD_SYSTEM, value: ID_NUMBER }]);
    expect(resource.telecom).toEqual([{ system: 'phone', value: PHONE }]);
    expect(resource.birthDate).toBe('1990-03-07');
    expect(resource.gender).toBe('***');
    expect(shown.masked.map((m) => m.field)).not.toContain('name');
  });

  it('pseudonymised grant: direct identifiers masked even when granted, the patient id a per-grant pseudonym', () => {
    const shown = present(patient(), PATIENT, grantClause(['name', 'gender', 'birthDate'], 'pseudonymised'));
    const resource = shown.resource as Record<string, any>;
    expect(shown.patientId).toBeNull();
    expect(resource.id).toBe(presenter.pseudonymiser('g-1')('Patient/p-1'));
    expect(resource.id).not.toBe(presenter.pseudonymiser('g-2')('Patient/p-1'));
    expect(resource.name).toEqual([{ text: '张**', family: '张', given: ['**'] }]);
    expect(resource.birthDate).toBe('1990-03-07');
    expect(shown.masked.find((m) => m.field === 'name')).toEqual({ field: 'name', strategy: 'name', reason: 'profile' });
    expect(JSON.stringify(resource)).not.toContain('p-1"');
  });

  it('de-identified grant: direct identifiers gone, quasi-identifiers generalised', () => {
    const shown = present(patient(), PATIENT, grantClause(['name', 'gender', 'birthDate', 'address'], 'de-identified'));
    const resource = shown.resource as Record<string, any>;
    expect(shown.patientId).toBeNull();
    expect(resource.name).toBeUndefined();
    expect(resource.identifier).toBeUndefined();
    expect(resource.telecom).toBeUndefined();
    expect(resource.contact).toBeUndefined();
    expect(resource.birthDate).toBe('1990');
    expect(resource.gender).toBe('***');
    expect(resource.address).toEqual([{ state: '北京市', city: '北京市', district: '朝阳区', text: '北京市朝阳区' }]);
    expect(resource.id).toMatch(/^p-[0-9a-f]{12}$/);
    const json = JSON.stringify(resource);
    for (const secret of [NAME, '张', ID_NUMBER, PHONE, CONTACT_NAME, '建国路', '1990-03-07']) expect(json).not.toContain(secret);
  });

  it('lab result under an identified grant: only granted values clear, patient and staff links pseudonymised, dates cut to the year', () => {
    const shown = present(observation(), LAB, grantClause(['testCode', 'resultQuantity'], 'identified', 'CLIN_LAB_REPORT'));
    const resource = shown.resource as Record<string, any>;
    expect(resource.code).toEqual(observation().code);
    expect(resource.valueQuantity).toEqual({ value: 131, unit: 'g/L' });
    expect(resource.subject).toEqual({ reference: `Patient/${presenter.pseudonymiser('g-1')('Patient/p-1')}`, display: '张**' });
    expect(resource.performer).toEqual([{ reference: `Practitioner/${presenter.pseudonymiser('g-1')('Practitioner/pr-1')}`, display: '孙*' }]);
    expect(resource.effectiveDateTime).toBe('2026');
    expect(shown.effectiveAt).toBeNull();
    expect(resource.issued).toBe('2026');
    for (const absent of ['referenceRange', 'interpretation', 'category', 'encounter', 'note']) expect(resource[absent]).toBeUndefined();
    // FHIR requires it, and it says nothing about the patient.
    expect(resource.status).toBe('final');
    expect(shown.omitted).toEqual(expect.arrayContaining(['category', 'referenceRange', 'interpretation', 'resultCode', 'resultText']));
    expect(shown.omitted).not.toContain('testCode');
    expect(JSON.stringify(resource)).not.toContain('Patient/p-1');
  });

  it('export view: fields outside the grant are left out, except the patient link the export groups records by', () => {
    const clause = grantClause(['testCode', 'resultQuantity'], 'identified', 'CLIN_LAB_REPORT');
    const shown = presentRecord(presenter, { resource: observation(), definition: LAB, clause, rules: DEFAULT_MASKING_RULES, catalogCode: LAB.code, patientId: 'p-1', outsideGrant: 'omit' });
    const resource = shown.resource as Record<string, any>;
    expect(Object.keys(resource)).toEqual(['resourceType', 'id', 'status', 'code', 'subject', 'valueQuantity']);
    expect(resource.subject).toEqual({ reference: `Patient/${presenter.pseudonymiser('g-1')('Patient/p-1')}`, display: '张**' });
    expect(shown.masked.map((m) => m.field)).toEqual(['patient']);
    expect(shown.omitted).toEqual(expect.arrayContaining(['performer', 'collectedAt', 'issued', 'encounter']));
    // The API's view of the same grant, asked for right after, still shows them masked.
    expect((present(observation(), LAB, clause).resource as Record<string, any>).performer).toHaveLength(1);
  });

  it('lists a field as masked only when the record has it', () => {
    const resource = patient();
    delete resource.telecom;
    const shown = present(resource, PATIENT, grantClause(['gender'], 'identified'));
    expect(shown.masked.map((m) => m.field)).not.toContain('phone');
    expect((shown.resource as Record<string, unknown>).telecom).toBeUndefined();
  });

  it('applies masking rules changed in the settings', () => {
    const rules: MaskingRule[] = [{ match: { fieldName: 'phone' }, strategy: 'redact' }, ...DEFAULT_MASKING_RULES];
    const shown = present(patient(), PATIENT, grantClause(['gender'], 'identified'), rules);
    expect((shown.resource as Record<string, any>).telecom).toEqual(['***'].map((value) => ({ system: 'phone', value })));
    expect(shown.masked.find((m) => m.field === 'phone')?.strategy).toBe('redact');
  });
});
