import type { CatalogResourceDefinition, CodingMatch } from '../types.js';
import { anyOf, encounterLink, patientLink, staffLink, text } from './fields.js';
import { specialCategoryCondition } from './share-conditions.js';
import { LOINC, PRIORITY_SPECIAL } from './systems.js';

/**
 * LOINC codes of HIV, syphilis, hepatitis B and hepatitis C tests. Each was checked against a
 * published source before inclusion (loinc.org pages, FHIR implementation guides built on a stated
 * LOINC release, or LOINC mirrors that reproduce the term); codes that could not be confirmed were
 * left out rather than guessed, because a wrong code silently files an HIV result as an ordinary
 * lab result. The list is a floor, not a ceiling: the information administrator extends it.
 */
export const INFECTIOUS_DISEASE_TEST_CODES: CodingMatch[] = [
  { system: LOINC, code: '75622-1', display: 'HIV 1 and 2 tests - Meaningful Use set' },
  { system: LOINC, code: '7917-8', display: 'HIV 1 Ab [Presence] in Serum' },
  { system: LOINC, code: '56888-1', display: 'HIV 1+2 Ab+HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay' },
  { system: LOINC, code: '31201-7', display: 'HIV 1+2 Ab [Presence] in Serum or Plasma by Immunoassay' },
  { system: LOINC, code: '80387-4', display: 'HIV 1+2 Ab [Presence] in Serum, Plasma or Blood by Rapid immunoassay' },
  { system: LOINC, code: '25836-8', display: 'HIV 1 RNA [#/volume] (viral load) in Specimen by NAA with probe detection' },
  { system: LOINC, code: '20507-0', display: 'Reagin Ab [Presence] in Serum by RPR' },
  { system: LOINC, code: '71793-4', display: 'Treponema pallidum Ab [Titer] in Serum or Plasma by Agglutination' },
  { system: LOINC, code: '5196-1', display: 'Hepatitis B virus surface Ag [Presence] in Serum or Plasma by Immunoassay' },
  { system: LOINC, code: '5195-3', display: 'Hepatitis B virus surface Ag [Presence] in Serum' },
  { system: LOINC, code: '16128-1', display: 'Hepatitis C virus Ab [Presence] in Serum' },
  { system: LOINC, code: '11259-9', display: 'Hepatitis C virus RNA [Presence] in Serum or Plasma by NAA with probe detection' },
];

/**
 * Infectious-disease results (level 5). GB/T 39725 category health status rather than public
 * health: these are one patient's results held for care; tagging them public health would invite
 * the public-interest disclosure route, whereas statutory reporting already has its own channel
 * outside this platform. HBV is included because hepatitis B carrier status is a recognised ground
 * of employment discrimination in China [GK]; pre-operative screening (HIV, syphilis, HBV, HCV)
 * therefore lands here too.
 */
export const INFECTIOUS_RESULT: CatalogResourceDefinition = {
  code: 'CLIN_INFECTIOUS_RESULT',
  name: text('传染病检验结果', 'Infectious-disease test results'),
  description: text(
    'HIV、梅毒、乙肝、丙肝等传染病检验的报告与结果,含术前筛查。《艾滋病防治条例》第三十九条要求未经本人或其监护人同意不得公开可推断感染者身份的信息[S]。法定传染病报告经疾控报告系统进行,不经本平台。',
    'Reports and results of HIV, syphilis, hepatitis B and hepatitis C tests, including pre-operative screening. The AIDS Prevention and Control Regulations, Art. 39, forbid disclosing information that identifies an infected person without the consent of that person or their guardian [S]. Statutory notifiable-disease reporting goes through the disease-control reporting system, not this platform.',
  ),
  category: 'clinical',
  gbCategory: 'health_status',
  ownerDepartmentCode: 'JYK',
  shareType: 'conditional',
  shareCondition: specialCategoryCondition(
    text('涉及艾滋病病毒感染者的信息还须符合《艾滋病防治条例》第三十九条。', 'Information about a person living with HIV must also meet Art. 39 of the AIDS Prevention and Control Regulations.'),
  ),
  legalBasis: null,
  defaultLevel: 5,
  specialCategory: 'infectious_disease',
  fhirResourceTypes: ['Observation', 'DiagnosticReport'],
  matches: [
    { resourceType: 'Observation', codes: INFECTIOUS_DISEASE_TEST_CODES, priority: PRIORITY_SPECIAL },
    { resourceType: 'DiagnosticReport', codes: INFECTIOUS_DISEASE_TEST_CODES, priority: PRIORITY_SPECIAL },
  ],
  fields: [
    patientLink(anyOf('Observation.subject', 'DiagnosticReport.subject')),
    encounterLink(anyOf('Observation.encounter', 'DiagnosticReport.encounter')),
    {
      name: 'testCode',
      label: text('检验项目', 'Test'),
      type: 'code',
      level: 4,
      identifierKind: 'none',
      fhirPath: anyOf('Observation.code', 'DiagnosticReport.code'),
      description: text('检测项目本身即提示接受过相关检测', 'The test name alone shows that the person was tested'),
    },
    {
      name: 'collectedAt',
      label: text('采样时间', 'Collected at'),
      type: 'datetime',
      level: 3,
      identifierKind: 'quasi',
      fhirPath: anyOf('Observation.effective', 'DiagnosticReport.effective'),
    },
    { name: 'issued', label: text('报告时间', 'Issued at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: anyOf('Observation.issued', 'DiagnosticReport.issued') },
    { name: 'specimen', label: text('标本', 'Specimen'), type: 'reference', level: 3, identifierKind: 'quasi', fhirPath: anyOf('Observation.specimen', 'DiagnosticReport.specimen') },
    { name: 'resultQuantity', label: text('定量结果', 'Quantitative result'), type: 'quantity', level: 5, identifierKind: 'none', fhirPath: 'Observation.value.ofType(Quantity)' },
    { name: 'resultCode', label: text('定性结果', 'Qualitative result'), type: 'code', level: 5, identifierKind: 'none', fhirPath: 'Observation.value.ofType(CodeableConcept)' },
    { name: 'resultText', label: text('文本结果', 'Text result'), type: 'string', level: 5, identifierKind: 'none', fhirPath: 'Observation.value.ofType(string)' },
    { name: 'interpretation', label: text('结果判读', 'Interpretation'), type: 'code', level: 5, identifierKind: 'none', fhirPath: 'Observation.interpretation' },
    { name: 'conclusionCode', label: text('结论编码', 'Coded conclusion'), type: 'code', level: 5, identifierKind: 'none', fhirPath: 'DiagnosticReport.conclusionCode' },
    { name: 'conclusion', label: text('检验结论', 'Conclusion'), type: 'text', level: 5, identifierKind: 'quasi', fhirPath: 'DiagnosticReport.conclusion' },
    staffLink('performer', text('检验者', 'Performed by'), anyOf('Observation.performer', 'DiagnosticReport.performer')),
    {
      name: 'reportDocument',
      label: text('报告单', 'Report document'),
      type: 'attachment',
      level: 5,
      identifierKind: 'quasi',
      fhirPath: 'DiagnosticReport.presentedForm',
    },
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
