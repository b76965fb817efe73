import type { CatalogResourceDefinition } from '../types.js';
import { departmentField, encounterLink, freeText, patientLink, staffLink, text } from './fields.js';
import { CLINICAL_CARE_CONDITION } from './share-conditions.js';
import { PRIORITY_CATCH_ALL } from './systems.js';

/**
 * Treatment records: operations and other treatments. No single department owns them: the owner is
 * the clinical department that performed the procedure (ownerDepartmentCode null), read per record
 * from the department extension, so that department's head is the first reviewer of a request.
 */
export const PROCEDURE: CatalogResourceDefinition = {
  code: 'CLIN_PROCEDURE',
  name: text('治疗记录', 'Treatment records'),
  description: text(
    '手术、操作及其他治疗记录,由实施治疗的临床科室负责。',
    'Operations, interventions and other treatments; each record is owned by the clinical department that performed it.',
  ),
  category: 'clinical',
  gbCategory: 'medical_application',
  ownerDepartmentCode: null,
  shareType: 'conditional',
  shareCondition: CLINICAL_CARE_CONDITION,
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['Procedure'],
  matches: [{ resourceType: 'Procedure', priority: PRIORITY_CATCH_ALL }],
  fields: [
    patientLink('Procedure.subject'),
    encounterLink('Procedure.encounter'),
    departmentField('Procedure'),
    { name: 'procedureCode', label: text('治疗项目', 'Procedure'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'Procedure.code' },
    { name: 'category', label: text('治疗类别', 'Category'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Procedure.category' },
    { name: 'status', label: text('状态', 'Status'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Procedure.status' },
    { name: 'performedAt', label: text('实施时间', 'Performed at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'Procedure.performed' },
    staffLink('performer', text('实施者', 'Performed by'), 'Procedure.performer.actor'),
    { name: 'location', label: text('实施地点', 'Location'), type: 'reference', level: 2, identifierKind: 'none', fhirPath: 'Procedure.location' },
    { name: 'bodySite', label: text('部位', 'Body site'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'Procedure.bodySite' },
    { name: 'reason', label: text('治疗原因', 'Reason'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'Procedure.reasonCode' },
    { name: 'outcome', label: text('治疗结果', 'Outcome'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'Procedure.outcome' },
    { name: 'complication', label: text('并发症', 'Complications'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'Procedure.complication' },
    freeText('note', text('治疗备注', 'Note'), 'Procedure.note'),
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
