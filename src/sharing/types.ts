/**
 * The Share Request Form (《信息共享申请表》, policy 5.3 step 1) as data. A draft can be incomplete;
 * submission freezes it. Pre-checks read only these facts, the catalog and the policy settings.
 */
export const LEGAL_BASES = ['consent', 'treatment-contract', 'legal-duty', 'public-health-emergency', 'other'] as const;
export type LegalBasisKind = (typeof LEGAL_BASES)[number];

export const IDENTIFICATION_LEVELS = ['identified', 'pseudonymised', 'de-identified'] as const;
export type IdentificationLevel = (typeof IDENTIFICATION_LEVELS)[number];

export const DELIVERY_CHANNELS = ['api', 'export', 'external'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export interface RequestedField {
  name: string;
  justification?: string;
}

export interface RequestedResource {
  catalogCode: string;
  fields: RequestedField[];
  /**
   * Only records dated at or after this instant, for this resource alone (overrides the form's
   * `dataFrom`). A referral shares the last months of reports but the whole allergy list.
   */
  dataFrom?: string;
}

export type RequestedPatients =
  | { kind: 'patients'; patientIds: string[] }
  | { kind: 'criteria'; criteria: { departmentCode?: string; from?: string; to?: string; diagnosisCode?: string } }
  | { kind: 'all' };

export interface Recipient {
  kind: 'department' | 'institution';
  id: string;
}

export interface ShareRequestForm {
  recipient: Recipient;
  resources: RequestedResource[];
  purpose: string;
  legalBasis: { kind: LegalBasisKind; text?: string };
  patients: RequestedPatients;
  /** The period the data itself covers. */
  dataFrom?: string;
  dataTo?: string;
  /** How long access is needed, in days from approval. */
  accessDays: number;
  channel: DeliveryChannel;
  identification: IdentificationLevel;
  /** Whether the patients' separate consent (单独同意) is on record for this share. */
  consentOnRecord: boolean;
}
