import { describe, expect, it } from 'vitest';
import type { Grant, MaskingProfile } from '../../access/index.js';
import { DEFAULT_MASKING_RULES } from '../../access/masking.js';
import { presentRecord, type Presenter } from '../../access/present.js';
import { compilePath } from '../../access/projection.js';
import { LAB_REPORT } from '../../catalog/builtin/lab-report.js';
import { PATIENT_BASIC_INFO } from '../../catalog/builtin/patient-basic-info.js';
import type { CatalogResourceDefinition } from '../../catalog/index.js';
import type { FhirResource } from '../../records/index.js';
import type { IdentificationLevel } from '../types.js';
import { actionTree, deidentifyResource, patientKeyOf } from './deidentify.js';
import { planRelease, releaseView } from './plan.js';
import { PSEUDONYM_PATTERN, makePseudonymiser } from './pseudonyms.js';

const OBSERVATION: FhirResource = {
  resourceType: 'Observation',
  id: 'fbfa7262-6b25-83c3-9bd6-f2d650853a8e',
  meta: { versionId: '2', lastUpdated: '2026-09-10T01:00:00Z', profile: ['http://hl7.org/fhir/StructureDefinition/Observation'] },
  identifier: [{ system: 'urn:yixiang:source:lis', value: 'LR79467815-0011' }],
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '6690-2' }], text: '白细胞计数' },
  subject: { reference: 'Patient/d3a5187e-5eed-8865-977e-5d7484e5bb0c', display: '王晶怡' },
  encounter: { reference: 'Encounter/12ca0fb8-0ed5-883f-9b17-244780680d9b' },
  effectiveDateTime: '2026-09-09T10:36:54+08:00',
  issued: '2026-09-09T13:36:54+08:00',
  performer: [{ reference: 'Practitioner/87d79f3c-60f1-8b2f-bbc1-3c87b95d2cf0', display: '程静婷' }],
  valueQuantity: { value: 17.66, unit: '10*9/L', system: 'http://unitsofmeasure.org', code: '10*9/L' },
};

const presenter: Presenter = { pseudonymiser: (scope) => (value) => `p-${scope}-${value.length}-${value.slice(-6)}` };

function grantOf(definition: CatalogResourceDefinition, fields: string[], maskingProfile: MaskingProfile): Grant {
  return {
    id: 'g1',
    grantee: { kind: 'department', id: 'd1' },
    catalogCode: definition.code,
    fields,
    patientScope: { kind: 'all' },
    purpose: 'research',
    channel: 'export',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2027-01-01T00:00:00.000Z',
    status: 'active',
    maskingProfile,
    shareRequestId: null,
    reason: null,
    createdBy: 'u1',
    createdAt: '2026-01-01T00:00:00.000Z',
    statusChangedAt: null,
    statusChangedBy: null,
    statusReason: null,
  };
}

/** What access hands the builder for this grant, through the real presentRecord. */
function released(resource: FhirResource, definition: CatalogResourceDefinition, grant: Grant, level: IdentificationLevel, shiftDays = 7) {
  const item = presentRecord(presenter, { resource, definition, clause: { basis: `grant:${grant.id}`, grant }, rules: DEFAULT_MASKING_RULES, catalogCode: definition.code, patientId: 'pid' });
  const plan = planRelease(definition, grant, level, DEFAULT_MASKING_RULES);
  const paths = new Map(definition.fields.map((field) => [field.name, compilePath(field.fhirPath)] as const));
  const { resource: view, actions } = releaseView(item, plan, (name) => paths.get(name));
  const pseudonymise = makePseudonymiser('HMAC-SHA-256', Buffer.alloc(32, 1));
  // De-identification works in place; keep what access showed for the assertions.
  const shown = { ...item, resource: structuredClone(item.resource) };
  return { item: shown, plan, out: deidentifyResource(view, actions, { level, pseudonymise, shiftDays: level === 'identified' ? 0 : shiftDays }) };
}

const LAB_FIELDS = ['patient', 'encounter', 'testCode', 'collectedAt', 'issued', 'resultQuantity'];

