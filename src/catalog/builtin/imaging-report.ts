import type { CatalogResourceDefinition, CodingMatch } from '../types.js';
import { anyOf, encounterLink, freeText, patientLink, staffLink, text } from './fields.js';
import { CLINICAL_CARE_CONDITION } from './share-conditions.js';
import { OBSERVATION_CATEGORY, PRIORITY_CATCH_ALL, PRIORITY_CATEGORISED, V2_0074 } from './systems.js';

/** HL7 v2 table 0074 sections the imaging department (YXK) reports under. */
const IMAGING_SECTIONS: CodingMatch[] = [
  { system: V2_0074, code: 'RAD', display: 'Radiology' },
  { system: V2_0074, code: 'RX', display: 'Radiograph' },
  { system: V2_0074, code: 'CT', display: 'CAT Scan' },
  { system: V2_0074, code: 'NMR', display: 'Nuclear Magnetic Resonance' },
  { system: V2_0074, code: 'NMS', display: 'Nuclear Medicine Scan' },
  { system: V2_0074, code: 'RUS', display: 'Radiology Ultrasound' },
  { system: V2_0074, code: 'OUS', display: 'OB Ultrasound' },
  { system: V2_0074, code: 'VUS', display: 'Vascular Ultrasound' },
];

const IMAGING_OBSERVATION: CodingMatch = { system: OBSERVATION_CATEGORY, code: 'imaging', display: 'Imaging' };

/**
 * Imaging studies and reports: the study (ImagingStudy), the radiologist's report
 * (DiagnosticReport) and any measured findings (Observation, category `imaging`). Sharing the
 * report with a referral hospital is how the policy's "avoid repeated examinations" goal is met for
 * imaging.
 */
export const IMAGING_REPORT: CatalogResourceDefinition = {
  code: 'CLIN_IMAGING_REPORT',
  name: text('影像检查报告', 'Imaging studies and reports'),
  description: text(
    'X线、CT、MRI、超声、核医学等影像检查的检查信息、诊断报告及测量所见;影像文件经检查端点调阅。',
    'X-ray, CT, MRI, ultrasound and nuclear-medicine studies, their diagnostic reports and measured findings; images are retrieved through the study endpoint.',
  ),
  category: 'clinical',
  gbCategory: 'health_status',
  ownerDepartmentCode: 'YXK',
  shareType: 'conditional',
  shareCondition: CLINICAL_CARE_CONDITION,
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['ImagingStudy', 'DiagnosticReport', 'Observation'],
  matches: [
    { resourceType: 'ImagingStudy', priority: PRIORITY_CATCH_ALL },
    { resourceType: 'DiagnosticReport', categories: [...IMAGING_SECTIONS, IMAGING_OBSERVATION], priority: PRIORITY_CATEGORISED },
    { resourceType: 'Observation', categories: [IMAGING_OBSERVATION], priority: PRIORITY_CATEGORISED },
  ],
  fields: [
    patientLink(anyOf('ImagingStudy.subject', 'DiagnosticReport.subject', 'Observation.subject')),
    encounterLink(anyOf('ImagingStudy.encounter', 'DiagnosticReport.encounter', 'Observation.encounter')),
    {
      name: 'studyIdentifier',
      label: text('检查号', 'Study identifier'),
      type: 'identifier',
      level: 3,
      identifierKind: 'quasi',
      fhirPath: 'ImagingStudy.identifier',
      description: text('检查实例UID与检查号可在PACS中回溯至患者', 'Study Instance UID and accession number lead back to the patient in PACS'),
    },
    { name: 'modality', label: text('检查设备类型', 'Modality'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'ImagingStudy.modality' },
    { name: 'procedure', label: text('检查项目', 'Procedure'), type: 'code', level: 2, identifierKind: 'none', fhirPath: anyOf('ImagingStudy.procedureCode', 'DiagnosticReport.code') },
    { name: 'category', label: text('报告类别', 'Section'), type: 'code', level: 2, identifierKind: 'none', fhirPath: anyOf('DiagnosticReport.category', 'Observation.category') },
    { name: 'bodySite', label: text('检查部位', 'Body site'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'ImagingStudy.series.bodySite' },
    { name: 'startedAt', label: text('检查时间', 'Performed at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'ImagingStudy.started' },
    { name: 'instanceCount', label: text('图像数', 'Number of images'), type: 'number', level: 2, identifierKind: 'none', fhirPath: 'ImagingStudy.numberOfInstances' },
    { name: 'issued', label: text('报告时间', 'Issued at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'DiagnosticReport.issued' },
    { name: 'finding', label: text('测量所见', 'Measured finding'), type: 'quantity', level: 3, identifierKind: 'none', fhirPath: 'Observation.value' },
    { name: 'conclusionCode', label: text('诊断意见编码', 'Coded impression'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'DiagnosticReport.conclusionCode' },
    freeText('conclusion', text('诊断意见', 'Impression'), 'DiagnosticReport.conclusion'),
    staffLink('radiologist', text('报告医师', 'Reporting radiologist'), anyOf('ImagingStudy.interpreter', 'DiagnosticReport.resultsInterpreter')),
    {
      name: 'reportDocument',
      label: text('报告单', 'Report document'),
      type: 'attachment',
      level: 4,
      identifierKind: 'quasi',
      fhirPath: 'DiagnosticReport.presentedForm',
      description: text('报告单版式文件含患者姓名、检查号', 'The printed report carries the patient name and study number'),
    },
    {
      name: 'imageEndpoint',
      label: text('影像调阅端点', 'Image endpoint'),
      type: 'reference',
      level: 4,
      identifierKind: 'quasi',
      fhirPath: 'ImagingStudy.endpoint',
      description: text('DICOM影像文件头含患者姓名与编号', 'DICOM image headers carry the patient name and ID'),
    },
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};
