import type { CatalogResourceDefinition } from '../../src/catalog/index.js';
import type { TestApp } from '../support/app.js';

const LAB = { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' };
const field = (name: string, fhirPath: string, level: 1 | 2 | 3 | 4 | 5, identifierKind: 'direct' | 'quasi' | 'none' = 'none') => ({ name, label: { zh: name, en: name }, type: 'string' as const, level, identifierKind, fhirPath });
const base = {
  description: { zh: '测试', en: 'test' },
  category: 'clinical' as const,
  gbCategory: 'health_status' as const,
  shareType: 'conditional' as const,
  shareCondition: { zh: '仅用于治疗', en: 'treatment only' },
  legalBasis: null,
  specialCategory: null,
  updateFrequency: 'realtime' as const,
  format: 'FHIR R4 JSON',
  status: 'published' as const,
};

/** A small catalog for repository tests, independent of the built-in one. */
export const TEST_CATALOG: CatalogResourceDefinition[] = [
  { ...base, code: 'T_PATIENT', name: { zh: '患者', en: 'Patient' }, gbCategory: 'personal_attributes', ownerDepartmentCode: 'YWB', defaultLevel: 4, fhirResourceTypes: ['Patient'], matches: [{ resourceType: 'Patient', priority: 10 }], fields: [field('name', 'Patient.name', 4, 'direct')] },
  { ...base, code: 'T_ENCOUNTER', name: { zh: '就诊', en: 'Encounter' }, ownerDepartmentCode: 'YWB', defaultLevel: 3, fhirResourceTypes: ['Encounter'], matches: [{ resourceType: 'Encounter', priority: 10 }], fields: [field('period', 'Encounter.period', 3)] },
  { ...base, code: 'T_LAB', name: { zh: '检验', en: 'Lab' }, ownerDepartmentCode: 'JYK', defaultLevel: 3, fhirResourceTypes: ['Observation'], matches: [{ resourceType: 'Observation', categories: [LAB], priority: 50 }], fields: [field('value', 'Observation.valueQuantity', 3)] },
  { ...base, code: 'T_VITALS', name: { zh: '体征', en: 'Vitals' }, ownerDepartmentCode: 'HLB', defaultLevel: 2, fhirResourceTypes: ['Observation'], matches: [{ resourceType: 'Observation', priority: 10 }], fields: [field('value', 'Observation.valueQuantity', 2)] },
  {
    ...base,
    code: 'T_HIV',
    name: { zh: 'HIV 检测', en: 'HIV test' },
    ownerDepartmentCode: 'JYK',
    defaultLevel: 5,
    specialCategory: 'infectious_disease',
    fhirResourceTypes: ['Observation'],
    matches: [{ resourceType: 'Observation', codes: [{ system: 'http://loinc.org', code: '75622-1' }], priority: 100 }],
    fields: [field('value', 'Observation.valueCodeableConcept', 5)],
  },
];

export async function loadTestCatalog(platform: TestApp): Promise<void> {
  await platform.catalog.seed(TEST_CATALOG);
}
