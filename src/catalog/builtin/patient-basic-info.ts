import type { CatalogResourceDefinition } from '../types.js';
import { text } from './fields.js';
import { CLINICAL_CARE_CONDITION } from './share-conditions.js';
import { ETHNICITY_EXTENSION, MRN_SYSTEM, OCCUPATION_EXTENSION, PRIORITY_CATCH_ALL, RESIDENT_ID_CARD_SYSTEM } from './systems.js';

/**
 * Patient basic information. Level 4 because the record is built around direct identifiers (name,
 * MRN, ID card number, phone); GB/T 39725 classes it as personal attributes, not health data.
 * Address is `quasi` but level 4: a full street address reaches a single household, so masking must
 * generalise it to a district.
 */
export const PATIENT_BASIC_INFO: CatalogResourceDefinition = {
  code: 'CLIN_PATIENT',
  name: text('患者基本信息', 'Patient basic information'),
  description: text(
    '患者人口学与联系信息,由医务部统一维护的患者主索引。各临床记录通过患者引用关联至此。',
    'Patient demographics and contact details: the master patient index maintained by Medical Affairs. Every clinical record links here through its patient reference.',
  ),
  category: 'clinical',
  gbCategory: 'personal_attributes',
  ownerDepartmentCode: 'YWB',
  shareType: 'conditional',
  shareCondition: text(
    `${CLINICAL_CARE_CONDITION.zh}联系电话、身份证号与紧急联系人仅在申请目的确需联系或核验患者身份时提供。`,
    `${CLINICAL_CARE_CONDITION.en} Phone, ID card number and emergency contact only when the purpose requires reaching or verifying the patient.`,
  ),
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['Patient'],
  matches: [{ resourceType: 'Patient', priority: PRIORITY_CATCH_ALL }],
  fields: [
    {
      name: 'mrn',
      label: text('病案号', 'Medical record number'),
      type: 'identifier',
      level: 4,
      identifierKind: 'direct',
      fhirPath: `Patient.identifier.where(system='${MRN_SYSTEM}').value`,
    },
    {
      name: 'idNumber',
      label: text('居民身份证号', 'Resident ID card number'),
      type: 'identifier',
      level: 4,
      identifierKind: 'direct',
      fhirPath: `Patient.identifier.where(system='${RESIDENT_ID_CARD_SYSTEM}').value`,
      description: text('直接标识符,存储时须字段级加密', 'Direct identifier; encrypted at field level in storage'),
    },
    { name: 'name', label: text('姓名', 'Name'), type: 'string', level: 4, identifierKind: 'direct', fhirPath: 'Patient.name' },
    { name: 'gender', label: text('性别', 'Gender'), type: 'code', level: 2, identifierKind: 'quasi', fhirPath: 'Patient.gender' },
    { name: 'birthDate', label: text('出生日期', 'Date of birth'), type: 'date', level: 3, identifierKind: 'quasi', fhirPath: 'Patient.birthDate' },
    {
      name: 'phone',
      label: text('联系电话', 'Phone'),
      type: 'string',
      level: 4,
      identifierKind: 'direct',
      fhirPath: "Patient.telecom.where(system='phone').value",
    },
    { name: 'address', label: text('住址', 'Address'), type: 'string', level: 4, identifierKind: 'quasi', fhirPath: 'Patient.address' },
    {
      name: 'ethnicity',
      label: text('民族', 'Ethnicity'),
      type: 'code',
      level: 3,
      identifierKind: 'quasi',
      fhirPath: `Patient.extension.where(url='${ETHNICITY_EXTENSION}').value`,
      description: text('少数民族身份在本地人群中可缩小识别范围', 'Minority status narrows the candidates within a local population'),
    },
    { name: 'maritalStatus', label: text('婚姻状况', 'Marital status'), type: 'code', level: 3, identifierKind: 'quasi', fhirPath: 'Patient.maritalStatus' },
    {
      name: 'occupation',
      label: text('职业', 'Occupation'),
      type: 'code',
      level: 3,
      identifierKind: 'quasi',
      fhirPath: `Patient.extension.where(url='${OCCUPATION_EXTENSION}').value`,
    },
    {
      name: 'emergencyContactName',
      label: text('紧急联系人姓名', 'Emergency contact name'),
      type: 'string',
      level: 4,
      identifierKind: 'direct',
      fhirPath: 'Patient.contact.name',
      description: text('识别的是第三人(联系人),同样须保护', 'Identifies a third person, the contact, who is equally protected'),
    },
    {
      name: 'emergencyContactPhone',
      label: text('紧急联系人电话', 'Emergency contact phone'),
      type: 'string',
      level: 4,
      identifierKind: 'direct',
      fhirPath: "Patient.contact.telecom.where(system='phone').value",
    },
    {
      name: 'emergencyContactRelationship',
      label: text('与患者关系', 'Relationship to patient'),
      type: 'code',
      level: 2,
      identifierKind: 'none',
      fhirPath: 'Patient.contact.relationship',
    },
  ],
  updateFrequency: 'on_change',
  format: 'FHIR R4 JSON',
  status: 'published',
};
