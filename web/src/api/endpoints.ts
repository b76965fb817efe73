import { api, API_BASE, buildQuery, requestWithHeaders, sessionFetch } from './client';
import { FHIR_BASE, FHIR_JSON, parseIngestAnswer } from './fhir';
import { parseProblem } from './problem';
import type {
  ApiClient,
  ApiClientStatus,
  AuditEntry,
  AuditEntryWithProof,
  AuditEventQuery,
  AuditExportFormat,
  CatalogChangeInput,
  CatalogQuery,
  CatalogResource,
  CatalogResourceSummary,
  CatalogVersion,
  Checkpoint,
  Consent,
  ConsentFormUpload,
  CheckpointQuery,
  CreateDepartmentInput,
  CreateInstitutionInput,
  CreateUserInput,
  Department,
  EmergencyAccess,
  EmergencyQuery,
  FeedbackInput,
  FeedbackItem,
  FeedbackQuery,
  FhirConsent,
  Finding,
  ExportPackage,
  Grant,
  GrantPage,
  PackageBuildInput,
  GrantQuery,
  InboxList,
  IngestAnswer,
  Institution,
  ItemList,
  LoginResponse,
  Me,
  NewCatalogResourceInput,
  Page,
  PatientView,
  RecoveryCodes,
  SecondFactor,
  TotpEnrolment,
  PolicySetting,
  RecentResults,
  RecordConsentInput,
  RecordPage,
  RegisterApiClientInput,
  SeqPage,
  ShareRequest,
  SmartConfiguration,
  ShareRequestDraftInput,
  ShareRequestForm,
  ShareRequestListView,
  ReviewInput,
  InboundReferral,
  InboundStatus,
  Referral,
  ReferralInput,
  ReferralListView,
  ReferralReviewInput,
  Suggestion,
  SuggestionDetail,
  SuggestionInput,
  SuggestionQuery,
  SuggestionStatistics,
  SuggestionVocabulary,
  VersionedShareRequest,
  UpdateDepartmentInput,
  UpdateInstitutionInput,
  UpdateUserInput,
  UploadedConsentForm,
  SubmittedBundle,
  User,
  UserQuery,
  VerificationMode,
  VerificationRun,
  VersionedResource,
  AlertPage,
  AlertQuery,
  AlertScanResult,
  AlertWithEvidence,
  AnomalyAlert,
  NewViolationCase,
  StaffPatientLink,
  TriageInput,
  ViolationCase,
  ViolationCaseSummary,
  ViolationDecisionInput,
  ViolationEvidenceInput,
  ViolationQuery,
} from './types';

const id = encodeURIComponent;

export const authApi = {
  /** `second` is sent only after the server answered 401 MFA_REQUIRED for the same username and password. */
  login: (username: string, password: string, second?: SecondFactor) =>
    api.post<LoginResponse>('/auth/login', { username, password, ...second }, { noAuthRedirect: true }),
  logout: () => api.post<void>('/auth/logout', undefined, { noAuthRedirect: true }),
  me: (signal?: AbortSignal) => api.get<Me>('/me', signal ? { signal } : {}),
  changePassword: (currentPassword: string, newPassword: string) =>
    // A wrong current password is a form error here, not an expired session.
    api.post<void>('/me/password', { currentPassword, newPassword }, { noAuthRedirect: true }),
};

export const usersApi = {
  list: (query: UserQuery, signal?: AbortSignal) =>
    api.get<Page<User>>('/users', { query: { ...query }, ...(signal ? { signal } : {}) }),
  get: (userId: string) => api.get<User>(`/users/${id(userId)}`),
  create: (input: CreateUserInput) => api.post<User>('/users', input),
  update: (userId: string, input: UpdateUserInput) => api.patch<User>(`/users/${id(userId)}`, input),
  resetPassword: (userId: string, newPassword: string) =>
    api.post<void>(`/users/${id(userId)}/password`, { newPassword }),
  /** Removes the user's TOTP factor and recovery codes and ends their sessions; 404 when they have none. */
  resetMfa: (userId: string, reason: string) => api.post<void>(`/users/${id(userId)}/mfa/reset`, { reason }),
};

