/**
 * The resource catalog (资源目录): what information the hospital holds, how it is classified and how
 * sensitive each field is. Requests point at catalog resources; grants open them.
 */

/** Policy 5.1's three classes. */
export const POLICY_CATEGORIES = ['clinical', 'financial', 'management'] as const;
export type PolicyCategory = (typeof POLICY_CATEGORIES)[number];

/** GB/T 39725-2020 §6.1 data categories: 个人属性, 健康状况, 医疗应用, 医疗支付, 卫生资源, 公共卫生. */
export const GB_CATEGORIES = ['personal_attributes', 'health_status', 'medical_application', 'medical_payment', 'health_resources', 'public_health'] as const;
export type GbCategory = (typeof GB_CATEGORIES)[number];

/** 无条件共享 / 有条件共享 / 不予共享. */
export const SHARE_TYPES = ['unconditional', 'conditional', 'not_shareable'] as const;
export type ShareType = (typeof SHARE_TYPES)[number];

export type SensitivityLevel = 1 | 2 | 3 | 4 | 5;

/** Whether a field identifies a person on its own (direct), in combination (quasi), or not at all. */
export const IDENTIFIER_KINDS = ['direct', 'quasi', 'none'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export const FIELD_TYPES = ['string', 'text', 'code', 'identifier', 'date', 'datetime', 'number', 'boolean', 'reference', 'attachment', 'period', 'money', 'quantity'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const UPDATE_FREQUENCIES = ['realtime', 'daily', 'weekly', 'monthly', 'on_change'] as const;
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];

export const RESOURCE_STATUSES = ['draft', 'published', 'retired'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface CatalogField {
  /** Stable machine name, lowerCamelCase, unique within the resource (e.g. `idNumber`). */
  name: string;
  label: LocalizedText;
  type: FieldType;
  level: SensitivityLevel;
  identifierKind: IdentifierKind;
  /** FHIRPath-style location in the R4 resource (e.g. `Patient.identifier.where(system='urn:oid:2.16.156.10011.1.1')`). */
  fhirPath: string;
  description?: LocalizedText;
}

/** A coding that, when present, routes a FHIR resource to this catalog resource (e.g. an HIV LOINC code). */
export interface CodingMatch {
  system: string;
  code: string;
  display?: string;
}

/**
 * Which ingested FHIR resources belong to this catalog resource. Rules are tried from the highest
 * `priority`; a level-5 resource (HIV results) outranks the general one (laboratory reports).
 */
export interface RecordMatch {
  resourceType: string;
  /** Any of these codings in `category` (Observation, DiagnosticReport, DocumentReference…). */
  categories?: CodingMatch[];
  /** Any of these codings in `code` (or `type` for DocumentReference). */
  codes?: CodingMatch[];
  priority: number;
}

export interface CatalogResourceDefinition {
  /** Upper-case code, e.g. `CLIN_LAB_REPORT`; what requests and grants point at. */
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  category: PolicyCategory;
  gbCategory: GbCategory;
  /** Owner department code (e.g. `JYK` 检验科); `null` for "each clinical department owns its own". */
  ownerDepartmentCode: string | null;
  shareType: ShareType;
  /** Required for conditional sharing: the condition a request must meet. */
  shareCondition: LocalizedText | null;
  /** Required for not-shareable resources: the legal or policy basis. */
  legalBasis: LocalizedText | null;
  defaultLevel: SensitivityLevel;
  /** Explicit level-5 content (HIV and notifiable infectious disease results, psychiatric notes, genetic tests). */
  specialCategory: 'infectious_disease' | 'psychiatric' | 'genetic' | 'reproductive' | null;
  fhirResourceTypes: string[];
  matches: RecordMatch[];
  fields: CatalogField[];
  updateFrequency: UpdateFrequency;
  format: string;
  status: ResourceStatus;
}
