import type { CatalogResourceDefinition, CodingMatch } from '../types.js';
import { anyOf, encounterLink, freeText, patientLink, staffLink, text } from './fields.js';
import { CLINICAL_CARE_CONDITION } from './share-conditions.js';
import { OBSERVATION_CATEGORY, PRIORITY_CATEGORISED, V2_0074 } from './systems.js';

/** HL7 v2 table 0074 sections the clinical laboratory (JYK) reports under. */
const LAB_SECTIONS: CodingMatch[] = [
  { system: V2_0074, code: 'LAB', display: 'Laboratory' },
  { system: V2_0074, code: 'HM', display: 'Hematology' },
  { system: V2_0074, code: 'CH', display: 'Chemistry' },
  { system: V2_0074, code: 'MB', display: 'Microbiology' },
  { system: V2_0074, code: 'IMM', display: 'Immunology' },
  { system: V2_0074, code: 'SR', display: 'Serology' },
  { system: V2_0074, code: 'BG', display: 'Blood Gases' },
];

/**
 * Laboratory reports: the report (DiagnosticReport) and its results (Observation). Results whose
 * code is an infectious-disease or genetic test route to the level-5 resources first; everything
 * else in a laboratory category lands here. This is the resource the "existing results" lookup
 * reads to avoid repeated tests (policy Ch.2 goal 2).
 */
export const LAB_REPORT: CatalogResourceDefinition = {
  code: 'CLIN_LAB_REPORT',
  name: text('检验报告', 'Laboratory reports'),
  description: text(
    '检验科出具的检验报告及各项检验结果(血常规、生化、免疫、微生物等)。传染病与基因检测结果另列为五级资源。',
    'Laboratory reports and individual results from the clinical laboratory (haematology, chemistry, immunology, microbiology…). Infectious-disease and genetic results are held in separate level-5 resources.',
  ),
  category: 'clinical',
  gbCategory: 'health_status',
  ownerDepartmentCode: 'JYK',
  shareType: 'conditional',
  shareCondition: CLINICAL_CARE_CONDITION,
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['DiagnosticReport', 'Observation'],
  matches: [
    { resourceType: 'DiagnosticReport', categories: LAB_SECTIONS, priority: PRIORITY_CATEGORISED },
    {
      resourceType: 'Observation',
      categories: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }, ...LAB_SECTIONS],
      priority: PRIORITY_CATEGORISED,
    },
  ],
  fields: [
    patientLink(anyOf('DiagnosticReport.subject', 'Observation.subject')),
    encounterLink(anyOf('DiagnosticReport.encounter', 'Observation.encounter')),
    { name: 'category', label: text('检验类别', 'Section'), type: 'code', level: 2, identifierKind: 'none', fhirPath: anyOf('DiagnosticReport.category', 'Observation.category') },
    { name: 'testCode', label: text('检验项目', 'Test'), type: 'code', level: 2, identifierKind: 'none', fhirPath: anyOf('DiagnosticReport.code', 'Observation.code') },
    {
      name: 'collectedAt',
      label: text('采样时间', 'Collected at'),
      type: 'datetime',
      level: 3,
      identifierKind: 'quasi',
      fhirPath: anyOf('DiagnosticReport.effective', 'Observation.effective'),
    },
    { name: 'issued', label: text('报告时间', 'Issued at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: anyOf('DiagnosticReport.issued', 'Observation.issued') },
    {
      name: 'specimen',
      label: text('标本', 'Specimen'),
      type: 'reference',
      level: 3,
      identifierKind: 'quasi',
      fhirPath: anyOf('DiagnosticReport.specimen', 'Observation.specimen'),
      description: text('标本条码可回溯至患者', 'The specimen barcode leads back to the patient'),
    },
    {
      name: 'resultQuantity',
      label: text('定量结果', 'Quantitative result'),
      type: 'quantity',
      level: 3,
      identifierKind: 'none',
      fhirPath: 'Observation.value.ofType(Quantity)',
    },
    {
      name: 'resultCode',
      label: text('定性结果', 'Qualitative result'),
      type: 'code',
      level: 3,
      identifierKind: 'none',
      fhirPath: 'Observation.value.ofType(CodeableConcept)',
    },
    { name: 'resultText', label: text('文本结果', 'Text result'), type: 'string', level: 3, identifierKind: 'none', fhirPath: 'Observation.value.ofType(string)' },
    { name: 'referenceRange', label: text('参考区间', 'Reference range'), type: 'string', level: 2, identifierKind: 'none', fhirPath: 'Observation.referenceRange' },
    { name: 'interpretation', label: text('结果提示', 'Interpretation'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'Observation.interpretation' },
    { name: 'results', label: text('报告包含的结果', 'Results in the report'), type: 'reference', level: 3, identifierKind: 'quasi', fhirPath: 'DiagnosticReport.result' },
    staffLink('performer', text('检验者', 'Performed by'), anyOf('DiagnosticReport.performer', 'Observation.performer')),
    staffLink('verifier', text('审核者', 'Verified by'), 'DiagnosticReport.resultsInterpreter'),
    freeText('conclusion', text('检验结论', 'Conclusion'), 'DiagnosticReport.conclusion'),
    {
      name: 'reportDocument',
      label: text('报告单', 'Report document'),
      type: 'attachment',
      level: 4,
      identifierKind: 'quasi',
      fhirPath: 'DiagnosticReport.presentedForm',
      description: text('报告单版式文件含患者姓名、病案号', 'The printed report carries the patient name and MRN'),
    },
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