/** 两步验证: the signed-in user's own TOTP factor. */
export const mfaApi = {
  /** Starts (or restarts) a pending enrolment; 409 MFA_ALREADY_ENROLLED once a factor is confirmed. */
  startTotp: () => api.post<TotpEnrolment>('/me/mfa/totp'),
  /** 422 MFA_INVALID for a wrong code, 404 MFA_ENROLMENT_NOT_FOUND when nothing is pending (or it expired). */
  confirmTotp: (code: string) => api.post<RecoveryCodes>('/me/mfa/totp/confirm', { code }),
  disableTotp: (password: string, code: string) =>
    // A wrong password answers 401 INVALID_CREDENTIALS: a form error, not an expired session.
    api.post<void>('/me/mfa/totp/disable', { password, code }, { noAuthRedirect: true }),
  /** New codes replace all the old ones. */
  regenerateRecoveryCodes: (code: string) => api.post<RecoveryCodes>('/me/mfa/recovery-codes', { code }),
};

export const departmentsApi = {
  list: () => api.get<ItemList<Department>>('/departments'),
  get: (departmentId: string) => api.get<Department>(`/departments/${id(departmentId)}`),
  create: (input: CreateDepartmentInput) => api.post<Department>('/departments', input),
  update: (departmentId: string, input: UpdateDepartmentInput) =>
    api.patch<Department>(`/departments/${id(departmentId)}`, input),
};

export const institutionsApi = {
  list: () => api.get<ItemList<Institution>>('/institutions'),
  get: (institutionId: string) => api.get<Institution>(`/institutions/${id(institutionId)}`),
  create: (input: CreateInstitutionInput) => api.post<Institution>('/institutions', input),
  update: (institutionId: string, input: UpdateInstitutionInput) =>
    api.patch<Institution>(`/institutions/${id(institutionId)}`, input),
  listClients: (institutionId: string) =>
    api.get<ItemList<ApiClient>>(`/institutions/${id(institutionId)}/clients`),
  registerClient: (institutionId: string, input: RegisterApiClientInput) =>
    api.post<ApiClient>(`/institutions/${id(institutionId)}/clients`, input),
  setClientStatus: (institutionId: string, clientId: string, status: ApiClientStatus) =>
    api.patch<ApiClient>(`/institutions/${id(institutionId)}/clients/${id(clientId)}`, { status }),
};

/** Partner systems' discovery document; public, outside /api/v1 like the FHIR base. */
export const SMART_CONFIGURATION_PATH = '/.well-known/smart-configuration';

export const smartApi = {
  configuration: async (signal?: AbortSignal): Promise<SmartConfiguration> => {
    const response = await sessionFetch(SMART_CONFIGURATION_PATH, { method: 'GET', signal });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok || !body || typeof body !== 'object') throw parseProblem(response.status, response.statusText, body);
    return body as SmartConfiguration;
  },
};

export const auditApi = {
  events: (query: AuditEventQuery, signal?: AbortSignal) =>
    api.get<SeqPage<AuditEntry>>('/audit/events', { query: { ...query }, ...(signal ? { signal } : {}) }),
  event: (seq: number, signal?: AbortSignal) =>
    api.get<AuditEntryWithProof>(`/audit/events/${seq}`, signal ? { signal } : {}),
  latestCheckpoint: (signal?: AbortSignal) => api.get<Checkpoint>('/audit/checkpoints/latest', signal ? { signal } : {}),
  checkpoints: (query: CheckpointQuery, signal?: AbortSignal) =>
    api.get<SeqPage<Checkpoint>>('/audit/checkpoints', { query: { ...query }, ...(signal ? { signal } : {}) }),
  /** Recorded verification runs, newest first (at most 200). */
  verifications: (limit: number, signal?: AbortSignal) =>
    api.get<ItemList<VerificationRun>>('/audit/verifications', { query: { limit }, ...(signal ? { signal } : {}) }),
  /** Verifies the log now and records the run; a full run re-hashes every entry and may take minutes. */
  verify: (mode: VerificationMode) => api.post<VerificationRun>('/audit/verifications', { mode }),
  /**
   * The export is a file download, not a JSON call: it is fetched by an ordinary link so the browser
   * streams it to disk with the session cookie (a same-origin GET needs no CSRF token).
   */
  exportHref: (format: AuditExportFormat, range: { from?: string | undefined; to?: string | undefined }) =>
    `${API_BASE}/audit/export${buildQuery({ format, from: range.from, to: range.to })}`,
};

/** The version the server holds, as an ETag for If-Match; the body's version stands in if a proxy dropped the header. */
function versioned(resource: CatalogResource, headers: Headers): VersionedResource {
  return { resource, etag: headers.get('ETag') ?? `"v${resource.version}"` };
}

