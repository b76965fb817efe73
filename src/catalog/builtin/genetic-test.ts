import type { CatalogResourceDefinition, CodingMatch } from '../types.js';
import { anyOf, encounterLink, patientLink, staffLink, text } from './fields.js';
import { specialCategoryCondition } from './share-conditions.js';
import { LOINC, PRIORITY_SPECIAL, V2_0074 } from './systems.js';

/**
 * Genetic test codes seen in HL7's published genomics profiles (mCODE and Genomics Reporting): the
 * report code, the HL7 variant-reporting panel and the variant observation.
 */
export const GENETIC_TEST_CODES: CodingMatch[] = [
  { system: LOINC, code: '51969-4', display: 'Genetic analysis report' },
  { system: LOINC, code: '81247-9', display: 'Master HL7 genetic variant reporting panel' },
  { system: LOINC, code: '69548-6', display: 'Genetic variant assessment' },
];

/** HL7 v2 table 0074 `GE`, the section genomics reports and variant observations are filed under. */
const GENETICS_SECTION: CodingMatch = { system: V2_0074, code: 'GE', display: 'Genetics' };

/**
 * Genetic test results (level 5). A genome says something about relatives who never consented, and
 * cannot be changed once disclosed, hence level 5 with separate consent. Human genetic resource
 * information is also under the Regulations on the Administration of Human Genetic Resources, which
 * restrict providing it to foreign parties [GK]; the condition keeps such transfers out of this
 * platform altogether, the safer reading.
 */
export const GENETIC_TEST: CatalogResourceDefinition = {
  code: 'CLIN_GENETIC_TEST',
  name: text('基因检测结果', 'Genetic test results'),
  description: text(
    '基因检测报告与变异结果(胚系与体细胞),含检测基因、变异描述与临床意义解读。对外提供人类遗传资源信息的限制依据《人类遗传资源管理条例》[GK,条款未核实]。',
    'Genetic test reports and variant results (germline and somatic): genes tested, variant descriptions and clinical interpretation. The limit on providing human genetic resource information abroad rests on the Regulations on the Administration of Human Genetic Resources [GK, article not verified].',
  ),
  category: 'clinical',
  gbCategory: 'health_status',
  ownerDepartmentCode: 'JYK',
  shareType: 'conditional',
  shareCondition: specialCategoryCondition(
    text(
      '本平台不向境外组织、个人及其设立或实际控制的机构提供;人类遗传资源信息的对外提供受《中华人民共和国人类遗传资源管理条例》限制,须另行依法办理。',
      'Never provided through this platform to foreign organisations or individuals or to bodies they set up or control; providing human genetic resource information abroad is restricted by the Regulations on the Administration of Human Genetic Resources and must be handled separately under them.',
    ),
  ),
  legalBasis: null,
  defaultLevel: 5,
  specialCategory: 'genetic',
  fhirResourceTypes: ['DiagnosticReport', 'Observation'],
  matches: [
    { resourceType: 'DiagnosticReport', categories: [GENETICS_SECTION], priority: PRIORITY_SPECIAL },
    { resourceType: 'DiagnosticReport', codes: GENETIC_TEST_CODES, priority: PRIORITY_SPECIAL },
    { resourceType: 'Observation', categories: [GENETICS_SECTION], priority: PRIORITY_SPECIAL },
    { resourceType: 'Observation', codes: GENETIC_TEST_CODES, priority: PRIORITY_SPECIAL },
  ],
  fields: [
    patientLink(anyOf('DiagnosticReport.subject', 'Observation.subject')),
    encounterLink(anyOf('DiagnosticReport.encounter', 'Observation.encounter')),
    {
      name: 'testCode',
      label: text('检测项目', 'Test'),
      type: 'code',
      level: 4,
      identifierKind: 'none',
      fhirPath: anyOf('DiagnosticReport.code', 'Observation.code'),
      description: text('检测项目可提示所怀疑的遗传病', 'The test name can reveal the suspected hereditary condition'),
    },
    { name: 'category', label: text('检测类别', 'Section'), type: 'code', level: 2, identifierKind: 'none', fhirPath: anyOf('DiagnosticReport.category', 'Observation.category') },
    {
      name: 'collectedAt',
      label: text('采样时间', 'Collected at'),
      type: 'datetime',
      level: 3,
      identifierKind: 'quasi',
      fhirPath: anyOf('DiagnosticReport.effective', 'Observation.effective'),
    },
    { name: 'issued', label: text('报告时间', 'Issued at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: anyOf('DiagnosticReport.issued', 'Observation.issued') },
    { name: 'specimen', label: text('标本', 'Specimen'), type: 'reference', level: 3, identifierKind: 'quasi', fhirPath: anyOf('DiagnosticReport.specimen', 'Observation.specimen') },
    { name: 'result', label: text('检测结果', 'Result'), type: 'code', level: 5, identifierKind: 'quasi', fhirPath: 'Observation.value' },
    {
      name: 'variantDetails',
      label: text('变异详情(基因、HGVS描述等)', 'Variant details (gene, HGVS…)'),
      type: 'code',
      level: 5,
      identifierKind: 'quasi',
      fhirPath: 'Observation.component',
      description: text('基因组信息本身具有识别性,且涉及血缘亲属', 'Genomic data is itself identifying and concerns blood relatives too'),
    },
    { name: 'interpretation', label: text('临床意义', 'Clinical significance'), type: 'code', level: 5, identifierKind: 'none', fhirPath: 'Observation.interpretation' },
    { name: 'conclusionCode', label: text('结论编码', 'Coded conclusion'), type: 'code', level: 5, identifierKind: 'none', fhirPath: 'DiagnosticReport.conclusionCode' },
    { name: 'conclusion', label: text('检测结论', 'Conclusion'), type: 'text', level: 5, identifierKind: 'quasi', fhirPath: 'DiagnosticReport.conclusion' },
    staffLink('performer', text('检测者', 'Performed by'), anyOf('DiagnosticReport.performer', 'Observation.performer')),
    { name: 'reportDocument', label: text('报告单', 'Report document'), type: 'attachment', level: 5, identifierKind: 'quasi', fhirPath: 'DiagnosticReport.presentedForm' },
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
