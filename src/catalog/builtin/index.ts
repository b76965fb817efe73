import type { CatalogResourceDefinition } from '../types.js';
import { ALLERGY } from './allergy.js';
import { BILLING } from './billing.js';
import { CLINICAL_NOTE } from './clinical-note.js';
import { DIAGNOSIS } from './diagnosis.js';
import { ENCOUNTER } from './encounter.js';
import { EQUIPMENT } from './equipment.js';
import { GENETIC_TEST } from './genetic-test.js';
import { IMAGING_REPORT } from './imaging-report.js';
import { INFECTIOUS_RESULT } from './infectious-result.js';
import { LAB_REPORT } from './lab-report.js';
import { NURSING_RECORD } from './nursing-record.js';
import { PATIENT_BASIC_INFO } from './patient-basic-info.js';
import { PERSONNEL } from './personnel.js';
import { PRESCRIPTION } from './prescription.js';
import { PROCEDURE } from './procedure.js';
import { PSYCHIATRIC_NOTE } from './psychiatric-note.js';
import { REIMBURSEMENT } from './reimbursement.js';

/**
 * The catalog an installation starts with: every class of policy 5.1 (clinical, financial,
 * management), plus the level-5 resources that must be kept apart from the general ones. Seeded
 * once; the information administrator edits it from then on. The order is the one a reader of the
 * catalog page expects: patient, visit, record, results, treatment, money, management, then the
 * special categories. Routing picks the highest priority and only falls back to this order on a
 * tie; the tests keep ties to records that carry two departments' categories at once, or that match
 * two level-5 resources (either way the record stays level 5).
 */
export const BUILTIN_CATALOG: CatalogResourceDefinition[] = [
  PATIENT_BASIC_INFO,
  ENCOUNTER,
  DIAGNOSIS,
  CLINICAL_NOTE,
  NURSING_RECORD,
  LAB_REPORT,
  IMAGING_REPORT,
  PROCEDURE,
  PRESCRIPTION,
  ALLERGY,
  BILLING,
  REIMBURSEMENT,
  PERSONNEL,
  EQUIPMENT,
  INFECTIOUS_RESULT,
  PSYCHIATRIC_NOTE,
  GENETIC_TEST,
];

export { INFECTIOUS_DISEASE_TEST_CODES } from './infectious-result.js';
export { GENETIC_TEST_CODES } from './genetic-test.js';
export { PSYCHIATRIC_NOTE_TYPES } from './psychiatric-note.js';
export { PATIENT_LINK_FIELD } from './fields.js';
