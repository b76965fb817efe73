export const ROLES = ['system_admin', 'info_admin', 'dept_head', 'staff', 'auditor', 'privacy_officer'] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['active', 'suspended', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface LocalizedName {
  zh: string;
  en: string;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: LocalizedName | null;
  roles: Role[];
  status: UserStatus;
  email: string | null;
  phone: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Two-step sign-in (TOTP): whether the user has a factor, and whether their roles demand one. */
  mfa: UserMfa;
}

export interface UserMfa {
  enrolled: boolean;
  /** The user holds a role listed in the policy setting `auth.mfa` `requiredRoles`. */
  required: boolean;
  enrolledAt: string | null;
  recoveryCodesLeft: number;
}

/** A pending TOTP enrolment; the secret is shown this once and never returned after confirmation. */
export interface TotpEnrolment {
  /** Base32, 32 characters (160 bits). */
  secret: string;
  otpauthUri: string;
  expiresAt: string;
}

/** Single-use recovery codes (`xxxx-xxxx`), shown once; the server keeps only their hashes. */
export interface RecoveryCodes {
  recoveryCodes: string[];
}

/** The second factor sent with username and password when the server asked for one. */
export type SecondFactor = { otp: string } | { recoveryCode: string };

export interface Me {
  user: User;
  permissions: string[];
}

export interface LoginResponse {
  accessToken: string;
  expiresAt: string;
  user: User;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface ItemList<T> {
  items: T[];
}

export interface UserQuery {
  q?: string;
  departmentId?: string;
  status?: UserStatus;
  role?: Role;
  limit?: number;
  cursor?: string;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  departmentId: string | null;
  roles: Role[];
  password: string;
  email?: string;
  phone?: string;
}

export interface UpdateUserInput {
  displayName?: string;
  departmentId?: string | null;
  roles?: Role[];
  status?: UserStatus;
  email?: string | null;
  phone?: string | null;
}

export const DEPARTMENT_TYPES = ['clinical', 'medical_technical', 'administrative'] as const;
export type DepartmentType = (typeof DEPARTMENT_TYPES)[number];

export const DEPARTMENT_STATUSES = ['active', 'inactive'] as const;
export type DepartmentStatus = (typeof DEPARTMENT_STATUSES)[number];

export interface Department {
  id: string;
  code: string;
  name: LocalizedName;
  type: DepartmentType;
  status: DepartmentStatus;
  createdAt: string;
  updatedAt: string;
}

export interface CreateDepartmentInput {
  code: string;
  name: LocalizedName;
  type: DepartmentType;
}

export interface UpdateDepartmentInput {
  name?: LocalizedName;
  type?: DepartmentType;
  status?: DepartmentStatus;
}

export const INSTITUTION_KINDS = ['referral_hospital', 'partner_hospital', 'community_health_centre'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const INSTITUTION_STATUSES = ['active', 'suspended', 'terminated'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];

export interface Institution {
  id: string;
  code: string;
  name: LocalizedName;
  kind: InstitutionKind;
  status: InstitutionStatus;
  agreementStart: string | null;
  agreementEnd: string | null;
  contactName: string | null;
  contactPhone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateInstitutionInput {
  code: string;
  name: LocalizedName;
  kind: InstitutionKind;
  agreementStart?: string | null;
  agreementEnd?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

/** The code is the institution's identity towards partners and cannot change; status can only be set after creation. */
export type UpdateInstitutionInput = Partial<Omit<CreateInstitutionInput, 'code'>> & { status?: InstitutionStatus };

export const API_CLIENT_STATUSES = ['active', 'suspended', 'revoked'] as const;
export type ApiClientStatus = (typeof API_CLIENT_STATUSES)[number];

export interface ApiClientKey {
  kid: string | null;
  kty: string | null;
  alg: string | null;
}

export interface ApiClient {
  id: string;
  institutionId: string;
  clientId: string;
  name: string;
  status: ApiClientStatus;
  keys: ApiClientKey[];
  createdAt: string;
  updatedAt: string;
}

export interface RegisterApiClientInput {
  name: string;
  jwks?: object;
  publicKeyPem?: string;
}

/** The actions the server records; the list mirrors the server's audit schema. */
export const AUDIT_ACTIONS = [
  'login',
  'logout',
  'login_failed',
  'read',
  'search',
  'create',
  'update',
  'delete',
  'export',
  'decision',
  'grant',
  'revoke',
  'emergency_access',
  'setting_change',
  'key_operation',
  'system',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['success', 'denied', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_ACTOR_TYPES = ['user', 'api_client', 'system', 'anonymous'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export interface AuditActor {
  /** One of AUDIT_ACTOR_TYPES; typed as string because the log outlives any one version of the list. */
  type: string;
  id: string | null;
  /** Username or client id at the time of the event, kept even if the account is renamed later. */
  name: string | null;
  roles: string[];
  departmentId: string | null;
}

export interface AuditEntry {
  seq: number;
  recordedAt: string;
  actor: AuditActor;
  action: string;
  objectType: string | null;
  objectId: string | null;
  patientId: string | null;
  purposeOfUse: string | null;
  grantId: string | null;
  accessBasis: string | null;
  outcome: string;
  reason: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** A signed tree head of the audit log's Merkle tree; hashes are lowercase hex, the signature base64. */
export interface Checkpoint {
  treeSize: number;
  rootHash: string;
  hashAlgorithm: string;
  signedAt: string;
  keyId: string;
  signatureAlgorithm: string;
  signature: string;
}

/** RFC 9162 inclusion proof of one entry against `checkpoint`; `hashes` is the audit path, leaf side first. */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  hashes: string[];
  checkpoint: Checkpoint;
}

export interface AuditEntryWithProof {
  entry: AuditEntry;
  proof: InclusionProof;
}

/** Keyset page of the audit API: `nextCursor` is the number to pass as `cursor` for the next (older) page. */
export interface SeqPage<T> {
  items: T[];
  nextCursor: number | null;
}

export interface AuditEventQuery {
  /** ISO date-time, inclusive. */
  from?: string;
  /** ISO date-time, exclusive. */
  to?: string;
  /** User id or username. */
  actor?: string;
  /** Department id of the actor. */
  department?: string;
  patient?: string;
  action?: AuditAction;
  outcome?: AuditOutcome;
  grant?: string;
  objectType?: string;
  objectId?: string;
  limit?: number;
  cursor?: number;
}

export interface CheckpointQuery {
  limit?: number;
  cursor?: number;
}

export const VERIFICATION_MODES = ['incremental', 'full'] as const;
export type VerificationMode = (typeof VERIFICATION_MODES)[number];

/** A recorded verification run of the audit log (ADR 0017); an incremental run covers [fromSize, treeSize). */
export interface VerificationRun {
  id: string;
  mode: VerificationMode;
  /** The signed checkpoint the run started from (0 for a full run). */
  fromSize: number;
  treeSize: number;
  rootHash: string | null;
  ok: boolean;
  /** Entries re-hashed by this run (for an incremental run, only those after `fromSize`). */
  entriesChecked: number;
  checkpointsChecked: number;
  problem: string | null;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** 'schedule', 'report', 'bench', or the id of the user who asked for the run. */
  trigger: string;
}

export const AUDIT_EXPORT_FORMATS = ['ndjson', 'fhir', 'syslog'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

// ── Resource catalog (资源目录); the lists mirror the server's catalog schema ──

/** Policy 5.1's three classes of information. */
export const POLICY_CATEGORIES = ['clinical', 'financial', 'management'] as const;
export type PolicyCategory = (typeof POLICY_CATEGORIES)[number];

/** GB/T 39725-2020 data categories: 个人属性, 健康状况, 医疗应用, 医疗支付, 卫生资源, 公共卫生. */
export const GB_CATEGORIES = ['personal_attributes', 'health_status', 'medical_application', 'medical_payment', 'health_resources', 'public_health'] as const;
export type GbCategory = (typeof GB_CATEGORIES)[number];

/** 无条件共享 / 有条件共享 / 不予共享. */
export const SHARE_TYPES = ['unconditional', 'conditional', 'not_shareable'] as const;
export type ShareType = (typeof SHARE_TYPES)[number];

export const SENSITIVITY_LEVELS = [1, 2, 3, 4, 5] as const;
export type SensitivityLevel = (typeof SENSITIVITY_LEVELS)[number];

export const IDENTIFIER_KINDS = ['direct', 'quasi', 'none'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export const FIELD_TYPES = ['string', 'text', 'code', 'identifier', 'date', 'datetime', 'number', 'boolean', 'reference', 'attachment', 'period', 'money', 'quantity'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const UPDATE_FREQUENCIES = ['realtime', 'daily', 'weekly', 'monthly', 'on_change'] as const;
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];

export const RESOURCE_STATUSES = ['draft', 'published', 'retired'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/** Level-5 content kept apart from the general resources. */
export const SPECIAL_CATEGORIES = ['infectious_disease', 'psychiatric', 'genetic', 'reproductive'] as const;
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

/** FHIR R4 resource types the server stores; a catalog resource may only name these. */
export const SUPPORTED_FHIR_TYPES = [
  'Patient',
  'Encounter',
  'Condition',
  'Observation',
  'DiagnosticReport',
  'ImagingStudy',
  'Procedure',
  'MedicationRequest',
  'MedicationDispense',
  'AllergyIntolerance',
  'DocumentReference',
  'ChargeItem',
  'Invoice',
  'Claim',
  'ExplanationOfBenefit',
  'Practitioner',
  'PractitionerRole',
  'Device',
] as const;

export interface CatalogField {
  /** Machine name, lowerCamelCase, unique within the resource. */
  name: string;
  label: LocalizedName;
  type: FieldType;
  level: SensitivityLevel;
  identifierKind: IdentifierKind;
  fhirPath: string;
  description?: LocalizedName;
}

export interface CodingMatch {
  system: string;
  code: string;
  display?: string;
}

/** Which ingested FHIR resources are filed under the catalog resource; the highest priority wins. */
export interface RecordMatch {
  resourceType: string;
  categories?: CodingMatch[];
  codes?: CodingMatch[];
  priority: number;
}

/** A whole definition as PUT and the versions list carry it (everything but the code). */
export interface CatalogDefinition {
  name: LocalizedName;
  description: LocalizedName;
  category: PolicyCategory;
  gbCategory: GbCategory;
  /** Owner department code; null when each clinical department owns its own records. */
  ownerDepartmentCode: string | null;
  shareType: ShareType;
  shareCondition: LocalizedName | null;
  legalBasis: LocalizedName | null;
  defaultLevel: SensitivityLevel;
  specialCategory: SpecialCategory | null;
  fhirResourceTypes: string[];
  matches: RecordMatch[];
  fields: CatalogField[];
  updateFrequency: UpdateFrequency;
  format: string;
  status: ResourceStatus;
}

export interface CatalogResource extends CatalogDefinition {
  code: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A row of GET /catalog/resources. Enumerations are strings: the catalog outlives any one console. */
export interface CatalogResourceSummary {
  code: string;
  version: number;
  name: LocalizedName;
  category: string;
  gbCategory: string;
  ownerDepartmentCode: string | null;
  shareType: string;
  defaultLevel: number;
  specialCategory: string | null;
  fhirResourceTypes: string[];
  status: string;
  updatedAt: string;
}

export interface CatalogQuery {
  category?: PolicyCategory;
  gbCategory?: GbCategory;
  shareType?: ShareType;
  level?: SensitivityLevel;
  /** Owner department code. */
  owner?: string;
  status?: ResourceStatus;
  q?: string;
}

export interface CatalogVersion {
  version: number;
  changedAt: string;
  /** `id` is null for changes the installation made itself (the built-in catalog). */
  changedBy: { id: string | null; name: string | null } | null;
  changeNote: string | null;
  definition: CatalogDefinition;
}

export type CatalogChangeInput = CatalogDefinition & { changeNote?: string };
export type NewCatalogResourceInput = CatalogChangeInput & { code: string };

/** A resource with the ETag to send back as If-Match when saving an edit of it. */
export interface VersionedResource {
  resource: CatalogResource;
  etag: string;
}

// ── FHIR ingest (POST /fhir/R4) ──

export interface OperationOutcomeIssue {
  severity?: string;
  code?: string;
  diagnostics?: string;
  expression?: string[];
  details?: { text?: string };
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

export interface BundleEntry {
  fullUrl?: string;
  resource?: unknown;
  request?: unknown;
}

export interface SubmittedBundle {
  resourceType: 'Bundle';
  type: 'transaction' | 'batch';
  entry?: BundleEntry[];
}

export interface BundleResponseEntry {
  response?: { status?: string; location?: string; outcome?: OperationOutcome };
}

export interface BundleResponse {
  resourceType: 'Bundle';
  type: string;
  entry?: BundleResponseEntry[];
}

/** What the FHIR endpoint answered: a response Bundle, or the OperationOutcome of a refusal. */
export type IngestAnswer = { ok: true; status: number; bundle: BundleResponse } | { ok: false; status: number; outcome: OperationOutcome };

// ── Patient data through access (患者查询、综合视图、紧急访问) ──

/** A catalog field the server masked, and why: outside the grant, or the grant's masking profile. */
export interface MaskedField {
  field: string;
  strategy: string;
  reason: string;
}

/** A FHIR R4 resource as JSON; the console reads only the few elements it summarises. */
export type FhirResource = { resourceType: string; id?: string; [element: string]: unknown };

/**
 * One record as the access layer presents it. `basis` is the rule that allowed the read: `department`,
 * `care-team`, `grant:<id>` or `emergency:<id>`; masked values arrive already masked.
 */
export interface PresentedRecord {
  resource: FhirResource;
  catalogCode: string;
  basis: string;
  /** The real patient id; null for pseudonymised and de-identified grants. */
  patientId: string | null;
  masked: MaskedField[];
  /** Catalog fields left out because the grant does not open them. */
  omitted: string[];
  emergency: boolean;
  grantId: string | null;
}

export interface RecordPage {
  items: PresentedRecord[];
  total: number;
  /** False when `total` is only a lower bound (more than 10,000 records visible). */
  totalExact: boolean;
  nextCursor: string | null;
}

export interface PatientView {
  /** Null when the Patient record itself is not visible (only some of the timeline is). */
  patient: PresentedRecord | null;
  timeline: RecordPage;
  bases: string[];
}

export interface RecentResults {
  days: number;
  since: string;
  hasRecent: boolean;
  total: number;
  items: PresentedRecord[];
}

/** A code of X-Purpose-Of-Use (setting `access.purposes`). */
export interface PurposeOption {
  code: string;
  label: LocalizedName;
}

export interface EmergencySettings {
  windowMinutes: number;
  reviewDeadlineHours: number;
  minReasonLength: number;
}

export interface PolicySetting {
  key: string;
  description: LocalizedName;
  value: unknown;
  version: number | null;
  effectiveFrom: string | null;
  pending: { version: number; effectiveFrom: string } | null;
}

export const REVIEW_STATUSES = ['pending', 'justified', 'unjustified'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** 紧急访问: a time-boxed window for one clinician and one patient, reviewed afterwards. */
export interface EmergencyAccess {
  id: string;
  userId: string;
  username: string | null;
  patientId: string;
  reason: string;
  openedAt: string;
  expiresAt: string;
  closedAt: string | null;
  state: 'active' | 'ended';
  reviewStatus: ReviewStatus;
  reviewDueAt: string;
  reviewOverdue: boolean;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

export interface EmergencyQuery {
  scope?: 'mine' | 'all';
  review?: ReviewStatus;
  active?: boolean;
  limit?: number;
}

// ── Share requests (信息共享申请), grants, usage feedback, inbox ──

/** The form's legal bases (《信息共享申请表》 法律依据). */
export const LEGAL_BASES = ['consent', 'treatment-contract', 'legal-duty', 'public-health-emergency', 'other'] as const;
export type LegalBasisKind = (typeof LEGAL_BASES)[number];

/** Ordered from least to most protective: narrowing may only move to the right. */
export const IDENTIFICATION_LEVELS = ['identified', 'pseudonymised', 'de-identified'] as const;
export type IdentificationLevel = (typeof IDENTIFICATION_LEVELS)[number];

export const DELIVERY_CHANNELS = ['api', 'export', 'external'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const RECIPIENT_KINDS = ['department', 'institution'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export const PATIENT_SCOPE_KINDS = ['patients', 'criteria', 'all'] as const;
export type PatientScopeKind = (typeof PATIENT_SCOPE_KINDS)[number];

export interface RequestedField {
  name: string;
  justification?: string;
}

export interface RequestedResource {
  catalogCode: string;
  fields: RequestedField[];
}

export interface PatientCriteria {
  departmentCode?: string;
  /** ISO date-times, records dated in [from, to). */
  from?: string;
  to?: string;
  /** `system|code`. */
  diagnosisCode?: string;
}

export type RequestedPatients = { kind: 'patients'; patientIds: string[] } | { kind: 'criteria'; criteria: PatientCriteria } | { kind: 'all' };

export interface Recipient {
  kind: RecipientKind;
  id: string;
}

/** 《信息共享申请表》 as the API takes it. */
export interface ShareRequestForm {
  recipient: Recipient;
  resources: RequestedResource[];
  purpose: string;
  legalBasis: { kind: LegalBasisKind; text?: string };
  patients: RequestedPatients;
  dataFrom?: string;
  dataTo?: string;
  accessDays: number;
  channel: DeliveryChannel;
  identification: IdentificationLevel;
  consentOnRecord: boolean;
}

export const REQUEST_STATES = ['draft', 'in_review', 'returned', 'rejected', 'withdrawn', 'granted', 'closed'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REVIEWER_ROLES = ['dept_head', 'privacy_officer', 'info_admin'] as const;
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

export interface ReviewStep {
  role: ReviewerRole;
  /** For department heads: the owning department's code. */
  departmentCode: string | null;
}

export const REVIEW_DECISIONS = ['approve', 'narrow', 'return', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface Narrowing {
  dropFields?: Record<string, string[]>;
  accessDays?: number;
  patientIds?: string[];
  identification?: IdentificationLevel;
}

export interface ReviewInput {
  decision: ReviewDecision;
  reason: string;
  narrowing?: Narrowing;
}

export const FINDING_SEVERITIES = ['block', 'warn', 'info'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** The pre-checks the server runs (src/sharing/prechecks.ts). */
export const PRECHECK_NAMES = [
  'share-type',
  'share-condition',
  'purpose-known',
  'purpose-category',
  'legal-basis',
  'consent',
  'fields-known',
  'fields-necessary',
  'patient-scope',
  'access-period',
  'data-period',
  'feedback-overdue',
  'resource-status',
] as const;

export interface Finding {
  /** One of PRECHECK_NAMES; a string because the server may add checks. */
  check: string;
  severity: FindingSeverity;
  catalogCode?: string;
  fields?: string[];
  message: LocalizedName;
}

export interface ShareReview {
  step: number;
  role: string;
  reviewerId: string;
  decision: string;
  reason: string;
  narrowing: Narrowing | null;
  decidedAt: string;
}

export interface ShareRequest {
  id: string;
  title: string;
  requesterId: string;
  requesterDepartmentId: string | null;
  form: ShareRequestForm;
  state: RequestState;
  steps: ReviewStep[];
  currentStep: number;
  stepDueAt: string | null;
  stepOverdue: boolean;
  findings: Finding[];
  version: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviews: ShareReview[];
  grantIds: string[];
  /** Display names of the requester and reviewers (readers without the user directory see names too). */
  people?: Record<string, string>;
  requesterDepartmentName?: LocalizedName | null;
}

export type ShareRequestListView = 'mine' | 'to-review' | 'all';

/** A share request with the ETag to send back as If-Match when editing it. */
export interface VersionedShareRequest {
  request: ShareRequest;
  etag: string;
}

export interface ShareRequestDraftInput {
  title: string;
  form: ShareRequestForm;
}

/** One purpose template of the setting `sharing.purposes`. */
export interface SharingPurpose {
  purpose: string;
  categories: string[];
  necessaryFields: Record<string, string[]>;
  maxAccessDays: number;
  patientScope: 'named' | 'any';
}

export const GRANT_STATUSES = ['active', 'suspended', 'revoked', 'expired'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

export const GRANTEE_KINDS = ['user', 'department', 'institution'] as const;
export type GranteeKind = (typeof GRANTEE_KINDS)[number];

export interface Grant {
  id: string;
  grantee: { kind: string; id: string };
  catalogCode: string;
  fields: string[];
  patientScope: RequestedPatients;
  purpose: string;
  channel: string;
  validFrom: string;
  validTo: string;
  status: string;
  maskingProfile: string;
  shareRequestId: string | null;
  reason: string | null;
  createdBy: string;
  createdAt: string;
  statusChangedAt: string | null;
  statusChangedBy: string | null;
  statusReason: string | null;
  /** The period the shared data covers, [dataFrom, dataTo); absent or null is open-ended. */
  dataFrom?: string | null;
  dataTo?: string | null;
  /** Display names of the people the grant names, for readers without the user directory. */
  people?: Record<string, string>;
}

export const PACKAGE_STATUSES = ['ready', 'exhausted', 'expired', 'withdrawn'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];
export const PACKAGE_FORMATS = ['ndjson', 'csv'] as const;
export type PackageFormat = (typeof PACKAGE_FORMATS)[number];

/** An encrypted export package of a grant (POST/GET /grants/{id}/packages). */
export interface ExportPackage {
  id: string;
  grantId: string;
  builtBy: string;
  recipientFingerprint: string;
  format: string;
  identification: string;
  recordCount: number;
  bytes: number;
  manifestHash: string;
  kAnonymity: number | null;
  createdAt: string;
  expiresAt: string;
  downloadsAllowed: number;
  downloadsUsed: number;
  downloadsLeft: number;
  firstDownloadedAt: string | null;
  lastDownloadedAt: string | null;
  status: PackageStatus;
}

export interface PackageBuildInput {
  recipientPublicKey: string;
  format: PackageFormat;
  identification?: IdentificationLevel;
}

export interface GrantQuery {
  status?: GrantStatus;
  granteeKind?: GranteeKind;
  granteeId?: string;
  catalog?: string;
  patient?: string;
  limit?: number;
  after?: string;
}

export interface GrantPage {
  items: Grant[];
  nextAfter: string | null;
}

export const FEEDBACK_STATES = ['not-due', 'due', 'overdue', 'submitted'] as const;
export type FeedbackState = (typeof FEEDBACK_STATES)[number];

export interface FeedbackItem {
  grantId: string;
  requestId: string;
  requesterId: string;
  title: string;
  dueAt: string;
  state: FeedbackState;
  submittedAt: string | null;
}

export interface FeedbackQuery {
  scope?: 'mine' | 'all';
  state?: FeedbackState;
}

export interface FeedbackInput {
  usedFor: string;
  recordsUsed: number;
  outcome: string;
  copiesDestroyed: boolean;
  incident?: string;
}

/** 反馈渠道 (policy Ch.7 (2), src/suggestions): suggestions and complaints about the sharing process. */
export const SUGGESTION_KINDS = ['suggestion', 'complaint'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];
export const SUGGESTION_STATUSES = ['open', 'in_progress', 'answered', 'closed'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
/** start: taken on; interim: a reply that is not yet the answer. */
export const SUGGESTION_ACTIONS = ['start', 'interim', 'answer', 'close', 'reopen'] as const;
export type SuggestionAction = (typeof SUGGESTION_ACTIONS)[number];

export interface Suggestion {
  id: string;
  kind: SuggestionKind;
  category: string;
  categoryLabel: LocalizedName;
  status: SuggestionStatus;
  anonymous: boolean;
  /** Null on anonymous ones, for every reader (the submitter included). */
  submitter: { id: string; displayName: string; departmentName: LocalizedName | null } | null;
  /** Whether the caller submitted it. */
  mine: boolean;
  text: string;
  attachment: { name: string; mediaType: string; bytes: number } | null;
  submittedAt: string;
  updatedAt: string;
  firstAnsweredAt: string | null;
  lastAnsweredAt: string | null;
  closedAt: string | null;
  reopenCount: number;
  /** For the submitter of an answered or closed one: until when they may reopen it. */
  reopenableUntil: string | null;
  version: number;
}

export interface SuggestionEvent {
  version: number;
  action: SuggestionAction;
  from: SuggestionStatus;
  to: SuggestionStatus;
  by: 'handler' | 'submitter';
  handler: { id: string; displayName: string } | null;
  /** A response's words, a note or a reopen reason. */
  text: string | null;
  at: string;
}

export interface SuggestionDetail extends Suggestion {
  /** Oldest first. */
  events: SuggestionEvent[];
}

export interface SuggestionVocabulary {
  kinds: { key: string; label: LocalizedName }[];
  categories: { key: string; label: LocalizedName }[];
  statuses: { key: string; label: LocalizedName }[];
  attachment: { maxBytes: number; mediaTypes: string[] };
  reopenDays: number;
}

export interface SuggestionQuery {
  scope?: 'mine' | 'all';
  status?: SuggestionStatus;
  category?: string;
  kind?: SuggestionKind;
  limit?: number;
  cursor?: string;
}

export interface SuggestionAttachmentInput {
  name: string;
  mediaType: string;
  contentBase64: string;
}

export interface SuggestionInput {
  kind: SuggestionKind;
  category: string;
  text: string;
  anonymous: boolean;
  attachment?: SuggestionAttachmentInput;
}

/** The suggestion section of a quarterly audit report. */
export interface SuggestionStatistics {
  received: number;
  answered: number;
  open: number;
  byCategory: { key: string; label: LocalizedName; count: number }[];
  medianHoursToAnswer: number | null;
}

export const NOTIFICATION_KINDS = ['review-item', 'review-overdue', 'returned', 'approved', 'rejected', 'revoked', 'share-closed', 'feedback-due', 'feedback-overdue', 'suggestion-new', 'suggestion-reopened', 'suggestion-progress', 'suggestion-answered', 'suggestion-closed', 'violation-opened', 'violation-suspended', 'violation-decided', 'violation-closed', 'referral-received'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface InboxItem {
  id: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  title: LocalizedName;
  createdAt: string;
  readAt: string | null;
}

export interface InboxList {
  items: InboxItem[];
  unread: number;
}

/** 异常告警 (src/alerts): the anomaly rules, in the order reports list them. */
export const ALERT_RULES = ['bulk-access', 'off-hours', 'staff-patient', 'repeated-denials', 'lapsed-grant', 'emergency-unreviewed', 'export-spike', 'dormant-account'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];
export const ALERT_SEVERITIES = ['low', 'medium', 'high'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_STATUSES = ['open', 'dismissed', 'escalated'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface AnomalyAlert {
  id: string;
  /** One of ALERT_RULES; a string because alerts outlive any one version of the list. */
  rule: string;
  label: LocalizedName;
  severity: AlertSeverity;
  status: AlertStatus;
  /** `userId` is null for failed sign-ins under a name no account has. */
  subject: { userId: string | null; username: string | null; departmentId: string | null };
  /** Small summary facts of the rule (counts, window, thresholds); never clinical payload. */
  facts: Record<string, unknown>;
  /** Sequence numbers of the audit entries that show it, oldest first. */
  evidence: number[];
  occurredAt: string;
  raisedAt: string;
  triage: { by: string; at: string; reason: string } | null;
  violationCaseId: string | null;
}

/** An evidence entry with its inclusion proof, or only its number once archived out of the database. */
export type AlertEvidence = { seq: number; entry: AuditEntry; proof: InclusionProof } | { seq: number; archived: true };

export interface AlertWithEvidence {
  alert: AnomalyAlert;
  evidence: AlertEvidence[];
}

export interface AlertQuery {
  status?: AlertStatus;
  rule?: AlertRule;
  /** ISO date-time, raised at or after. */
  from?: string;
  /** ISO date-time, raised before. */
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface AlertPage {
  items: AnomalyAlert[];
  nextCursor: string | null;
}

export type TriageInput = { decision: 'dismiss'; reason: string } | { decision: 'escalate'; reason: string; title?: string };

export interface AlertScanResult {
  scannedTo: number;
  raised: number;
}

/** A patient record that is a staff member's own (职工本人病历), for the colleague rule. */
export interface StaffPatientLink {
  patientId: string;
  userId: string;
  username: string | null;
  linkedBy: string;
  linkedAt: string;
}

/** 违规处理 (src/violations). */
export const VIOLATION_SUBJECT_KINDS = ['user', 'department', 'institution'] as const;
export type ViolationSubjectKind = (typeof VIOLATION_SUBJECT_KINDS)[number];
/** termination is 解除劳动合同 for staff and 终止协议 for an institution; never for a department. */
export const VIOLATION_DECISIONS = ['no_violation', 'warning', 'penalty', 'termination'] as const;
export type ViolationDecisionKind = (typeof VIOLATION_DECISIONS)[number];
export const VIOLATION_STATUSES = ['open', 'awaiting_approval', 'decided', 'closed'] as const;
export type ViolationStatus = (typeof VIOLATION_STATUSES)[number];
export const VIOLATION_EVENTS = ['opened', 'note', 'evidence', 'suspended', 'suspension_lifted', 'decision_proposed', 'decision_in_force', 'decision_approved', 'decision_rejected', 'appeal', 'closed'] as const;
export type ViolationEventKind = (typeof VIOLATION_EVENTS)[number];

export interface PersonRef {
  id: string;
  name: string | null;
}

export interface ViolationCaseSummary {
  id: string;
  subject: { kind: ViolationSubjectKind; id: string; name: string };
  title: string;
  status: ViolationStatus;
  openedAt: string;
  openedBy: PersonRef;
  suspended: boolean;
  decision: {
    kind: ViolationDecisionKind;
    label: LocalizedName;
    details: string | null;
    decidedBy: PersonRef;
    decidedAt: string;
    approvedBy: PersonRef | null;
    approvedAt: string | null;
  } | null;
  closedAt: string | null;
  updatedAt: string;
}

export interface ViolationCase extends ViolationCaseSummary {
  description: string;
  evidence: { kind: 'audit_entry' | 'alert'; ref: string; note: string | null; addedBy: PersonRef; addedAt: string }[];
  /** For the subject, only the steps that concern them (no investigation notes). */
  history: { id: string; at: string; actor: PersonRef; kind: string; text: string | null; data: Record<string, unknown> }[];
  readAs: 'supervisor' | 'subject';
}

export interface ViolationQuery {
  status?: ViolationStatus;
  subjectKind?: ViolationSubjectKind;
  subjectId?: string;
  limit?: number;
  cursor?: string;
}

export interface ViolationEvidenceInput {
  auditSeqs?: number[];
  alertIds?: string[];
  note?: string;
}

export interface NewViolationCase {
  subject: { kind: ViolationSubjectKind; id: string };
  title: string;
  description: string;
  evidence?: ViolationEvidenceInput;
  /** Suspends the subject at once, in the same step. */
  suspend?: boolean;
}

export interface ViolationDecisionInput {
  kind: ViolationDecisionKind;
  details?: string;
  reason: string;
}

/** `/.well-known/smart-configuration`: how a partner system obtains tokens (SMART Backend Services). */
export interface SmartConfiguration {
  token_endpoint: string;
  token_endpoint_auth_methods_supported: string[];
  token_endpoint_auth_signing_alg_values_supported: string[];
  grant_types_supported: string[];
  scopes_supported: string[];
  capabilities: string[];
}

/** 患者单独同意 (PIPL Art. 23, 29). Mirrors the server's consent schemas. */
export const CONSENT_STATES = ['in-force', 'not-yet-valid', 'expired', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export const EVIDENCE_KINDS = ['verbal', 'signed-form'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface ConsentPerson {
  id: string;
  displayName: string;
}

export interface ConsentForm {
  fileId: string;
  fileName: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  uploadedAt: string;
}

export interface Consent {
  id: string;
  patientId: string;
  recipient: { kind: string; id: string; name: LocalizedName | null };
  purpose: string;
  purposeLabel: LocalizedName | null;
  /** Catalog resources covered; null = every resource. */
  catalogCodes: string[] | null;
  validFrom: string;
  validTo: string | null;
  status: 'active' | 'withdrawn';
  /** Where the consent stands now, as the server judged it when answering. */
  state: ConsentState;
  evidence: {
    kind: EvidenceKind;
    recordedAt: string;
    note: string | null;
    clinician: ConsentPerson | null;
    form: ConsentForm | null;
  };
  createdBy: ConsentPerson;
  createdAt: string;
  withdrawnAt: string | null;
  withdrawnBy: ConsentPerson | null;
  withdrawalReason: string | null;
}

export type ConsentEvidenceInput =
  | { kind: 'verbal'; clinicianId?: string; recordedAt: string; note?: string }
  | { kind: 'signed-form'; fileId: string; recordedAt: string; note?: string };

export interface RecordConsentInput {
  recipientId: string;
  purpose: string;
  /** Leave out for every resource. */
  catalogCodes?: string[];
  validFrom?: string;
  validTo?: string;
  evidence: ConsentEvidenceInput;
}

export interface ConsentFormUpload {
  patientId: string;
  name: string;
  mediaType: string;
  contentBase64: string;
}

export interface UploadedConsentForm extends ConsentForm {
  patientId: string;
}

/** A FHIR R4 Consent resource as the server maps it; shown as JSON, not interpreted. */
export interface FhirConsent {
  resourceType: 'Consent';
  id: string;
  status: string;
  [member: string]: unknown;
}

/** 转诊 (src/sharing/referral): referrals out to partner institutions, on the fast track. Mirrors the server's schemas. */
export const REFERRAL_STATUSES = ['submitted', 'in_review', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const URGENCIES = ['routine', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export type ReferralListView = 'mine' | 'department' | 'to-review' | 'all';

export interface ReferralStep extends ReviewStep {
  /** The fast-track target: the step is due this many minutes after submission. */
  dueWithinMinutes?: number;
}

export interface ReferralPerson {
  id: string;
  displayName: string;
}

export interface ReferralParty {
  id: string;
  code: string;
  name: LocalizedName;
}

export interface ReferralDocument {
  catalogCode: string;
  fields: string[];
  /** Events from this instant on; null for standing facts shared whatever their date. */
  dataFrom: string | null;
}

export interface ReferralGrant {
  id: string;
  catalogCode: string;
  fields: string[];
  validFrom: string;
  validTo: string;
  dataFrom: string | null;
  status: string;
}

export interface PartnerReads {
  count: number;
  lastAt: string | null;
  /** More entries than were counted: `count` is a lower bound. */
  atLeast: boolean;
  byGrant: { grantId: string; count: number; lastAt: string | null }[];
}

export interface Referral {
  id: string;
  shareRequestId: string;
  status: ReferralStatus;
  urgency: string;
  reason: string;
  clinicalSummary: string | null;
  patientId: string;
  institution: ReferralParty;
  referrer: ReferralPerson;
  department: ReferralParty | null;
  createdAt: string;
  steps: ReferralStep[];
  currentStep: number;
  /** When the current fast-track step is due; null once decided. */
  reviewDueAt: string | null;
  overdue: boolean;
  reviews: { step: number; role: string; reviewer: ReferralPerson; decision: string; reason: string; decidedAt: string }[];
  documents: ReferralDocument[];
  accessDays: number;
  approvedAt: string | null;
  minutesToApproval: number | null;
  targetMinutes: number | null;
  withinTarget: boolean | null;
  grantIds: string[];
  /** Detail only. */
  grants: ReferralGrant[] | null;
  /** Detail only: the partner's reads of the shared data, from the audit log. */
  partnerReads: PartnerReads | null;
}

export interface ReferralInput {
  patientId: string;
  institutionId: string;
  reason: string;
  clinicalSummary?: string;
  urgency: Urgency;
  /** Per resource of the document set, the fields to send instead of the template's ([] leaves it out); absent: the whole set. */
  fields?: Record<string, string[]>;
}

/** The decision of a fast-track step; a referral names one patient, so a narrowing never lists patients. */
export interface ReferralReviewInput {
  decision: ReviewDecision;
  reason: string;
  narrowing?: Omit<Narrowing, 'patientIds'>;
}

/** The setting `sharing.referral`: the fast track and the document set's look-back. */
export interface ReferralSettings {
  reviewSteps: string[];
  targetMinutes: number;
  accessDays: number;
  lookbackMonths: number;
  /** Resources shared whatever their date (basic information, diagnoses, allergies). */
  wholeHistory: string[];
}

export const INBOUND_STATUSES = ['received', 'accepted', 'declined'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

export interface InboundAttachment {
  position: number;
  contentType: string;
  title: string | null;
  bytes: number;
  sha256: string;
}

/** 转入: a referral a partner sent as a FHIR ServiceRequest to one of our departments. */
export interface InboundReferral {
  id: string;
  status: InboundStatus;
  fhirStatus: string;
  intent: string;
  priority: string | null;
  sender: ReferralParty;
  department: ReferralParty;
  patient: {
    /** Our patient when an MRN or ID card number matched exactly one; null when unmatched. */
    patientId: string | null;
    matchedBy: string | null;
    identifiers: { system: string; value: string }[];
    name: string | null;
    gender: string | null;
    birthDate: string | null;
  };
  reason: string;
  authoredOn: string | null;
  attachments: InboundAttachment[];
  receivedAt: string;
  decidedAt: string | null;
  decidedBy: ReferralPerson | null;
  decisionReason: string | null;
  /** Detail only: the ServiceRequest as stored and as its sender reads it. */
  serviceRequest: Record<string, unknown> | null;
}