export const catalogApi = {
  list: (query: CatalogQuery, signal?: AbortSignal) =>
    api.get<ItemList<CatalogResourceSummary>>('/catalog/resources', { query: { ...query }, ...(signal ? { signal } : {}) }),
  get: async (code: string, signal?: AbortSignal): Promise<VersionedResource> => {
    const { data, headers } = await requestWithHeaders<CatalogResource>('GET', `/catalog/resources/${id(code)}`, signal ? { signal } : {});
    return versioned(data, headers);
  },
  /** Saves a new version; `etag` is the one the edit started from, so a concurrent save answers 412. */
  update: async (code: string, input: CatalogChangeInput, etag: string): Promise<VersionedResource> => {
    const { data, headers } = await requestWithHeaders<CatalogResource>('PUT', `/catalog/resources/${id(code)}`, { body: input, headers: { 'If-Match': etag } });
    return versioned(data, headers);
  },
  create: async (input: NewCatalogResourceInput): Promise<VersionedResource> => {
    const { data, headers } = await requestWithHeaders<CatalogResource>('POST', '/catalog/resources', { body: input });
    return versioned(data, headers);
  },
  versions: (code: string, signal?: AbortSignal) =>
    api.get<ItemList<CatalogVersion>>(`/catalog/resources/${id(code)}/versions`, signal ? { signal } : {}),
};

export const fhirApi = {
  /** Submits a transaction or batch Bundle to the repository (records:ingest). */
  ingest: async (bundle: SubmittedBundle, signal?: AbortSignal): Promise<IngestAnswer> => {
    const response = await sessionFetch(FHIR_BASE, {
      method: 'POST',
      headers: { 'Content-Type': FHIR_JSON, Accept: `${FHIR_JSON}, application/json` },
      body: JSON.stringify(bundle),
      signal,
    });
    return parseIngestAnswer(response.status, response.statusText, await response.text());
  },
};

/** Every read of patient data names its purpose of use; the server refuses a read without one. */
export const PURPOSE_HEADER = 'X-Purpose-Of-Use';

function purposeOptions(purpose: string, signal: AbortSignal | undefined) {
  return { headers: { [PURPOSE_HEADER]: purpose }, ...(signal ? { signal } : {}) };
}

export const patientsApi = {
  /** Patients the caller may see; `q` is an exact MRN, ID card number, phone or full name. */
  search: (query: { q?: string | undefined; limit?: number; cursor?: string | undefined }, purpose: string, signal?: AbortSignal) =>
    api.get<RecordPage>('/patients', { query: { ...query }, ...purposeOptions(purpose, signal) }),
  /** The integrated view; 404 PATIENT_NOT_FOUND when nothing of the patient is visible. */
  view: (patientId: string, query: { limit?: number; cursor?: string | undefined }, purpose: string, signal?: AbortSignal) =>
    api.get<PatientView>(`/patients/${id(patientId)}`, { query: { ...query }, ...purposeOptions(purpose, signal) }),
  records: (patientId: string, query: { resource: string; limit?: number; cursor?: string | undefined }, purpose: string, signal?: AbortSignal) =>
    api.get<RecordPage>(`/patients/${id(patientId)}/records`, { query: { ...query }, ...purposeOptions(purpose, signal) }),
  recentResults: (patientId: string, code: string | undefined, purpose: string, signal?: AbortSignal) =>
    api.get<RecentResults>(`/patients/${id(patientId)}/recent-results`, { query: { code }, ...purposeOptions(purpose, signal) }),
};

export const emergencyApi = {
  open: (patientId: string, reason: string) => api.post<EmergencyAccess>('/emergency-access', { patientId, reason }),
  list: (query: EmergencyQuery, signal?: AbortSignal) =>
    api.get<ItemList<EmergencyAccess>>('/emergency-access', { query: { ...query }, ...(signal ? { signal } : {}) }),
  close: (emergencyId: string) => api.post<EmergencyAccess>(`/emergency-access/${id(emergencyId)}/close`),
  review: (emergencyId: string, justified: boolean, note: string) =>
    api.post<EmergencyAccess>(`/emergency-access/${id(emergencyId)}/review`, { justified, note }),
};

export const policyApi = {
  settings: (signal?: AbortSignal) => api.get<ItemList<PolicySetting>>('/policy/settings', signal ? { signal } : {}),
};

