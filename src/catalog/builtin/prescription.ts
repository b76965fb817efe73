import type { CatalogResourceDefinition } from '../types.js';
import { anyOf, encounterLink, freeText, patientLink, staffLink, text } from './fields.js';
import { CLINICAL_CARE_CONDITION } from './share-conditions.js';
import { PRIORITY_CATCH_ALL } from './systems.js';

/**
 * Prescriptions and dispensing. Pharmacy owns both the order and its dispensing so that one
 * reviewer sees the whole medication history. The R4 dispense links its encounter through
 * `context`, not `encounter`.
 */
export const PRESCRIPTION: CatalogResourceDefinition = {
  code: 'CLIN_PRESCRIPTION',
  name: text('处方与发药记录', 'Prescriptions and dispensing'),
  description: text(
    '门急诊与住院处方(医嘱)及药房发药记录,含药品、用法用量、数量与发药时间。',
    'Outpatient, emergency and inpatient prescriptions (medication orders) and pharmacy dispensing: drug, dosage, quantity and hand-over time.',
  ),
  category: 'clinical',
  gbCategory: 'medical_application',
  ownerDepartmentCode: 'YJB',
  shareType: 'conditional',
  shareCondition: CLINICAL_CARE_CONDITION,
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['MedicationRequest', 'MedicationDispense'],
  matches: [
    { resourceType: 'MedicationRequest', priority: PRIORITY_CATCH_ALL },
    { resourceType: 'MedicationDispense', priority: PRIORITY_CATCH_ALL },
  ],
  fields: [
    patientLink(anyOf('MedicationRequest.subject', 'MedicationDispense.subject')),
    encounterLink(anyOf('MedicationRequest.encounter', 'MedicationDispense.context')),
    { name: 'medication', label: text('药品', 'Medication'), type: 'code', level: 3, identifierKind: 'none', fhirPath: anyOf('MedicationRequest.medication', 'MedicationDispense.medication') },
    { name: 'status', label: text('状态', 'Status'), type: 'code', level: 2, identifierKind: 'none', fhirPath: anyOf('MedicationRequest.status', 'MedicationDispense.status') },
    { name: 'authoredOn', label: text('开具时间', 'Prescribed at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'MedicationRequest.authoredOn' },
    staffLink('prescriber', text('开方医师', 'Prescriber'), 'MedicationRequest.requester'),
    {
      name: 'dosage',
      label: text('用法用量', 'Dosage'),
      type: 'text',
      level: 3,
      identifierKind: 'none',
      fhirPath: anyOf('MedicationRequest.dosageInstruction', 'MedicationDispense.dosageInstruction'),
    },
    {
      name: 'quantity',
      label: text('数量', 'Quantity'),
      type: 'quantity',
      level: 3,
      identifierKind: 'none',
      fhirPath: anyOf('MedicationRequest.dispenseRequest.quantity', 'MedicationDispense.quantity'),
    },
    { name: 'daysSupply', label: text('用药天数', 'Days supply'), type: 'quantity', level: 3, identifierKind: 'none', fhirPath: 'MedicationDispense.daysSupply' },
    { name: 'reason', label: text('用药原因', 'Reason'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'MedicationRequest.reasonCode' },
    { name: 'handedOverAt', label: text('发药时间', 'Handed over at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'MedicationDispense.whenHandedOver' },
    staffLink('dispenser', text('发药药师', 'Dispensed by'), 'MedicationDispense.performer.actor'),
    freeText('note', text('备注', 'Note'), anyOf('MedicationRequest.note', 'MedicationDispense.note')),
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
