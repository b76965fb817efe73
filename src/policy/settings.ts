import { Type, type Static, type TSchema } from 'typebox';
import { FIELD_TYPES } from '../catalog/types.js';
import { ROLES } from '../org/index.js';

/**
 * The policy settings (policy Ch.8: rules are revised and take effect on a date). Each key has a
 * schema and a default; stored versions override the default from their effective date on.
 * Values are plain JSON so an information administrator can edit them without a release.
 */
const Localized = Type.Object({ zh: Type.String({ minLength: 1, maxLength: 100 }), en: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const PurposeList = Type.Array(
  Type.Object({ code: Type.String({ pattern: '^[a-z][a-z-]{1,39}$' }), label: Localized }, { additionalProperties: false }),
  { minItems: 1, maxItems: 50 },
);

export const MASKING_STRATEGIES = ['name', 'id-number', 'phone', 'address', 'birth-year', 'keep-last-4', 'redact', 'pseudonym'] as const;

export const MaskingRules = Type.Array(
  Type.Object(
    {
      match: Type.Object(
        {
          fieldName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          fieldType: Type.Optional(Type.Enum([...FIELD_TYPES])),
          identifierKind: Type.Optional(Type.Enum(['direct', 'quasi'])),
        },
        { additionalProperties: false },
      ),
      strategy: Type.Enum([...MASKING_STRATEGIES]),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 100 },
);

export const EmergencySettings = Type.Object(
  {
    windowMinutes: Type.Integer({ minimum: 5, maximum: 24 * 60 }),
    reviewDeadlineHours: Type.Integer({ minimum: 1, maximum: 24 * 14 }),
    minReasonLength: Type.Integer({ minimum: 1, maximum: 500 }),
  },
  { additionalProperties: false },
);

export const CareTeamSettings = Type.Object(
  { afterDischargeHours: Type.Integer({ minimum: 0, maximum: 24 * 90 }) },
  { additionalProperties: false },
);

export const RecentResultsSettings = Type.Object(
  { days: Type.Integer({ minimum: 1, maximum: 3650 }), catalogCodes: Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' }), { minItems: 1, maxItems: 20 }) },
  { additionalProperties: false },
);

export const SharingPurposes = Type.Array(
  Type.Object(
    {
      purpose: Type.String({ pattern: '^[a-z][a-z-]{1,39}$' }),
      /** Policy 5.1 categories this purpose may draw on. */
      categories: Type.Array(Type.Enum(['clinical', 'financial', 'management']), { minItems: 1 }),
      /** Fields the purpose needs, per catalog resource; anything else requested is flagged as extra. */
      necessaryFields: Type.Record(Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' }), Type.Array(Type.String({ pattern: '^[a-z][A-Za-z0-9]{0,63}$' }))),
      maxAccessDays: Type.Integer({ minimum: 1, maximum: 3650 }),
      /** named: the request must list its patients; any: criteria allowed; all patients only if de-identified. */
      patientScope: Type.Enum(['named', 'any']),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 50 },
);

export const ReviewSettings = Type.Object(
  { stepHours: Type.Integer({ minimum: 1, maximum: 24 * 30 }), feedbackDueDays: Type.Integer({ minimum: 1, maximum: 365 }) },
  { additionalProperties: false },
);

/**
 * The referral (转诊) fast track: referral share requests skip the risk-based review path and take
 * these steps, each due `targetMinutes` after submission. `dept_head` is the head of the referring
 * clinician's department (the information administrator when the referrer is that head).
 */
export const ReferralSettings = Type.Object(
  {
    reviewSteps: Type.Array(Type.Enum(['dept_head', 'privacy_officer', 'info_admin']), { minItems: 1, maxItems: 3, uniqueItems: true }),
    targetMinutes: Type.Integer({ minimum: 5, maximum: 24 * 60 }),
    /** Days the partner may read, from approval; the `referral` purpose's maximum still applies. */
    accessDays: Type.Integer({ minimum: 1, maximum: 365 }),
    /** Reports, notes and prescriptions of this many months back are shared. */
    lookbackMonths: Type.Integer({ minimum: 1, maximum: 120 }),
    /** Resources of the referral document set shared whatever their date: standing facts, not events. */
    wholeHistory: Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]{2,63}$' }), { maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const PackageSettings = Type.Object(
  {
    /** Downloads allowed per export package. */
    maxDownloads: Type.Integer({ minimum: 1, maximum: 20 }),
    /** Days a package stays downloadable (never beyond its grant's end). */
    expiryDays: Type.Integer({ minimum: 1, maximum: 90 }),
    /** Packages of one grant that may be downloadable at the same time. */
    maxReadyPerGrant: Type.Integer({ minimum: 1, maximum: 50 }),
  },
  { additionalProperties: false },
);

export const WebhookSettings = Type.Object(
  {
    url: Type.Union([Type.Null(), Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 })]),
    kinds: Type.Array(Type.Enum(['review-item', 'review-overdue', 'returned', 'approved', 'rejected', 'revoked', 'share-closed', 'feedback-due', 'feedback-overdue', 'suggestion-new', 'suggestion-reopened', 'suggestion-progress', 'suggestion-answered', 'suggestion-closed', 'violation-opened', 'violation-suspended', 'violation-decided', 'violation-closed', 'referral-received']), { maxItems: 19 }),
  },
  { additionalProperties: false },
);

const Switch = { enabled: Type.Boolean() };
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

/** Anomaly rules (异常告警) of supervision: each can be switched off; times are the hospital's (Asia/Shanghai). */
export const AlertRuleSettings = Type.Object(
  {
    bulkAccess: Type.Object({ ...Switch, maxPatients: Type.Integer({ minimum: 1, maximum: 100_000 }), windowMinutes: Type.Integer({ minimum: 5, maximum: 24 * 60 }) }, { additionalProperties: false }),
    offHours: Type.Object(
      {
        ...Switch,
        start: ClockTime,
        end: ClockTime,
        weekends: Type.Boolean(),
        minLevel: Type.Integer({ minimum: 1, maximum: 5 }),
        exemptBases: Type.Array(Type.Enum(['department', 'care-team', 'grant', 'emergency']), { maxItems: 4 }),
      },
      { additionalProperties: false },
    ),
    staffPatient: Type.Object(Switch, { additionalProperties: false }),
    repeatedDenials: Type.Object({ ...Switch, threshold: Type.Integer({ minimum: 2, maximum: 1000 }), windowMinutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }) }, { additionalProperties: false }),
    lapsedGrant: Type.Object(Switch, { additionalProperties: false }),
    emergencyReview: Type.Object({ ...Switch, hours: Type.Integer({ minimum: 1, maximum: 24 * 14 }) }, { additionalProperties: false }),
    exportSpike: Type.Object({ ...Switch, factor: Type.Number({ minimum: 1, maximum: 100 }), floor: Type.Integer({ minimum: 1, maximum: 100_000_000 }), trailingDays: Type.Integer({ minimum: 7, maximum: 90 }) }, { additionalProperties: false }),
    dormantAccount: Type.Object({ ...Switch, days: Type.Integer({ minimum: 7, maximum: 3650 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

/**
 * Two-step sign-in (ADR 0023): holders of these roles must sign in with a TOTP code; until they
 * enrol, every route but enrolment answers 403. A level-3 installation lists every staff role.
 */
export const MfaSettings = Type.Object(
  { requiredRoles: Type.Array(Type.Enum([...ROLES]), { maxItems: ROLES.length, uniqueItems: true }) },
  { additionalProperties: false },
);

const label = (zh: string, en: string) => ({ zh, en });

export const POLICY_SETTINGS = {
  'access.purposes': {
    schema: PurposeList,
    description: label('使用目的(X-Purpose-Of-Use 可选值)', 'Purposes of use (values of X-Purpose-Of-Use)'),
    defaultValue: [
      { code: 'treatment', label: label('诊疗', 'Treatment') },
      { code: 'referral', label: label('转诊', 'Referral') },
      { code: 'nursing', label: label('护理', 'Nursing') },
      { code: 'pharmacy', label: label('药事', 'Pharmacy') },
      { code: 'billing', label: label('收费结算', 'Billing') },
      { code: 'quality-control', label: label('质量控制', 'Quality control') },
      { code: 'research', label: label('科研', 'Research') },
      { code: 'public-health', label: label('公共卫生', 'Public health') },
      { code: 'patient-request', label: label('患者本人申请', 'Patient request') },
      { code: 'management', label: label('医院管理', 'Management') },
    ] as Static<typeof PurposeList>,
  },
  'access.masking': {
    schema: MaskingRules,
    description: label('授权范围外标识符的脱敏规则(按顺序匹配)', 'Masking of identifiers outside a grant (first matching rule wins)'),
    // First match wins: named fields get their conventional mask; references that identify a person
    // are pseudonymised so records stay linkable; any other direct identifier is redacted; dates that
    // narrow a person down are cut to the year; other quasi-identifiers are redacted. Fields that
    // identify nobody (`none`) match no rule and need no masking.
    defaultValue: [
      { match: { fieldName: 'name' }, strategy: 'name' },
      { match: { fieldName: 'emergencyContactName' }, strategy: 'name' },
      { match: { fieldName: 'idNumber' }, strategy: 'id-number' },
      { match: { fieldName: 'phone' }, strategy: 'phone' },
      { match: { fieldName: 'emergencyContactPhone' }, strategy: 'phone' },
      { match: { fieldName: 'address' }, strategy: 'address' },
      { match: { fieldName: 'homeAddress' }, strategy: 'address' },
      { match: { fieldName: 'birthDate' }, strategy: 'birth-year' },
      { match: { fieldName: 'mrn' }, strategy: 'keep-last-4' },
      { match: { fieldName: 'visitNumber' }, strategy: 'keep-last-4' },
      { match: { fieldType: 'reference', identifierKind: 'direct' }, strategy: 'pseudonym' },
      { match: { identifierKind: 'direct' }, strategy: 'redact' },
      { match: { fieldType: 'date', identifierKind: 'quasi' }, strategy: 'birth-year' },
      { match: { fieldType: 'datetime', identifierKind: 'quasi' }, strategy: 'birth-year' },
      { match: { fieldType: 'period', identifierKind: 'quasi' }, strategy: 'birth-year' },
      { match: { identifierKind: 'quasi' }, strategy: 'redact' },
    ] as Static<typeof MaskingRules>,
  },
  'access.emergency': {
    schema: EmergencySettings,
    description: label('紧急访问:时间窗、复核时限、理由最短长度', 'Emergency access: window, review deadline, minimum reason length'),
    defaultValue: { windowMinutes: 240, reviewDeadlineHours: 24, minReasonLength: 10 } as Static<typeof EmergencySettings>,
  },
  'access.careTeam': {
    schema: CareTeamSettings,
    description: label('诊疗关系:出院后仍可访问的小时数', 'Care team: hours after discharge the treating relationship still holds'),
    defaultValue: { afterDischargeHours: 72 } as Static<typeof CareTeamSettings>,
  },
  'access.recentResults': {
    schema: RecentResultsSettings,
    description: label('已有检查检验结果:回看天数与资源', 'Existing results: look-back days and resources'),
    defaultValue: { days: 30, catalogCodes: ['CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT'] } as Static<typeof RecentResultsSettings>,
  },
  'sharing.purposes': {
    schema: SharingPurposes,
    description: label('共享目的模板:可用类别、必要字段、最长期限、患者范围要求', 'Sharing purpose templates: categories, necessary fields, maximum period, patient scope'),
    defaultValue: [
      { purpose: 'treatment', categories: ['clinical'], necessaryFields: { CLIN_LAB_REPORT: ['patient', 'testCode', 'collectedAt', 'resultQuantity', 'resultCode', 'resultText', 'referenceRange', 'interpretation', 'conclusion'], CLIN_IMAGING_REPORT: ['patient', 'modality', 'procedure', 'bodySite', 'startedAt', 'finding', 'conclusion'] }, maxAccessDays: 30, patientScope: 'named' },
      // The referral document set (转诊资料): who the patient is, the summary (diagnoses, clinical notes), recent results, medications, allergies.
      {
        purpose: 'referral',
        categories: ['clinical'],
        necessaryFields: {
          CLIN_PATIENT: ['mrn', 'idNumber', 'name', 'gender', 'birthDate'],
          CLIN_DIAGNOSIS: ['patient', 'diagnosisCode', 'category', 'clinicalStatus', 'verificationStatus', 'onset', 'recordedDate'],
          CLIN_NOTE: ['patient', 'documentType', 'documentClass', 'date', 'title', 'content'],
          CLIN_LAB_REPORT: ['patient', 'category', 'testCode', 'collectedAt', 'issued', 'specimen', 'resultQuantity', 'resultCode', 'resultText', 'referenceRange', 'interpretation', 'results', 'conclusion'],
          CLIN_IMAGING_REPORT: ['patient', 'modality', 'procedure', 'category', 'bodySite', 'startedAt', 'issued', 'finding', 'conclusionCode', 'conclusion'],
          CLIN_PRESCRIPTION: ['patient', 'medication', 'status', 'authoredOn', 'dosage', 'quantity', 'daysSupply', 'handedOverAt'],
          CLIN_ALLERGY: ['patient', 'substance', 'allergyType', 'category', 'criticality', 'clinicalStatus', 'verificationStatus', 'reaction', 'reactionSeverity', 'onset', 'recordedDate'],
        },
        maxAccessDays: 30,
        patientScope: 'named',
      },
      { purpose: 'quality-control', categories: ['clinical', 'management'], necessaryFields: { CLIN_LAB_REPORT: ['testCode', 'collectedAt', 'resultQuantity', 'resultCode', 'interpretation'] }, maxAccessDays: 90, patientScope: 'any' },
      { purpose: 'research', categories: ['clinical'], necessaryFields: {}, maxAccessDays: 365, patientScope: 'any' },
      { purpose: 'public-health', categories: ['clinical'], necessaryFields: {}, maxAccessDays: 90, patientScope: 'any' },
      { purpose: 'billing', categories: ['financial'], necessaryFields: {}, maxAccessDays: 90, patientScope: 'any' },
      { purpose: 'management', categories: ['management', 'financial'], necessaryFields: {}, maxAccessDays: 180, patientScope: 'any' },
      { purpose: 'nursing', categories: ['clinical'], necessaryFields: {}, maxAccessDays: 30, patientScope: 'named' },
      { purpose: 'pharmacy', categories: ['clinical'], necessaryFields: {}, maxAccessDays: 30, patientScope: 'named' },
      { purpose: 'patient-request', categories: ['clinical', 'financial'], necessaryFields: {}, maxAccessDays: 30, patientScope: 'named' },
    ] as Static<typeof SharingPurposes>,
  },
  'sharing.review': {
    schema: ReviewSettings,
    description: label('审核时限(每步小时数)与使用反馈期限(到期后天数)', 'Review deadline per step (hours) and usage feedback due (days after expiry)'),
    defaultValue: { stepHours: 48, feedbackDueDays: 14 } as Static<typeof ReviewSettings>,
  },
  'sharing.referral': {
    schema: ReferralSettings,
    description: label('转诊快速审核:审核步骤、目标时限(分钟)、授权天数、资料回看月数、不限时间的资源', 'Referral fast track: review steps, target (minutes), access days, look-back months, resources shared whatever their date'),
    defaultValue: { reviewSteps: ['dept_head'], targetMinutes: 30, accessDays: 14, lookbackMonths: 12, wholeHistory: ['CLIN_PATIENT', 'CLIN_DIAGNOSIS', 'CLIN_ALLERGY'] } as Static<typeof ReferralSettings>,
  },
  'notifications.webhook': {
    schema: WebhookSettings,
    description: label('通知外发:Webhook 地址(如对接院内消息/邮件网关)与事件类型', 'Outbound notifications: webhook URL (e.g. the hospital message or e-mail gateway) and event kinds'),
    defaultValue: { url: null, kinds: ['review-item', 'review-overdue', 'returned', 'approved', 'rejected', 'revoked', 'share-closed', 'feedback-due', 'feedback-overdue'] } as Static<typeof WebhookSettings>,
  },
  'sharing.packages': {
    schema: PackageSettings,
    description: label('导出包:每个包允许下载次数、有效天数(不超过授权期限)、每项授权同时可下载的包数', 'Export packages: downloads allowed per package, days until a package expires (never past its grant), packages downloadable at once per grant'),
    defaultValue: { maxDownloads: 3, expiryDays: 7, maxReadyPerGrant: 5 } as Static<typeof PackageSettings>,
  },
  'supervision.alertRules': {
    schema: AlertRuleSettings,
    description: label('异常告警规则:批量访问、非工作时间访问敏感数据、访问同事病历、反复被拒、使用失效授权、紧急访问超时未复核、导出量激增、休眠账号', 'Anomaly alert rules: bulk access, off-hours access to sensitive data, colleagues’ records, repeated denials, expired or revoked grants, unreviewed emergency access, export spikes, dormant accounts'),
    defaultValue: {
      bulkAccess: { enabled: true, maxPatients: 100, windowMinutes: 60 },
      offHours: { enabled: true, start: '22:00', end: '06:00', weekends: false, minLevel: 4, exemptBases: ['care-team', 'emergency'] },
      staffPatient: { enabled: true },
      repeatedDenials: { enabled: true, threshold: 5, windowMinutes: 15 },
      lapsedGrant: { enabled: true },
      emergencyReview: { enabled: true, hours: 24 },
      exportSpike: { enabled: true, factor: 3, floor: 1000, trailingDays: 30 },
      dormantAccount: { enabled: true, days: 90 },
    } as Static<typeof AlertRuleSettings>,
  },
  'auth.mfa': {
    schema: MfaSettings,
    description: label('两步验证:必须使用动态验证码登录的角色', 'Two-step sign-in: roles that must sign in with an authenticator code'),
    defaultValue: { requiredRoles: [] } as Static<typeof MfaSettings>,
  },
} satisfies Record<string, { schema: TSchema; description: { zh: string; en: string }; defaultValue: unknown }>;

export type PolicyKey = keyof typeof POLICY_SETTINGS;
export type PolicyValue<K extends PolicyKey> = (typeof POLICY_SETTINGS)[K]['defaultValue'];
export const POLICY_KEYS = Object.keys(POLICY_SETTINGS) as PolicyKey[];

export function isPolicyKey(value: string): value is PolicyKey {
  return Object.hasOwn(POLICY_SETTINGS, value);
}