describe('release of a lab result at each identification level', () => {
  it('identified: exactly the granted fields, in clear, outside-grant identifiers gone', () => {
    const { item, out } = released(OBSERVATION, LAB_REPORT, grantOf(LAB_REPORT, LAB_FIELDS, 'identified'), 'identified');
    // Access shows the performer masked (outside the grant); a package leaves it out altogether.
    expect(item.resource.performer).toBeDefined();
    expect(out.performer).toBeUndefined();
    expect(out).toMatchObject({ id: OBSERVATION.id, subject: OBSERVATION.subject, effectiveDateTime: OBSERVATION.effectiveDateTime, valueQuantity: OBSERVATION.valueQuantity });
    expect(out.identifier).toBeUndefined();
    expect(out.meta).toEqual(OBSERVATION.meta);
  });

  it('pseudonymised: ids, references and dates replaced, intervals kept, no names', () => {
    const { out } = released(OBSERVATION, LAB_REPORT, grantOf(LAB_REPORT, LAB_FIELDS, 'pseudonymised'), 'pseudonymised', -12);
    expect(out.id).toMatch(PSEUDONYM_PATTERN);
    expect((out.subject as { reference: string }).reference).toMatch(/^Patient\/px-[0-9a-f]{32}$/);
    expect(out.subject).not.toHaveProperty('display');
    expect((out.encounter as { reference: string }).reference).toMatch(/^Encounter\/px-[0-9a-f]{32}$/);
    expect(out.effectiveDateTime).toBe('2026-08-28T10:36:54+08:00');
    expect(Date.parse(out.issued as string) - Date.parse(out.effectiveDateTime as string)).toBe(3 * 3_600_000);
    expect(out.meta).toEqual({ profile: OBSERVATION.meta && (OBSERVATION.meta as { profile: string[] }).profile });
    expect(JSON.stringify(out)).not.toMatch(/王|程|d3a5187e|12ca0fb8|87d79f3c|fbfa7262/);
  });

  it('de-identified on a de-identified grant: access already generalised, the package does not redo it', () => {
    const { plan, out } = released(OBSERVATION, LAB_REPORT, grantOf(LAB_REPORT, LAB_FIELDS, 'de-identified'), 'de-identified');
    expect(plan.reapply).toBe(false);
    expect(out.effectiveDateTime).toBe('2026');
    expect(out.issued).toBe('2026');
    expect(out.encounter).toBeUndefined();
    expect((out.subject as { reference: string }).reference).toMatch(/^Patient\/px-/);
    // The encounter link is a quasi-identifier; redaction removes the reference, so its column stays empty.
    expect(plan.quasiIdentifiers.map((q) => q.field.name)).toEqual(['encounter', 'collectedAt', 'issued']);
    expect(out.performer).toBeUndefined();
  });

  it('de-identified on an identified grant: the package applies the stricter treatment itself, with the same result', () => {
    const strict = released(OBSERVATION, LAB_REPORT, grantOf(LAB_REPORT, LAB_FIELDS, 'identified'), 'de-identified');
    expect(strict.plan.reapply).toBe(true);
    expect(strict.out.effectiveDateTime).toBe('2026');
    expect(strict.out.encounter).toBeUndefined();
    expect(strict.out.subject).toEqual({ reference: expect.stringMatching(/^Patient\/px-[0-9a-f]{32}$/) });
    expect(Object.keys(strict.out).sort()).toEqual(Object.keys(released(OBSERVATION, LAB_REPORT, grantOf(LAB_REPORT, LAB_FIELDS, 'de-identified'), 'de-identified').out).sort());
  });

  it('refuses a level weaker than the approved one', () => {
    expect(() => planRelease(LAB_REPORT, grantOf(LAB_REPORT, LAB_FIELDS, 'de-identified'), 'pseudonymised', DEFAULT_MASKING_RULES)).toThrow(/weaker/);
  });

  it('never modifies its input', () => {
    const copy = structuredClone(OBSERVATION);
    released(OBSERVATION, LAB_REPORT, grantOf(LAB_REPORT, LAB_FIELDS, 'identified'), 'de-identified');
    expect(OBSERVATION).toEqual(copy);
  });
});

