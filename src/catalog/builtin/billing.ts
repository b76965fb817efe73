import type { CatalogResourceDefinition } from '../types.js';
import { anyOf, encounterLink, patientLink, text } from './fields.js';
import { PRIORITY_CATCH_ALL } from './systems.js';

/**
 * Billing settlement: charge items and the invoices that settle them. Charge codes reveal which
 * services a patient received, so they are health information at level 3 even in the finance class.
 */
export const BILLING: CatalogResourceDefinition = {
  code: 'FIN_BILLING',
  name: text('费用结算', 'Billing and settlement'),
  description: text(
    '门急诊与住院收费明细(收费项目、数量、金额、执行科室)及结算发票。',
    'Outpatient, emergency and inpatient charge items (service, quantity, amount, performing department) and the settlement invoices.',
  ),
  category: 'financial',
  gbCategory: 'medical_payment',
  ownerDepartmentCode: 'CWB',
  shareType: 'conditional',
  shareCondition: text(
    '用于该患者的费用结算、医保结算与报销、财务审计及成本核算;临床科室仅限本科室产生的费用;对外仅向医保经办机构等付费方提供,或取得患者同意;成本分析须先去标识化。',
    "For this patient's settlement, medical-insurance settlement and reimbursement, financial audit and cost accounting; a clinical department sees only charges it produced; outside the hospital only to the payer (the medical-insurance agency) or with the patient's consent; cost analysis on de-identified data.",
  ),
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['ChargeItem', 'Invoice'],
  matches: [
    { resourceType: 'ChargeItem', priority: PRIORITY_CATCH_ALL },
    { resourceType: 'Invoice', priority: PRIORITY_CATCH_ALL },
  ],
  fields: [
    patientLink(anyOf('ChargeItem.subject', 'Invoice.subject')),
    encounterLink('ChargeItem.context'),
    { name: 'chargeCode', label: text('收费项目', 'Charge code'), type: 'code', level: 3, identifierKind: 'none', fhirPath: 'ChargeItem.code' },
    { name: 'quantity', label: text('数量', 'Quantity'), type: 'quantity', level: 2, identifierKind: 'none', fhirPath: 'ChargeItem.quantity' },
    { name: 'servicedAt', label: text('服务时间', 'Serviced at'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'ChargeItem.occurrence' },
    { name: 'price', label: text('金额', 'Price'), type: 'money', level: 3, identifierKind: 'none', fhirPath: 'ChargeItem.priceOverride' },
    {
      name: 'performingDepartment',
      label: text('执行科室', 'Performing department'),
      type: 'reference',
      level: 2,
      identifierKind: 'none',
      fhirPath: 'ChargeItem.performingOrganization',
    },
    { name: 'invoiceNumber', label: text('发票号', 'Invoice number'), type: 'identifier', level: 3, identifierKind: 'quasi', fhirPath: 'Invoice.identifier' },
    { name: 'invoiceDate', label: text('开票日期', 'Invoice date'), type: 'datetime', level: 3, identifierKind: 'quasi', fhirPath: 'Invoice.date' },
    { name: 'invoiceStatus', label: text('发票状态', 'Invoice status'), type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Invoice.status' },
    { name: 'lineItems', label: text('发票明细', 'Line items'), type: 'reference', level: 3, identifierKind: 'none', fhirPath: 'Invoice.lineItem' },
    { name: 'totalNet', label: text('净额', 'Total net'), type: 'money', level: 3, identifierKind: 'none', fhirPath: 'Invoice.totalNet' },
    { name: 'totalGross', label: text('总额', 'Total gross'), type: 'money', level: 3, identifierKind: 'none', fhirPath: 'Invoice.totalGross' },
    {
      name: 'recipient',
      label: text('缴款人', 'Invoice recipient'),
      type: 'reference',
      level: 4,
      identifierKind: 'direct',
      fhirPath: 'Invoice.recipient',
      description: text('缴款人可能是患者本人或其亲属', 'The payer may be the patient or a relative'),
    },
    { name: 'account', label: text('结算账户', 'Account'), type: 'reference', level: 3, identifierKind: 'quasi', fhirPath: anyOf('ChargeItem.account', 'Invoice.account') },
  ],
  updateFrequency: 'daily',
  format: 'FHIR R4 JSON',
  status: 'published',
};
