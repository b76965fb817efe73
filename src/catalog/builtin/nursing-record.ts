import type { CatalogResourceDefinition } from '../types.js';
import { encounterLink, freeText, patientLink, staffLink, text } from './fields.js';
import { CLINICAL_CARE_CONDITION } from './share-conditions.js';
import { OBSERVATION_CATEGORY, PRIORITY_CATEGORISED, V2_0074 } from './systems.js';

/**
 * Nursing records: vital signs and nursing assessments. FHIR R4 has no "nursing" observation
 * category, so nursing assessments are recognised by HL7 v2 table 0074 `NRS` (Nursing Service
 * Measures), a published code rather than a project invention.
 */
export const NURSING_RECORD: CatalogResourceDefinition = {
  code: 'CLIN_NURSING',
  name: text('护理记录', 'Nursing records'),
  description: text(
    '体温、脉搏、呼吸、血压等生命体征及护理评估(如跌倒、压力性损伤风险评估)记录。',
    'Vital signs (temperature, pulse, respiration, blood pressure) and nursing assessments such as fall or pressure-injury risk.',
  ),
  category: 'clinical',
  gbCategory: 'medical_application',
  ownerDepartmentCode: 'HLB',
  shareType: 'conditional',
  shareCondition: CLINICAL_CARE_CONDITION,
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['Observation'],
  matches: [
    { resourceType: 'Observation', categories: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }], priority: PRIORITY_CATEGORISED },
    { resourceType: 'Observation', categories: [{ system: V2_0074, code: 'NRS', display: 'Nursing Service Measures' }], priority: PRIORITY_CATEGORISED },
  ],
  fields: [
    patientLink('Observation.subject'),
    encounterLink('Observation.encounter'),
    { name: 'category', label: text('记录类别', 'Category'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Observation.category' },
    { name: 'item', label: text('观察项目', 'Observed item'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Observation.code' },
    { name: 'observedAt', label: text('观察时间', 'Observed at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'Observation.effective' },
    {
      name: 'valueQuantity',
      label: text('测量值', 'Measured value'),
      type: 'quantity',
      level: 3,
      identifierKind: 'none',
      fhirPath: 'Observation.value.ofType(Quantity)',
    },
    {
      name: 'valueCode',
      label: text('评估结果', 'Assessment result'),
      type: 'code',
      level: 3,
      identifierKind: 'none',
      fhirPath: 'Observation.value.ofType(CodeableConcept)',
    },
    {
      name: 'components',
      label: text('分项值(如收缩压/舒张压)', 'Components (e.g. systolic/diastolic)'),
      type: 'quantity',
      level: 3,
      identifierKind: 'none',
      fhirPath: 'Observation.component',
    },
    { name: 'interpretation', label: text('结果判读', 'Interpretation'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'Observation.interpretation' },
    staffLink('performer', text('记录护士', 'Recorded by'), 'Observation.performer'),
    freeText('note', text('护理备注', 'Nursing note'), 'Observation.note'),
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
