import type { CatalogResourceDefinition } from '../types.js';
import { departmentField, patientLink, staffLink, text } from './fields.js';
import { CLINICAL_CARE_CONDITION } from './share-conditions.js';
import { PRIORITY_CATCH_ALL } from './systems.js';

/**
 * Visits: outpatient, emergency and inpatient visits. The visit number is `direct` because every
 * hospital system resolves it to the patient; dates, ward and bed are `quasi`.
 */
export const ENCOUNTER: CatalogResourceDefinition = {
  code: 'CLIN_ENCOUNTER',
  name: text('就诊记录', 'Visits and admissions'),
  description: text(
    '门诊、急诊与住院就诊记录,包括就诊科室、入出院时间、入院来源与离院方式。',
    'Outpatient, emergency and inpatient encounters: department, admission and discharge times, admission source and discharge disposition.',
  ),
  category: 'clinical',
  gbCategory: 'medical_application',
  ownerDepartmentCode: 'YWB',
  shareType: 'conditional',
  shareCondition: CLINICAL_CARE_CONDITION,
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['Encounter'],
  matches: [{ resourceType: 'Encounter', priority: PRIORITY_CATCH_ALL }],
  fields: [
    {
      name: 'visitNumber',
      label: text('就诊号/住院号', 'Visit or admission number'),
      type: 'identifier',
      level: 4,
      identifierKind: 'direct',
      fhirPath: 'Encounter.identifier',
    },
    patientLink('Encounter.subject'),
    { name: 'status', label: text('状态', 'Status'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Encounter.status' },
    { name: 'encounterClass', label: text('就诊类别', 'Encounter class'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Encounter.class' },
    { name: 'encounterType', label: text('就诊类型', 'Encounter type'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Encounter.type' },
    departmentField('Encounter'),
    { name: 'period', label: text('就诊起止时间', 'Period'), type: 'period', level: 3, identifierKind: 'quasi', fhirPath: 'Encounter.period' },
    { name: 'reason', label: text('就诊原因', 'Reason for visit'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'Encounter.reasonCode' },
    staffLink('attendingPractitioner', text('接诊医师', 'Attending practitioner'), 'Encounter.participant.individual'),
    {
      name: 'wardAndBed',
      label: text('病区床位', 'Ward and bed'),
      type: 'reference',
      level: 3,
      identifierKind: 'quasi',
      fhirPath: 'Encounter.location.location',
    },
    {
      name: 'admitSource',
      label: text('入院来源', 'Admission source'),
      type: 'code',
      level: 2,
      identifierKind: 'none',
      fhirPath: 'Encounter.hospitalization.admitSource',
    },
    {
      name: 'dischargeDisposition',
      label: text('离院方式', 'Discharge disposition'),
      type: 'code',
      level: 3,
      identifierKind: 'none',
      fhirPath: 'Encounter.hospitalization.dischargeDisposition',
    },
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