function versionedRequest(request: ShareRequest, headers: Headers): VersionedShareRequest {
  return { request, etag: headers.get('ETag') ?? `"v${request.version}"` };
}

/** 信息共享申请: drafts, live pre-checks, submission, staged review, withdrawal. */
export const shareRequestsApi = {
  list: (view: ShareRequestListView, signal?: AbortSignal) =>
    api.get<ItemList<ShareRequest>>('/share-requests', { query: { view, limit: 200 }, ...(signal ? { signal } : {}) }),
  get: async (requestId: string, signal?: AbortSignal): Promise<VersionedShareRequest> => {
    const { data, headers } = await requestWithHeaders<ShareRequest>('GET', `/share-requests/${id(requestId)}`, signal ? { signal } : {});
    return versionedRequest(data, headers);
  },
  create: async (input: ShareRequestDraftInput): Promise<VersionedShareRequest> => {
    const { data, headers } = await requestWithHeaders<ShareRequest>('POST', '/share-requests', { body: input });
    return versionedRequest(data, headers);
  },
  /** Saves a draft or returned request; `etag` is the version the edit started from (412 when it changed). */
  update: async (requestId: string, input: ShareRequestDraftInput, etag: string): Promise<VersionedShareRequest> => {
    const { data, headers } = await requestWithHeaders<ShareRequest>('PUT', `/share-requests/${id(requestId)}`, { body: input, headers: { 'If-Match': etag } });
    return versionedRequest(data, headers);
  },
  /** The legality and necessity pre-checks on a form, nothing saved. */
  precheck: (form: ShareRequestForm, signal?: AbortSignal) =>
    api.post<{ findings: Finding[] }>('/share-requests/precheck', form, signal ? { signal } : {}),
  /** 422 SHARE_REQUEST_BLOCKED when a pre-check blocks; the request then holds the findings. */
  submit: (requestId: string) => api.post<ShareRequest>(`/share-requests/${id(requestId)}/submit`),
  review: (requestId: string, input: ReviewInput) => api.post<ShareRequest>(`/share-requests/${id(requestId)}/reviews`, input),
  withdraw: (requestId: string) => api.post<ShareRequest>(`/share-requests/${id(requestId)}/withdraw`),
};

export const grantsApi = {
  list: (query: GrantQuery, signal?: AbortSignal) =>
    api.get<GrantPage>('/grants', { query: { ...query }, ...(signal ? { signal } : {}) }),
  get: (grantId: string, signal?: AbortSignal) => api.get<Grant>(`/grants/${id(grantId)}`, signal ? { signal } : {}),
  revoke: (grantId: string, reason: string) => api.post<Grant>(`/grants/${id(grantId)}/revoke`, { reason }),
  /** Export packages of a grant (the grantee and whoever may see the grant). */
  packages: (grantId: string, signal?: AbortSignal) => api.get<ItemList<ExportPackage>>(`/grants/${id(grantId)}/packages`, signal ? { signal } : {}),
  /** Builds an encrypted export package for the recipient key (the grantee only; takes seconds). */
  buildPackage: (grantId: string, input: PackageBuildInput) => api.post<ExportPackage>(`/grants/${id(grantId)}/packages`, input),
  /** Where the browser downloads a package (a plain GET with the session cookie; each download counts). */
  packageDownloadUrl: (packageId: string) => `${API_BASE}/packages/${id(packageId)}/download`,
};

/** 使用反馈: due items and the requester's report on each grant. */
export const feedbackApi = {
  list: (query: FeedbackQuery, signal?: AbortSignal) =>
    api.get<ItemList<FeedbackItem>>('/feedback', { query: { ...query }, ...(signal ? { signal } : {}) }),
  submit: (grantId: string, input: FeedbackInput) => api.post<FeedbackItem>(`/grants/${id(grantId)}/feedback`, input),
};

