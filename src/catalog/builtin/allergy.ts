import type { CatalogResourceDefinition } from '../types.js';
import { encounterLink, freeText, patientLink, staffLink, text } from './fields.js';
import { CLINICAL_CARE_CONDITION } from './share-conditions.js';
import { PRIORITY_CATCH_ALL } from './systems.js';

/**
 * Allergies. Kept as its own resource, apart from diagnoses, because partner hospitals need it on
 * every referral for patient safety, and a request can then ask for allergies alone (minimum
 * necessary). R4 AllergyIntolerance names its patient `patient`, not `subject`.
 */
export const ALLERGY: CatalogResourceDefinition = {
  code: 'CLIN_ALLERGY',
  name: text('过敏史', 'Allergies and intolerances'),
  description: text(
    '药物、食物及其他过敏与不耐受记录,含反应表现与严重程度;转诊时合作医院需据此保障用药安全。',
    'Drug, food and other allergies and intolerances with reactions and severity; partner hospitals need them on referral to prescribe safely.',
  ),
  category: 'clinical',
  gbCategory: 'health_status',
  ownerDepartmentCode: 'YWB',
  shareType: 'conditional',
  shareCondition: CLINICAL_CARE_CONDITION,
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['AllergyIntolerance'],
  matches: [{ resourceType: 'AllergyIntolerance', priority: PRIORITY_CATCH_ALL }],
  fields: [
    patientLink('AllergyIntolerance.patient'),
    encounterLink('AllergyIntolerance.encounter'),
    { name: 'substance', label: text('过敏原', 'Substance'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'AllergyIntolerance.code' },
    { name: 'allergyType', label: text('类型', 'Type'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'AllergyIntolerance.type' },
    { name: 'category', label: text('类别', 'Category'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'AllergyIntolerance.category' },
    { name: 'criticality', label: text('危重程度', 'Criticality'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'AllergyIntolerance.criticality' },
    {
      name: 'clinicalStatus',
      label: text('临床状态', 'Clinical status'),
      type: 'code',
      level: 2,
      identifierKind: 'none',
      fhirPath: 'AllergyIntolerance.clinicalStatus',
    },
    {
      name: 'verificationStatus',
      label: text('确认状态', 'Verification status'),
      type: 'code',
      level: 2,
      identifierKind: 'none',
      fhirPath: 'AllergyIntolerance.verificationStatus',
    },
    {
      name: 'reaction',
      label: text('反应表现', 'Reaction'),
      type: 'code',
      level: 3,
      identifierKind: 'none',
      fhirPath: 'AllergyIntolerance.reaction.manifestation',
    },
    {
      name: 'reactionSeverity',
      label: text('反应严重程度', 'Reaction severity'),
      type: 'code',
      level: 3,
      identifierKind: 'none',
      fhirPath: 'AllergyIntolerance.reaction.severity',
    },
    { name: 'onset', label: text('首次发生', 'Onset'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'AllergyIntolerance.onset' },
    { name: 'recordedDate', label: text('记录日期', 'Recorded date'), type: 'date', level: 3, identifierKind: 'quasi', fhirPath: 'AllergyIntolerance.recordedDate' },
    staffLink('recorder', text('记录人', 'Recorded by'), 'AllergyIntolerance.recorder'),
    freeText('note', text('备注', 'Note'), 'AllergyIntolerance.note'),
  ],
  updateFrequency: 'on_change',
  format: 'FHIR R4 JSON',
  status: 'published',
};
