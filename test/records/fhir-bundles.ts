/** Synthetic FHIR R4 bundles for ingest tests. Every value is invented. */
export const PATIENT_NAME = '测试患者甲';
export const ID_CARD = '110101199003074518';
export const PHONE = '13912345678';

export function patientBundle(type: 'transaction' | 'batch' = 'transaction', suffix = '1') {
  const patient = `urn:uuid:00000000-0000-4000-8000-00000000000${suffix}`;
  const encounter = `urn:uuid:00000000-0000-4000-8000-00000000010${suffix}`;
  return {
    resourceType: 'Bundle',
    type,
    entry: [
      {
        fullUrl: patient,
        resource: {
          resourceType: 'Patient',
          identifier: [
            { system: 'urn:yixiang:mrn', value: `MRN0000000${suffix}` },
            { system: 'urn:yixiang:id:resident-id-card', value: ID_CARD },
          ],
          name: [{ text: PATIENT_NAME, family: '测试', given: ['患者甲'] }],
          telecom: [{ system: 'phone', value: PHONE }],
          gender: 'male',
          birthDate: '1990-03-07',
        },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: encounter,
        resource: {
          resourceType: 'Encounter',
          identifier: [{ system: 'urn:yixiang:source:his', value: `ENC-${suffix}` }],
          extension: [{ url: 'urn:yixiang:extension:department', valueCode: 'NK' }],
          status: 'in-progress',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
          subject: { reference: patient },
          period: { start: '2026-11-20T08:00:00+08:00' },
        },
        request: { method: 'POST', url: 'Encounter' },
      },
      {
        resource: {
          resourceType: 'Observation',
          identifier: [{ system: 'urn:yixiang:source:lis', value: `LAB-${suffix}` }],
          extension: [{ url: 'urn:yixiang:extension:department', valueCode: 'JYK' }],
          status: 'final',
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
          code: { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin' }] },
          subject: { reference: patient },
          encounter: { reference: encounter },
          effectiveDateTime: '2026-11-21T09:00:00+08:00',
          valueQuantity: { value: 131, unit: 'g/L' },
        },
        request: { method: 'POST', url: 'Observation' },
      },
      {
        resource: {
          resourceType: 'Observation',
          identifier: [{ system: 'urn:yixiang:source:lis', value: `HIV-${suffix}` }],
          extension: [{ url: 'urn:yixiang:extension:department', valueCode: 'JYK' }],
          status: 'final',
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
          code: { coding: [{ system: 'http://loinc.org', code: '75622-1' }] },
          subject: { reference: patient },
          effectiveDateTime: '2026-11-21T09:30:00+08:00',
          valueCodeableConcept: { text: 'negative' },
        },
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  };
}