describe('release of patient basic information', () => {
  const patient: FhirResource = {
    resourceType: 'Patient',
    id: 'pat-1',
    identifier: [
      { system: 'urn:yixiang:mrn', value: 'MRN79467815' },
      { system: 'urn:yixiang:id:resident-id-card', value: '439002198312070022' },
    ],
    name: [{ text: '王晶怡', family: '王', given: ['晶怡'] }],
    gender: 'female',
    birthDate: '1983-12-07',
    address: [{ text: '江南省江城市东湖区青年路17号', line: ['青年路17号'], city: '江城市', district: '东湖区', state: '江南省' }],
  };
  const fields = ['mrn', 'idNumber', 'name', 'gender', 'birthDate', 'address'];

  it('pseudonymised: direct identifiers masked by access are kept masked, not hashed', () => {
    const { out } = released(patient, PATIENT_BASIC_INFO, grantOf(PATIENT_BASIC_INFO, fields, 'pseudonymised'), 'pseudonymised', 3);
    expect(out.identifier).toEqual([
      { system: 'urn:yixiang:mrn', value: '*******7815' },
      { system: 'urn:yixiang:id:resident-id-card', value: '439***********0022' },
    ]);
    expect(out.name).toEqual([{ text: '王**', family: '王', given: ['**'] }]);
    expect(out.birthDate).toBe('1983-12-10');
    expect(out.id).toMatch(PSEUDONYM_PATTERN);
  });

  it('leaves no identifier shell behind when identifiers outside the grant are removed', () => {
    const { item, out } = released(patient, PATIENT_BASIC_INFO, grantOf(PATIENT_BASIC_INFO, ['gender', 'birthDate'], 'identified'), 'identified');
    expect(item.resource.identifier).toBeDefined();
    expect(out).toEqual({ resourceType: 'Patient', id: 'pat-1', gender: 'female', birthDate: '1983-12-07' });
  });

  it('de-identified: direct identifiers removed, quasi-identifiers generalised', () => {
    const { out, plan } = released(patient, PATIENT_BASIC_INFO, grantOf(PATIENT_BASIC_INFO, fields, 'identified'), 'de-identified');
    expect(out.identifier).toBeUndefined();
    expect(out.name).toBeUndefined();
    expect(out.birthDate).toBe('1983');
    expect(out.gender).toBe('***');
    expect(out.address).toEqual([{ city: '江城市', district: '东湖区', state: '江南省', text: '江南省江城市东湖区' }]);
    expect(plan.removed).toEqual(['mrn', 'idNumber', 'name']);
    expect(plan.columns.map((c) => c.field.name)).toEqual(['gender', 'birthDate', 'address']);
  });
});

describe('actions', () => {
  const identity = { level: 'identified' as const, pseudonymise: (v: string) => v, shiftDays: 0 };

  it('drop and mask by location; the outermost of nested locations wins; emptied parents go', () => {
    const resource: FhirResource = { resourceType: 'Patient', name: [{ text: '王晶怡', family: '王', given: ['晶怡'] }], contact: [{ name: { text: '张勇杰' } }], birthDate: '1983-12-07' };
    const actions = actionTree([
      { location: ['name'], action: { kind: 'mask', strategy: 'name' } },
      { location: ['name', 0, 'given'], action: { kind: 'drop' } },
      { location: ['contact', 0, 'name'], action: { kind: 'drop' } },
      { location: ['birthDate'], action: { kind: 'mask', strategy: 'birth-year' } },
    ]);
    expect(deidentifyResource(resource, actions, identity)).toEqual({ resourceType: 'Patient', name: [{ text: '王**', family: '王', given: ['**'] }], birthDate: '1983' });
    expect(() => actionTree([{ location: [], action: { kind: 'drop' } }])).toThrow(/whole resource/);
    expect(actionTree([])).toBeNull();
  });
});

describe('patientKeyOf', () => {
  it('groups records by their patient link', () => {
    expect(patientKeyOf(OBSERVATION)).toBe('Patient/d3a5187e-5eed-8865-977e-5d7484e5bb0c');
    expect(patientKeyOf({ resourceType: 'Patient', id: 'p-1' })).toBe('Patient/p-1');
    expect(patientKeyOf({ resourceType: 'Claim', id: 'c', patient: { reference: 'http://x/fhir/Patient/9' } })).toBe('Patient/9');
    expect(patientKeyOf({ resourceType: 'Device', id: 'd' })).toBe('Device/d');
  });
});
