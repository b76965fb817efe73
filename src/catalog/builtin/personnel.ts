import type { CatalogResourceDefinition } from '../types.js';
import { anyOf, departmentField, text } from './fields.js';
import { PRIORITY_CATCH_ALL, RESIDENT_ID_CARD_SYSTEM, STAFF_SYSTEM } from './systems.js';

/**
 * Personnel. Staff names, titles and practising certificates are shown publicly on duty rosters, so
 * they sit at level 2; ID card number, home address and personal phone are the staff member's own
 * personal information and keep the patient-grade levels.
 */
export const PERSONNEL: CatalogResourceDefinition = {
  code: 'MGMT_PERSONNEL',
  name: text('人事信息', 'Personnel'),
  description: text(
    '医务及职能人员的基本信息、执业资质、岗位与所属科室。',
    'Clinical and administrative staff: identity, professional qualifications, roles and departments.',
  ),
  category: 'management',
  gbCategory: 'health_resources',
  ownerDepartmentCode: 'YWB',
  shareType: 'conditional',
  shareCondition: text(
    '用于排班、资质核验、质量管理与人力资源统计,限于有管理职责的科室;身份证号、住址与私人电话仅在目的确需时提供;对外仅向监管部门或核验执业资质的合作机构提供。',
    'For rostering, credential checks, quality management and workforce statistics by departments with a management duty; ID card number, home address and personal phone only when the purpose requires them; outside the hospital only to regulators or to a partner institution verifying a practising licence.',
  ),
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['Practitioner', 'PractitionerRole'],
  matches: [
    { resourceType: 'Practitioner', priority: PRIORITY_CATCH_ALL },
    { resourceType: 'PractitionerRole', priority: PRIORITY_CATCH_ALL },
  ],
  fields: [
    {
      name: 'staffId',
      label: text('工号', 'Staff username'),
      type: 'identifier',
      level: 2,
      identifierKind: 'direct',
      fhirPath: `Practitioner.identifier.where(system='${STAFF_SYSTEM}').value`,
    },
    { name: 'name', label: text('姓名', 'Name'), type: 'string', level: 2, identifierKind: 'direct', fhirPath: 'Practitioner.name' },
    {
      name: 'idNumber',
      label: text('居民身份证号', 'Resident ID card number'),
      type: 'identifier',
      level: 4,
      identifierKind: 'direct',
      fhirPath: `Practitioner.identifier.where(system='${RESIDENT_ID_CARD_SYSTEM}').value`,
    },
    { name: 'gender', label: text('性别', 'Gender'), type: 'code', level: 2, identifierKind: 'quasi', fhirPath: 'Practitioner.gender' },
    { name: 'birthDate', label: text('出生日期', 'Date of birth'), type: 'date', level: 3, identifierKind: 'quasi', fhirPath: 'Practitioner.birthDate' },
    {
      name: 'phone',
      label: text('联系电话', 'Phone'),
      type: 'string',
      level: 3,
      identifierKind: 'direct',
      fhirPath: "Practitioner.telecom.where(system='phone').value",
    },
    { name: 'homeAddress', label: text('住址', 'Home address'), type: 'string', level: 4, identifierKind: 'quasi', fhirPath: 'Practitioner.address' },
    { name: 'qualification', label: text('执业资质', 'Qualification'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Practitioner.qualification.code' },
    {
      name: 'licenceNumber',
      label: text('执业证书编号', 'Practising certificate number'),
      type: 'identifier',
      level: 2,
      identifierKind: 'direct',
      fhirPath: 'Practitioner.qualification.identifier',
    },
    { name: 'active', label: text('在岗状态', 'Active'), type: 'boolean', level: 1, identifierKind: 'none', fhirPath: anyOf('Practitioner.active', 'PractitionerRole.active') },
    { name: 'practitioner', label: text('人员', 'Practitioner'), type: 'reference', level: 2, identifierKind: 'direct', fhirPath: 'PractitionerRole.practitioner' },
    departmentField('PractitionerRole'),
    { name: 'role', label: text('岗位/职称', 'Role or title'), type: 'code', level: 1, identifierKind: 'none', fhirPath: 'PractitionerRole.code' },
    { name: 'specialty', label: text('专业', 'Specialty'), type: 'code', level: 1, identifierKind: 'none', fhirPath: 'PractitionerRole.specialty' },
    { name: 'rolePeriod', label: text('任职期间', 'Role period'), type: 'period', level: 2, identifierKind: 'none', fhirPath: 'PractitionerRole.period' },
  ],
  updateFrequency: 'on_change',
  format: 'FHIR R4 JSON',
  status: 'published',
};
