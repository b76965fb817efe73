import type { CatalogResourceDefinition } from '../types.js';
import { encounterLink, patientLink, staffLink, text } from './fields.js';
import { CLINICAL_CARE_CONDITION } from './share-conditions.js';
import { PRIORITY_CATCH_ALL } from './systems.js';

/**
 * Medical record documents: admission notes, progress notes, operation notes, discharge summaries.
 * Medical Affairs owns the medical record as a whole. The catch-all rule sits below the psychiatric
 * note rules, so a psychiatric document type never lands here.
 */
export const CLINICAL_NOTE: CatalogResourceDefinition = {
  code: 'CLIN_NOTE',
  name: text('病历文书', 'Clinical notes and medical record documents'),
  description: text(
    '入院记录、病程记录、手术记录、出院小结等病历文书及其附件。精神科文书单列于精神科病历资源。',
    'Admission notes, progress notes, operation notes, discharge summaries and other medical record documents with their attachments. Psychiatric documents are held in the separate psychiatric notes resource.',
  ),
  category: 'clinical',
  gbCategory: 'medical_application',
  ownerDepartmentCode: 'YWB',
  shareType: 'conditional',
  shareCondition: CLINICAL_CARE_CONDITION,
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['DocumentReference'],
  matches: [{ resourceType: 'DocumentReference', priority: PRIORITY_CATCH_ALL }],
  fields: [
    patientLink('DocumentReference.subject'),
    encounterLink('DocumentReference.context.encounter'),
    { name: 'documentType', label: text('文书类型', 'Document type'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'DocumentReference.type' },
    { name: 'documentClass', label: text('文书分类', 'Document class'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'DocumentReference.category' },
    { name: 'docStatus', label: text('文书状态', 'Document status'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'DocumentReference.docStatus' },
    { name: 'date', label: text('书写时间', 'Written at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'DocumentReference.date' },
    staffLink('author', text('书写人', 'Author'), 'DocumentReference.author'),
    {
      name: 'practiceSetting',
      label: text('临床专科', 'Clinical specialty'),
      type: 'code',
      level: 2,
      identifierKind: 'none',
      fhirPath: 'DocumentReference.context.practiceSetting',
    },
    { name: 'title', label: text('文书标题', 'Title'), type: 'string', level: 3, identifierKind: 'none', fhirPath: 'DocumentReference.description' },
    {
      name: 'content',
      label: text('文书内容', 'Document content'),
      type: 'attachment',
      level: 4,
      identifierKind: 'quasi',
      fhirPath: 'DocumentReference.content.attachment',
      description: text('完整文书通常含患者姓名、病案号等页眉信息', 'The full document usually carries the patient name and MRN in its header'),
    },
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