/** 反馈渠道: suggestions and complaints; who sees and does what is the server's decision (others' answer 404). */
export const suggestionsApi = {
  vocabulary: (signal?: AbortSignal) => api.get<SuggestionVocabulary>('/suggestions/categories', signal ? { signal } : {}),
  list: (query: SuggestionQuery, signal?: AbortSignal) =>
    api.get<Page<Suggestion>>('/suggestions', { query: { ...query }, ...(signal ? { signal } : {}) }),
  get: (suggestionId: string, signal?: AbortSignal) => api.get<SuggestionDetail>(`/suggestions/${id(suggestionId)}`, signal ? { signal } : {}),
  submit: (input: SuggestionInput) => api.post<SuggestionDetail>('/suggestions', input),
  /** 答复, or an interim reply that keeps it in progress (information administrators). */
  respond: (suggestionId: string, text: string, interim: boolean) => api.post<SuggestionDetail>(`/suggestions/${id(suggestionId)}/responses`, { text, interim }),
  changeStatus: (suggestionId: string, status: 'in_progress' | 'closed', note?: string) =>
    api.post<SuggestionDetail>(`/suggestions/${id(suggestionId)}/status`, { status, ...(note ? { note } : {}) }),
  reopen: (suggestionId: string, reason: string) => api.post<SuggestionDetail>(`/suggestions/${id(suggestionId)}/reopen`, { reason }),
  /** Where the browser downloads the attachment: a plain GET with the session cookie, like the other console downloads. */
  attachmentUrl: (suggestionId: string) => `${API_BASE}/suggestions/${id(suggestionId)}/attachment`,
  /** The suggestion figures of a quarter's audit report (readers of reports; a draft is computed on each read). */
  quarterStatistics: async (quarter: string, signal?: AbortSignal): Promise<SuggestionStatistics> =>
    (await api.get<{ suggestions: SuggestionStatistics }>(`/reports/quarterly/${id(quarter)}`, { query: { format: 'json' }, ...(signal ? { signal } : {}) })).suggestions,
};

export const inboxApi = {
  list: (query: { unread?: boolean; limit?: number }, signal?: AbortSignal) =>
    api.get<InboxList>('/inbox', { query: { ...query }, ...(signal ? { signal } : {}) }),
  markRead: (ids: readonly string[]) => api.post<{ marked: number }>('/inbox/read', { ids }),
};

/** 异常告警: overseers read alerts and their evidence; the information administrator triages, scans and keeps staff–patient links. */
export const alertsApi = {
  list: (query: AlertQuery, signal?: AbortSignal) =>
    api.get<AlertPage>('/alerts', { query: { ...query }, ...(signal ? { signal } : {}) }),
  /** The alert with each evidence entry and its inclusion proof. */
  get: (alertId: string, signal?: AbortSignal) => api.get<AlertWithEvidence>(`/alerts/${id(alertId)}`, signal ? { signal } : {}),
  /** Once only: a second triage answers 409 ALERT_ALREADY_TRIAGED. */
  triage: (alertId: string, input: TriageInput) => api.post<AnomalyAlert>(`/alerts/${id(alertId)}/triage`, input),
  scan: () => api.post<AlertScanResult>('/alerts/scan'),
  links: (signal?: AbortSignal) =>
    api.get<ItemList<StaffPatientLink>>('/staff-patient-links', { query: { limit: 500 }, ...(signal ? { signal } : {}) }),
  link: async (patientId: string, userId: string) =>
    (await requestWithHeaders<StaffPatientLink>('PUT', `/staff-patient-links/${id(patientId)}`, { body: { userId } })).data,
  unlink: async (patientId: string) => (await requestWithHeaders<StaffPatientLink>('DELETE', `/staff-patient-links/${id(patientId)}`)).data,
};

/** 违规处理: cases, their steps and the subject's appeal; the server decides who sees which case. */
export const violationsApi = {
  list: (query: ViolationQuery, signal?: AbortSignal) =>
    api.get<{ items: ViolationCaseSummary[]; nextCursor: string | null }>('/violations', { query: { ...query }, ...(signal ? { signal } : {}) }),
  get: (caseId: string, signal?: AbortSignal) => api.get<ViolationCase>(`/violations/${id(caseId)}`, signal ? { signal } : {}),
  open: (input: NewViolationCase) => api.post<ViolationCase>('/violations', input),
  addNote: (caseId: string, text: string) => api.post<ViolationCase>(`/violations/${id(caseId)}/notes`, { text }),
  addEvidence: (caseId: string, input: ViolationEvidenceInput) => api.post<ViolationCase>(`/violations/${id(caseId)}/evidence`, input),
  /** Takes effect at once: sessions end, grants stop, API clients are suspended. */
  suspension: (caseId: string, action: 'apply' | 'lift', reason: string) =>
    api.post<ViolationCase>(`/violations/${id(caseId)}/suspension`, { action, reason }),
  decide: (caseId: string, input: ViolationDecisionInput) => api.post<ViolationCase>(`/violations/${id(caseId)}/decision`, input),
  approve: (caseId: string, approve: boolean, reason: string) => api.post<ViolationCase>(`/violations/${id(caseId)}/approval`, { approve, reason }),
  appeal: (caseId: string, text: string) => api.post<ViolationCase>(`/violations/${id(caseId)}/appeal`, { text }),
  close: (caseId: string, reason: string) => api.post<ViolationCase>(`/violations/${id(caseId)}/close`, { reason }),
};

