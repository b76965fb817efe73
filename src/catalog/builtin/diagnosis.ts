import type { CatalogResourceDefinition } from '../types.js';
import { encounterLink, freeText, patientLink, staffLink, text } from './fields.js';
import { CLINICAL_CARE_CONDITION } from './share-conditions.js';
import { PRIORITY_CATCH_ALL } from './systems.js';

/**
 * Diagnoses. They describe the patient's health, so GB/T 39725 health status [GK]. Diagnoses that
 * reveal level-5 conditions (HIV, psychiatric) are not split out here: CodingMatch matches exact
 * codes only, and ICD-10 chapters need ranges; see the catalog's limitations in the report.
 */
export const DIAGNOSIS: CatalogResourceDefinition = {
  code: 'CLIN_DIAGNOSIS',
  name: text('诊断', 'Diagnoses'),
  description: text(
    '门急诊与住院诊断、问题清单条目,含临床状态与确认状态。',
    'Outpatient, emergency and inpatient diagnoses and problem-list entries, with clinical and verification status.',
  ),
  category: 'clinical',
  gbCategory: 'health_status',
  ownerDepartmentCode: 'YWB',
  shareType: 'conditional',
  shareCondition: CLINICAL_CARE_CONDITION,
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['Condition'],
  matches: [{ resourceType: 'Condition', priority: PRIORITY_CATCH_ALL }],
  fields: [
    patientLink('Condition.subject'),
    encounterLink('Condition.encounter'),
    { name: 'diagnosisCode', label: text('诊断编码', 'Diagnosis code'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'Condition.code' },
    { name: 'category', label: text('诊断类别', 'Category'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Condition.category' },
    { name: 'clinicalStatus', label: text('临床状态', 'Clinical status'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Condition.clinicalStatus' },
    {
      name: 'verificationStatus',
      label: text('确认状态', 'Verification status'),
      type: 'code',
      level: 2,
      identifierKind: 'none',
      fhirPath: 'Condition.verificationStatus',
    },
    { name: 'onset', label: text('发病时间', 'Onset'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'Condition.onset' },
    { name: 'recordedDate', label: text('记录日期', 'Recorded date'), type: 'date', level: 3, identifierKind: 'quasi', fhirPath: 'Condition.recordedDate' },
    staffLink('recorder', text('诊断医师', 'Recorded by'), 'Condition.recorder'),
    freeText('note', text('备注', 'Note'), 'Condition.note'),
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
