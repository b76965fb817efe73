import type { CatalogResourceDefinition } from '../types.js';
import { anyOf, patientLink, text } from './fields.js';
import { PRIORITY_CATCH_ALL } from './systems.js';

/**
 * Reimbursement records: claims to medical insurance or commercial insurers (Claim) and their
 * adjudication (ExplanationOfBenefit). Claims carry diagnoses, so the class is financial but the
 * content is health information.
 */
export const REIMBURSEMENT: CatalogResourceDefinition = {
  code: 'FIN_REIMBURSEMENT',
  name: text('报销记录', 'Reimbursement records'),
  description: text(
    '向基本医疗保险及商业保险提交的报销申请及其审核结算结果,含申报诊断、项目、金额与支付信息。',
    'Claims submitted to basic medical insurance and commercial insurers and their adjudication: claimed diagnoses, items, amounts and payment.',
  ),
  category: 'financial',
  gbCategory: 'medical_payment',
  ownerDepartmentCode: 'CWB',
  shareType: 'conditional',
  shareCondition: text(
    '用于向申报单中列明的医保经办机构或保险公司申报、对账及财务审计;其他用途须取得患者同意;费用分析须先去标识化。',
    'For submission to and reconciliation with the medical-insurance agency or insurer named in the claim, and for financial audit; any other use needs the patient\'s consent; cost analysis on de-identified data.',
  ),
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['Claim', 'ExplanationOfBenefit'],
  matches: [
    { resourceType: 'Claim', priority: PRIORITY_CATCH_ALL },
    { resourceType: 'ExplanationOfBenefit', priority: PRIORITY_CATCH_ALL },
  ],
  fields: [
    patientLink(anyOf('Claim.patient', 'ExplanationOfBenefit.patient')),
    { name: 'claimType', label: text('报销类别', 'Claim type'), type: 'code', level: 2, identifierKind: 'none', fhirPath: anyOf('Claim.type', 'ExplanationOfBenefit.type') },
    { name: 'use', label: text('申报性质', 'Use'), type: 'code', level: 2, identifierKind: 'none', fhirPath: anyOf('Claim.use', 'ExplanationOfBenefit.use') },
    { name: 'createdAt', label: text('申报时间', 'Created at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: anyOf('Claim.created', 'ExplanationOfBenefit.created') },
    { name: 'insurer', label: text('付费方', 'Insurer'), type: 'reference', level: 2, identifierKind: 'none', fhirPath: anyOf('Claim.insurer', 'ExplanationOfBenefit.insurer') },
    {
      name: 'coverage',
      label: text('参保信息', 'Coverage'),
      type: 'reference',
      level: 3,
      identifierKind: 'quasi',
      fhirPath: anyOf('Claim.insurance.coverage', 'ExplanationOfBenefit.insurance.coverage'),
      description: text('指向含医保号的参保记录', 'Points to the coverage record holding the insurance number'),
    },
    {
      name: 'billablePeriod',
      label: text('费用期间', 'Billable period'),
      type: 'period',
      level: 3,
      identifierKind: 'quasi',
      fhirPath: anyOf('Claim.billablePeriod', 'ExplanationOfBenefit.billablePeriod'),
    },
    {
      name: 'diagnosis',
      label: text('申报诊断', 'Claimed diagnosis'),
      type: 'code',
      level: 3,
      identifierKind: 'none',
      fhirPath: anyOf('Claim.diagnosis.diagnosis', 'ExplanationOfBenefit.diagnosis.diagnosis'),
    },
    {
      name: 'items',
      label: text('申报项目', 'Claimed items'),
      type: 'code',
      level: 3,
      identifierKind: 'none',
      fhirPath: anyOf('Claim.item.productOrService', 'ExplanationOfBenefit.item.productOrService'),
    },
    { name: 'claimTotal', label: text('申报金额', 'Claimed total'), type: 'money', level: 3, identifierKind: 'none', fhirPath: 'Claim.total' },
    { name: 'outcome', label: text('审核结果', 'Outcome'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'ExplanationOfBenefit.outcome' },
    { name: 'disposition', label: text('审核说明', 'Disposition'), type: 'string', level: 3, identifierKind: 'none', fhirPath: 'ExplanationOfBenefit.disposition' },
    { name: 'adjudicatedTotal', label: text('核定金额', 'Adjudicated totals'), type: 'money', level: 3, identifierKind: 'none', fhirPath: 'ExplanationOfBenefit.total.amount' },
    { name: 'paymentAmount', label: text('支付金额', 'Payment amount'), type: 'money', level: 3, identifierKind: 'none', fhirPath: 'ExplanationOfBenefit.payment.amount' },
    { name: 'paymentDate', label: text('支付日期', 'Payment date'), type: 'date', level: 3, identifierKind: 'quasi', fhirPath: 'ExplanationOfBenefit.payment.date' },
  ],
  updateFrequency: 'daily',
  format: 'FHIR R4 JSON',
  status: 'published',
};
