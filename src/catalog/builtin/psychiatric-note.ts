import type { CatalogResourceDefinition, CodingMatch } from '../types.js';
import { departmentField, encounterLink, patientLink, text } from './fields.js';
import { LOINC, PRIORITY_SPECIAL } from './systems.js';

/**
 * LOINC document types for psychiatric and mental-health notes, taken from HL7 publications that
 * list them against LOINC (the C-CDA ConsultDocumentType value set and the US Behavioral Health
 * Profiles note-type value set, LOINC 2.77). The generic "Consult note" (11488-4) is deliberately
 * absent: it would pull every consultation into this resource.
 */
export const PSYCHIATRIC_NOTE_TYPES: CodingMatch[] = [
  { system: LOINC, code: '34788-0', display: 'Psychiatry Consult note' },
  { system: LOINC, code: '34102-4', display: 'Psychiatry Hospital Consult note' },
  { system: LOINC, code: '34785-6', display: 'Mental Health Consult Note' },
  { system: LOINC, code: '34791-4', display: 'Psychology Consult note' },
  { system: LOINC, code: '34904-3', display: 'Mental Health Progress Note' },
  { system: LOINC, code: '78263-1', display: 'Mental Health Discharge Summary Note' },
  { system: LOINC, code: '78306-8', display: 'Mental Health History and Physical Note' },
  { system: LOINC, code: '78472-8', display: 'Mental Health Procedure Note' },
];

/**
 * Psychiatric notes (level 5, not shareable). The Mental Health Law, Art. 4 para. 3, obliges every
 * unit and individual to keep a patient's medical records and anything that could reveal identity
 * confidential, save for disclosure needed to perform a statutory duty (text seen in a secondary
 * publication of the law [S]). Read strictly, as COMPLIANCE.md asks, that leaves no room for the
 * discretionary sharing this platform grants, so the resource is not shareable. Care is unaffected:
 * the treating team reads it through the care relationship, not through a share request, and
 * statutory reports (severe mental disorder reporting, Art. 24 [S]) use their own channel. The
 * owner is the producing department because the demo hospital has no psychiatry department of its
 * own.
 */
export const PSYCHIATRIC_NOTE: CatalogResourceDefinition = {
  code: 'CLIN_PSYCH_NOTE',
  name: text('精神科病历', 'Psychiatric and mental-health notes'),
  description: text(
    '精神科及心理专业的会诊记录、病程记录、入院记录、出院小结与操作记录。不经共享申请提供;诊疗团队基于诊疗关系查阅,依法报告(如严重精神障碍发病报告)经法定渠道进行。法律依据条文取自法律文本的公开转载[S]。',
    'Psychiatric and psychology consultation, progress, admission, discharge and procedure notes. Not released through share requests; the treating team reads them through the care relationship, and statutory reports (such as severe mental disorder reporting) use their own channels. The legal basis quotes the law as republished by secondary sources [S].',
  ),
  category: 'clinical',
  gbCategory: 'medical_application',
  ownerDepartmentCode: null,
  shareType: 'not_shareable',
  shareCondition: null,
  legalBasis: text(
    '《中华人民共和国精神卫生法》第四条第三款:有关单位和个人应当对精神障碍患者的姓名、肖像、住址、工作单位、病历资料以及其他可能推断出其身份的信息予以保密;但是,依法履行职责需要公开的除外。',
    "Mental Health Law of the PRC, Art. 4 para. 3: units and individuals concerned shall keep confidential the names, portraits, addresses, workplaces, medical records and any other information from which the identity of a patient with a mental disorder could be inferred, except where disclosure is needed to perform duties under the law.",
  ),
  defaultLevel: 5,
  specialCategory: 'psychiatric',
  fhirResourceTypes: ['DocumentReference'],
  matches: [{ resourceType: 'DocumentReference', codes: PSYCHIATRIC_NOTE_TYPES, priority: PRIORITY_SPECIAL }],
  fields: [
    patientLink('DocumentReference.subject'),
    encounterLink('DocumentReference.context.encounter'),
    {
      name: 'documentType',
      label: text('文书类型', 'Document type'),
      type: 'code',
      level: 5,
      identifierKind: 'none',
      fhirPath: 'DocumentReference.type',
      description: text('文书类型本身即揭示接受精神科诊疗', 'The document type alone reveals psychiatric care'),
    },
    {
      ...departmentField('DocumentReference'),
      level: 5,
      description: text('记录归属的科室;精神科科室代码本身即揭示精神科诊疗', 'The owning department; a psychiatry department code itself reveals psychiatric care'),
    },
    {
      name: 'practiceSetting',
      label: text('临床专科', 'Clinical specialty'),
      type: 'code',
      level: 5,
      identifierKind: 'none',
      fhirPath: 'DocumentReference.context.practiceSetting',
    },
    { name: 'date', label: text('书写时间', 'Written at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'DocumentReference.date' },
    {
      name: 'author',
      label: text('书写人', 'Author'),
      type: 'reference',
      level: 3,
      identifierKind: 'direct',
      fhirPath: 'DocumentReference.author',
      description: text('书写人是精神科医师,可间接揭示精神科诊疗', "The author is a psychiatrist, which indirectly reveals psychiatric care"),
    },
    { name: 'title', label: text('文书标题', 'Title'), type: 'string', level: 5, identifierKind: 'none', fhirPath: 'DocumentReference.description' },
    { name: 'content', label: text('文书内容', 'Document content'), type: 'attachment', level: 5, identifierKind: 'quasi', fhirPath: 'DocumentReference.content.attachment' },
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