/** 患者单独同意: a patient's consents, the signed-form upload, withdrawal; whose patients a caller reaches is the server's decision (others answer 404). */
export const consentsApi = {
  list: (patientId: string, signal?: AbortSignal) =>
    api.get<ItemList<Consent>>(`/patients/${id(patientId)}/consents`, signal ? { signal } : {}),
  get: (consentId: string, signal?: AbortSignal) => api.get<Consent>(`/consents/${id(consentId)}`, signal ? { signal } : {}),
  fhir: (consentId: string, signal?: AbortSignal) => api.get<FhirConsent>(`/consents/${id(consentId)}/fhir`, signal ? { signal } : {}),
  record: (patientId: string, input: RecordConsentInput) => api.post<Consent>(`/patients/${id(patientId)}/consents`, input),
  /** Step one of a signed-form consent: the file is stored (sealed) and its fileId then named by `record`. */
  uploadForm: (input: ConsentFormUpload) => api.post<UploadedConsentForm>('/consents/forms', input),
  /** Takes effect on the partner's next request. */
  withdraw: (consentId: string, reason: string) => api.post<Consent>(`/consents/${id(consentId)}/withdraw`, { reason }),
  /** Where the browser downloads the signed form (a plain GET with the session cookie; each download is audited). */
  formUrl: (consentId: string) => `${API_BASE}/consents/${id(consentId)}/form`,
  /** The signed form's bytes, for a preview in the page. */
  formContent: async (consentId: string, signal?: AbortSignal): Promise<Blob> => {
    const response = await sessionFetch(consentsApi.formUrl(consentId), { method: 'GET', signal });
    if (response.ok) return response.blob();
    let body: unknown;
    try {
      body = JSON.parse(await response.text());
    } catch {
      body = undefined;
    }
    throw parseProblem(response.status, response.statusText, body);
  },
};

/** 转诊: referrals out (a share request on the partner's behalf, on the fast track) and referrals partners sent in. */
export const referralsApi = {
  /** `patientId` narrows the list to one patient's referrals (the patient page). */
  list: (view: ReferralListView, signal?: AbortSignal, patientId?: string) =>
    api.get<ItemList<Referral>>('/referrals', { query: { view, limit: 200, ...(patientId === undefined ? {} : { patient: patientId }) }, ...(signal ? { signal } : {}) }),
  /** With its grants and the partner's reads. */
  get: (referralId: string, signal?: AbortSignal) => api.get<Referral>(`/referrals/${id(referralId)}`, signal ? { signal } : {}),
  /** 422 REFERRAL_CONSENT_MISSING when the patient's consent to the institution for referral is not in force. */
  refer: (input: ReferralInput) => api.post<Referral>('/referrals', input),
  review: (referralId: string, input: ReferralReviewInput) => api.post<Referral>(`/referrals/${id(referralId)}/review`, input),
  withdraw: (referralId: string) => api.post<Referral>(`/referrals/${id(referralId)}/withdraw`),
  inbound: (status: InboundStatus | undefined, signal?: AbortSignal) =>
    api.get<ItemList<InboundReferral>>('/referrals/inbound', { query: { status, limit: 200 }, ...(signal ? { signal } : {}) }),
  /** With the FHIR ServiceRequest as stored. */
  inboundOne: (referralId: string, signal?: AbortSignal) => api.get<InboundReferral>(`/referrals/inbound/${id(referralId)}`, signal ? { signal } : {}),
  /** Where the browser downloads a document sent with the referral (a plain GET with the session cookie; each download is audited). */
  attachmentUrl: (referralId: string, position: number) => `${API_BASE}/referrals/inbound/${id(referralId)}/attachments/${position}`,
  decide: (referralId: string, decision: 'accept' | 'decline', reason: string) =>
    api.post<InboundReferral>(`/referrals/inbound/${id(referralId)}/${decision}`, { reason }),
};
