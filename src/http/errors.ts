/**
 * The one registry of API errors. Each code is stable (clients match on it), has one HTTP status,
 * and a message in both console languages; `{placeholders}` are filled from the error's params.
 */
export interface ErrorDefinition {
  code: string;
  status: number;
  title: { en: string; zh: string };
}

export interface FieldProblem {
  path: string;
  message: string;
  /** A stable code for the finding (e.g. a pre-check name), so clients can show it in their own language. */
  code?: string;
}

const REGISTRY = new Map<string, ErrorDefinition>();

function define(code: string, status: number, en: string, zh: string): ErrorDefinition {
  const definition = { code, status, title: { en, zh } };
  REGISTRY.set(code, definition);
  return definition;
}

/**
 * The same registered code answered with another status where the contract asks for it (a wrong
 * code at sign-in is 401, on a signed-in change 422). Not registered: the code keeps one entry.
 */
function restatus(code: string, status: number): ErrorDefinition {
  const base = REGISTRY.get(code);
  if (!base) throw new Error(`restatus: ${code} is not defined yet`);
  return { ...base, status };
}

export const Errors = {
  VALIDATION_FAILED: define('VALIDATION_FAILED', 400, 'The request is not valid', '请求内容不合法'),
  MALFORMED_JSON: define('MALFORMED_JSON', 400, 'The request body is not valid JSON', '请求体不是合法的 JSON'),
  UNSUPPORTED_MEDIA_TYPE: define('UNSUPPORTED_MEDIA_TYPE', 415, 'Unsupported content type', '不支持的内容类型'),
  PAYLOAD_TOO_LARGE: define('PAYLOAD_TOO_LARGE', 413, 'The request body is too large', '请求体过大'),
  NOT_FOUND: define('NOT_FOUND', 404, 'Not found', '资源不存在'),
  METHOD_NOT_ALLOWED: define('METHOD_NOT_ALLOWED', 405, 'Method not allowed', '不允许的请求方法'),
  UNAUTHENTICATED: define('UNAUTHENTICATED', 401, 'Sign-in required or session expired', '未登录或会话已过期'),
  FORBIDDEN: define('FORBIDDEN', 403, 'You do not have permission for this action', '您没有执行此操作的权限'),
  PATIENT_DATA_FORBIDDEN: define('PATIENT_DATA_FORBIDDEN', 403, 'Your role has no access to patient data: system administrators manage the installation, accounts and keys, not clinical records (separation of duties)', '您的角色无权访问患者数据：系统管理员负责系统、账号与密钥管理，不接触临床数据（三员分立）'),
  PARTNER_TOKEN_INVALID: define('PARTNER_TOKEN_INVALID', 401, 'A valid partner access token is required (SMART Backend Services: POST /oauth2/token)', '需要有效的合作机构访问令牌（SMART Backend Services：POST /oauth2/token）'),
  METRICS_TOKEN_INVALID: define('METRICS_TOKEN_INVALID', 401, 'A valid metrics bearer token is required', '需要有效的监控指标访问令牌'),
  CSRF_FAILED: define('CSRF_FAILED', 403, 'Missing or wrong CSRF token', 'CSRF 令牌缺失或错误'),
  RATE_LIMITED: define('RATE_LIMITED', 429, 'Too many requests; try again later', '请求过于频繁，请稍后再试'),
  INTERNAL: define('INTERNAL', 500, 'Internal error', '服务器内部错误'),
  SERVICE_UNAVAILABLE: define('SERVICE_UNAVAILABLE', 503, 'Service unavailable', '服务暂不可用'),
  AUDIT_UNAVAILABLE: define('AUDIT_UNAVAILABLE', 503, 'The audit log cannot be written, so the request was not carried out', '审计日志无法写入，请求未执行'),
  AUDIT_ENTRY_NOT_FOUND: define('AUDIT_ENTRY_NOT_FOUND', 404, 'Audit entry {seq} not found', '审计记录 {seq} 不存在'),
  CHECKPOINT_NOT_FOUND: define('CHECKPOINT_NOT_FOUND', 404, 'No checkpoint at tree size {size}', '树大小为 {size} 的检查点不存在'),

  INVALID_CREDENTIALS: define('INVALID_CREDENTIALS', 401, 'Wrong username or password', '用户名或密码错误'),
  ACCOUNT_LOCKED: define('ACCOUNT_LOCKED', 423, 'Account locked after repeated failures; try again after {until}', '登录失败次数过多，账号已锁定，请于 {until} 后重试'),
  ACCOUNT_SUSPENDED: define('ACCOUNT_SUSPENDED', 403, 'This account is suspended', '该账号已被暂停'),
  ACCOUNT_DISABLED: define('ACCOUNT_DISABLED', 403, 'This account is disabled', '该账号已被停用'),
  PASSWORD_POLICY: define('PASSWORD_POLICY', 400, 'Password does not meet the policy: {reason}', '密码不符合策略：{reason}'),
  MFA_REQUIRED: define('MFA_REQUIRED', 401, 'Enter the 6-digit code from your authenticator app, or a recovery code', '请输入身份验证器应用中的 6 位动态验证码，或使用恢复码'),
  MFA_INVALID: define('MFA_INVALID', 401, 'The verification code is wrong, expired or already used', '验证码错误、已过期或已使用'),
  // The same code on the signed-in user's own two-step routes: the session is fine, the code is not.
  MFA_INVALID_CODE: restatus('MFA_INVALID', 422),
  MFA_ENROLMENT_REQUIRED: define('MFA_ENROLMENT_REQUIRED', 403, 'Your role requires two-step verification: set it up on your profile page first', '您的角色要求启用两步验证，请先在个人资料页完成设置'),
  MFA_ALREADY_ENROLLED: define('MFA_ALREADY_ENROLLED', 409, 'Two-step verification is already set up', '两步验证已启用'),
  MFA_ENROLMENT_NOT_FOUND: define('MFA_ENROLMENT_NOT_FOUND', 404, 'No two-step verification set-up is in progress, or it expired; start again', '没有进行中的两步验证设置或已过期，请重新开始'),
  MFA_NOT_ENROLLED: define('MFA_NOT_ENROLLED', 404, 'Two-step verification is not set up', '未启用两步验证'),
  MFA_REQUIRED_BY_POLICY: define('MFA_REQUIRED_BY_POLICY', 409, 'Your role requires two-step verification; it cannot be turned off', '您的角色要求两步验证，不能关闭'),

  USER_NOT_FOUND: define('USER_NOT_FOUND', 404, 'User not found', '用户不存在'),
  USERNAME_TAKEN: define('USERNAME_TAKEN', 409, 'Username "{username}" is already taken', '用户名“{username}”已被占用'),
  ROLE_CONFLICT: define('ROLE_CONFLICT', 400, 'Roles {roles} cannot be held together (separation of duties)', '角色 {roles} 不能同时授予（职责分离）'),
  ROLE_NOT_ASSIGNABLE: define('ROLE_NOT_ASSIGNABLE', 403, 'You may not assign the role {role}', '您无权授予角色 {role}'),
  DEPARTMENT_NOT_FOUND: define('DEPARTMENT_NOT_FOUND', 404, 'Department not found', '科室不存在'),
  DEPARTMENT_UNKNOWN: define('DEPARTMENT_UNKNOWN', 400, 'Department {departmentId} does not exist', '科室 {departmentId} 不存在'),
  DEPARTMENT_CODE_TAKEN: define('DEPARTMENT_CODE_TAKEN', 409, 'Department code "{code}" is already used', '科室编码“{code}”已被使用'),
  DEPARTMENT_IN_USE: define('DEPARTMENT_IN_USE', 409, 'Department still has active users', '该科室仍有在岗用户'),
  INSTITUTION_NOT_FOUND: define('INSTITUTION_NOT_FOUND', 404, 'Institution not found', '机构不存在'),
  INSTITUTION_CODE_TAKEN: define('INSTITUTION_CODE_TAKEN', 409, 'Institution code "{code}" is already used', '机构编码“{code}”已被使用'),
  AGREEMENT_DATES_INVALID: define('AGREEMENT_DATES_INVALID', 400, 'Agreement end date is before its start date', '协议结束日期早于开始日期'),
  API_CLIENT_NOT_FOUND: define('API_CLIENT_NOT_FOUND', 404, 'API client not found', 'API 客户端不存在'),
  API_CLIENT_KEY_INVALID: define('API_CLIENT_KEY_INVALID', 400, 'Public key is not valid: {reason}', '公钥无效：{reason}'),
  SELF_LOCKOUT: define('SELF_LOCKOUT', 409, 'You cannot suspend, disable or remove your own administrator role', '不能停用自己的账号或移除自己的管理员角色'),

  CATALOG_RESOURCE_NOT_FOUND: define('CATALOG_RESOURCE_NOT_FOUND', 404, 'Catalog resource {code} not found', '资源目录中不存在 {code}'),
  CATALOG_CODE_TAKEN: define('CATALOG_CODE_TAKEN', 409, 'Catalog code {code} is already used', '资源编码 {code} 已被使用'),
  CATALOG_DEFINITION_INVALID: define('CATALOG_DEFINITION_INVALID', 400, 'The resource definition breaks catalog rules', '资源定义不符合目录规则'),
  CATALOG_VERSION_CONFLICT: define('CATALOG_VERSION_CONFLICT', 412, 'The resource changed since version {expected}; it is now at version {actual}', '资源已被修改（当前版本 {actual}，您编辑的是版本 {expected}）'),
  RECORD_NOT_FOUND: define('RECORD_NOT_FOUND', 404, 'Record not found', '记录不存在'),
  PURPOSE_REQUIRED: define('PURPOSE_REQUIRED', 400, 'Data reads need an X-Purpose-Of-Use header (one of: {allowed})', '读取数据需提供 X-Purpose-Of-Use 请求头（可选：{allowed}）'),
  PURPOSE_UNKNOWN: define('PURPOSE_UNKNOWN', 400, 'Unknown purpose of use "{purpose}" (allowed: {allowed})', '未知的使用目的“{purpose}”（可选：{allowed}）'),
  OWNER_DEPARTMENT_UNKNOWN: define('OWNER_DEPARTMENT_UNKNOWN', 400, 'Owner department {code} does not exist', '归属科室 {code} 不存在'),
  POLICY_SETTING_UNKNOWN: define('POLICY_SETTING_UNKNOWN', 404, 'Unknown policy setting "{key}" (known: {known})', '未知的策略设置“{key}”（可选：{known}）'),
  GRANT_NOT_FOUND: define('GRANT_NOT_FOUND', 404, 'Grant not found', '授权不存在'),
  GRANT_INVALID: define('GRANT_INVALID', 422, 'The grant cannot be created: {reason}', '无法创建授权：{reason}'),
  GRANT_STATE_CONFLICT: define('GRANT_STATE_CONFLICT', 409, 'The grant is {status}; it cannot be {action}', '授权当前为“{status}”，不能{action}'),
  EMERGENCY_NOT_FOUND: define('EMERGENCY_NOT_FOUND', 404, 'Emergency access not found', '紧急访问记录不存在'),
  EMERGENCY_REASON_TOO_SHORT: define('EMERGENCY_REASON_TOO_SHORT', 400, 'State the clinical reason for emergency access in at least {min} characters', '请说明紧急访问的临床理由（至少 {min} 个字）'),
  EMERGENCY_NOT_ALLOWED: define('EMERGENCY_NOT_ALLOWED', 403, 'Only clinical staff in a department may open emergency access', '仅临床科室人员可发起紧急访问'),
  EMERGENCY_ALREADY_REVIEWED: define('EMERGENCY_ALREADY_REVIEWED', 409, 'This emergency access was already reviewed', '该紧急访问已复核'),
  PATIENT_NOT_FOUND: define('PATIENT_NOT_FOUND', 404, 'Patient not found', '患者不存在'),
  FHIR_SEARCH_INVALID: define('FHIR_SEARCH_INVALID', 400, 'Search parameter {parameter}: {reason}', '检索参数 {parameter}：{reason}'),
  SMART_SCOPE_INSUFFICIENT: define('SMART_SCOPE_INSUFFICIENT', 403, 'The access token\'s scopes do not allow {interaction} of {type}', '访问令牌的授权范围不允许对 {type} 执行{interaction}'),
  FHIR_TYPE_UNSUPPORTED: define('FHIR_TYPE_UNSUPPORTED', 404, 'Resource type {type} is not served here', '不支持资源类型 {type}'),
  BULK_GROUP_NOT_FOUND: define('BULK_GROUP_NOT_FOUND', 404, 'Group not found', '分组不存在'),
  BULK_EXPORT_REQUEST_INVALID: define('BULK_EXPORT_REQUEST_INVALID', 400, 'Bulk export request, {parameter}: {reason}', '批量导出请求 {parameter}：{reason}'),
  BULK_EXPORT_PURPOSE: define('BULK_EXPORT_PURPOSE', 400, 'This group is shared for the purpose "{expected}"; send that as X-Purpose-Of-Use, or no such header', '该分组的共享目的为“{expected}”，X-Purpose-Of-Use 须与之一致或不提供'),
  BULK_EXPORT_TOO_MANY: define('BULK_EXPORT_TOO_MANY', 429, 'At most {max} bulk exports may run at once for an institution; wait for one to finish or cancel one', '每个机构最多同时进行 {max} 个批量导出，请等待完成或取消后再试'),
  BULK_EXPORT_NOT_FOUND: define('BULK_EXPORT_NOT_FOUND', 404, 'Bulk export not found, cancelled or expired', '批量导出不存在、已取消或已过期'),
  BULK_EXPORT_FAILED: define('BULK_EXPORT_FAILED', 500, 'The bulk export failed: {reason}', '批量导出失败：{reason}'),
  BULK_EXPORT_WITHDRAWN: define('BULK_EXPORT_WITHDRAWN', 410, 'This bulk export can no longer be served: {reason}; start a new export', '该批量导出已不能提供：{reason}；请重新发起导出'),
  SHARE_REQUEST_NOT_FOUND: define('SHARE_REQUEST_NOT_FOUND', 404, 'Share request not found', '共享申请不存在'),
  SHARE_REQUEST_STATE: define('SHARE_REQUEST_STATE', 409, 'The request is {state}; it cannot be {action}', '申请当前状态为“{state}”，不能{action}'),
  SHARE_REQUEST_BLOCKED: define('SHARE_REQUEST_BLOCKED', 422, 'The request fails {count} pre-check(s); see findings', '申请未通过 {count} 项预审，请查看预审结果'),
  SHARE_REQUEST_OWN_REVIEW: define('SHARE_REQUEST_OWN_REVIEW', 403, 'Nobody reviews their own request', '不得审核本人提交的申请'),
  SHARE_REQUEST_NOT_REVIEWER: define('SHARE_REQUEST_NOT_REVIEWER', 403, 'This step is for {role}', '当前步骤应由{role}审核'),
  SHARE_REQUEST_NARROWING_INVALID: define('SHARE_REQUEST_NARROWING_INVALID', 422, 'Narrowing refused: {reason}', '收窄范围无效：{reason}'),
  SHARE_REQUEST_VERSION_CONFLICT: define('SHARE_REQUEST_VERSION_CONFLICT', 412, 'The request changed since version {expected}; it is now at version {actual}', '申请已被修改（当前版本 {actual}，您编辑的是版本 {expected}）'),
  PACKAGE_NOT_FOUND: define('PACKAGE_NOT_FOUND', 404, 'Export package not found', '导出包不存在'),
  PACKAGE_EXPIRED: define('PACKAGE_EXPIRED', 410, 'The export package expired at {expiresAt}; build a new one while the grant is in force', '导出包已于 {expiresAt} 过期，请在授权有效期内重新生成'),
  PACKAGE_DOWNLOADS_USED: define('PACKAGE_DOWNLOADS_USED', 410, 'The export package was already downloaded {allowed} time(s), as many as allowed', '导出包已下载 {allowed} 次，已达上限'),
  PACKAGE_GRANT_ENDED: define('PACKAGE_GRANT_ENDED', 410, 'The grant behind this package is {status}; its packages can no longer be downloaded', '该导出包所属授权已{status}，不能再下载'),
  PACKAGE_GRANT_UNSUITABLE: define('PACKAGE_GRANT_UNSUITABLE', 409, 'No export package can be built for this grant: {reason}', '无法为该授权生成导出包：{reason}'),
  PACKAGE_REQUEST_INVALID: define('PACKAGE_REQUEST_INVALID', 422, 'The export package cannot be built: {reason}', '无法生成导出包：{reason}'),
  PACKAGE_RECIPIENT_KEY: define('PACKAGE_RECIPIENT_KEY', 422, 'The recipient public key cannot be used: {reason}', '接收方公钥不可用：{reason}'),
  PACKAGE_K_ANONYMITY: define('PACKAGE_K_ANONYMITY', 422, 'De-identification reached k = {k}, below the required {threshold}; the package was not built', '去标识化后 k = {k}，低于要求的 {threshold}，未生成导出包'),
  PACKAGE_LIMIT: define('PACKAGE_LIMIT', 409, 'This grant already has {count} downloadable package(s), the most allowed; use or let one expire first', '该授权已有 {count} 个可下载的导出包，已达上限'),
  FEEDBACK_ALREADY_SUBMITTED: define('FEEDBACK_ALREADY_SUBMITTED', 409, 'Usage feedback for this grant was already submitted', '该授权的使用反馈已提交'),
  CONSENT_NOT_FOUND: define('CONSENT_NOT_FOUND', 404, 'Consent not found', '患者同意记录不存在'),
  CONSENT_WITHDRAWN: define('CONSENT_WITHDRAWN', 409, 'The consent was already withdrawn at {at}', '该同意已于 {at} 撤回'),
  CONSENT_RECIPIENT_INVALID: define('CONSENT_RECIPIENT_INVALID', 422, 'Institution {id} does not exist or is not active', '机构 {id} 不存在或未处于合作状态'),
  CONSENT_PURPOSE_UNKNOWN: define('CONSENT_PURPOSE_UNKNOWN', 422, 'Unknown purpose of use "{purpose}" (allowed: {allowed})', '未知的使用目的“{purpose}”（可选：{allowed}）'),
  CONSENT_CATALOG_UNKNOWN: define('CONSENT_CATALOG_UNKNOWN', 422, 'Catalog resource(s) not found: {codes}', '资源目录中不存在：{codes}'),
  CONSENT_PERIOD_INVALID: define('CONSENT_PERIOD_INVALID', 400, 'The consent must end after it starts (from {from} to {to})', '同意的截止时间须晚于生效时间（{from} 至 {to}）'),
  CONSENT_RECORDED_IN_FUTURE: define('CONSENT_RECORDED_IN_FUTURE', 400, 'The consent cannot have been given in the future ({recordedAt})', '同意时间不能晚于当前时间（{recordedAt}）'),
  CONSENT_CLINICIAN_INVALID: define('CONSENT_CLINICIAN_INVALID', 422, 'A verbal consent is taken by an active clinician; {id} is not one', '口头同意须由在岗临床人员记录，{id} 不符合'),
  CONSENT_FORM_INVALID: define('CONSENT_FORM_INVALID', 422, 'Signed form {fileId} cannot be used: {reason}', '书面同意书 {fileId} 不可用：{reason}'),
  CONSENT_FORM_TYPE: define('CONSENT_FORM_TYPE', 415, 'The signed form must be a PDF, JPEG or PNG file whose content matches its declared type', '书面同意书须为 PDF、JPEG 或 PNG 文件，且内容与声明的类型一致'),
  CONSENT_FORM_TOO_LARGE: define('CONSENT_FORM_TOO_LARGE', 413, 'The signed form is larger than {max}', '书面同意书超过 {max}'),
  CONSENT_FORM_NOT_FOUND: define('CONSENT_FORM_NOT_FOUND', 404, 'This consent has no signed form', '该同意记录没有书面同意书'),
  REFERRAL_NOT_FOUND: define('REFERRAL_NOT_FOUND', 404, 'Referral not found', '转诊不存在'),
  REFERRAL_CONSENT_MISSING: define('REFERRAL_CONSENT_MISSING', 422, 'Patient {patientId} has no separate consent in force to {institution} for referral covering {codes}; record the consent first', '患者 {patientId} 没有向{institution}提供转诊资料的有效单独同意（未覆盖：{codes}），请先记录患者同意'),
  REFERRAL_INSTITUTION_INVALID: define('REFERRAL_INSTITUTION_INVALID', 422, 'Institution {id} cannot receive referrals now: {reason}', '机构 {id} 当前不能接收转诊：{reason}'),
  REFERRAL_DOCUMENTS_INVALID: define('REFERRAL_DOCUMENTS_INVALID', 422, 'The referral document set cannot be changed that way: {reason}', '转诊资料范围无效：{reason}'),
  REFERRAL_SERVICE_REQUEST_INVALID: define('REFERRAL_SERVICE_REQUEST_INVALID', 400, 'The ServiceRequest is not a valid referral ({count} problem(s)); nothing was stored', 'ServiceRequest 不是有效的转诊申请（{count} 处问题），未保存任何内容'),
  REFERRAL_DEPARTMENT_UNKNOWN: define('REFERRAL_DEPARTMENT_UNKNOWN', 422, 'Department {code} does not exist here or does not take referrals', '本院没有可接收转诊的科室 {code}'),
  REFERRAL_ATTACHMENT_TOO_LARGE: define('REFERRAL_ATTACHMENT_TOO_LARGE', 413, 'Attachments may be {max} each and {total} together; {which} is larger', '附件每个不超过 {max}，合计不超过 {total}；{which}超出限制'),
  REFERRAL_ATTACHMENT_TYPE: define('REFERRAL_ATTACHMENT_TYPE', 415, 'Attachment {which} must be PDF, JPEG, PNG or plain text, and its content must match its declared type', '附件 {which} 须为 PDF、JPEG、PNG 或纯文本，且内容与声明的类型一致'),
  INBOUND_REFERRAL_NOT_FOUND: define('INBOUND_REFERRAL_NOT_FOUND', 404, 'Referral not found', '转入申请不存在'),
  INBOUND_REFERRAL_DECIDED: define('INBOUND_REFERRAL_DECIDED', 409, 'The referral was already {status} at {at}', '该转入申请已于 {at} {status}'),
  SUGGESTION_NOT_FOUND: define('SUGGESTION_NOT_FOUND', 404, 'Suggestion or complaint not found', '建议或投诉不存在'),
  SUGGESTION_STATE: define('SUGGESTION_STATE', 409, 'The suggestion is {status}; it cannot be {action}', '该建议/投诉当前为“{status}”，不能{action}'),
  SUGGESTION_CHANGED: define('SUGGESTION_CHANGED', 409, 'The suggestion changed meanwhile; reload it and try again', '该建议/投诉已被更新，请刷新后重试'),
  SUGGESTION_REOPEN_EXPIRED: define('SUGGESTION_REOPEN_EXPIRED', 409, 'An answer can be contested for {days} days; this one could be reopened until {until}', '答复后 {days} 天内可重新打开，本条已于 {until} 截止'),
  SUGGESTION_OWN: define('SUGGESTION_OWN', 403, 'Nobody handles their own suggestion or complaint', '不得处理本人提交的建议或投诉'),
  SUGGESTION_ATTACHMENT_TOO_LARGE: define('SUGGESTION_ATTACHMENT_TOO_LARGE', 413, 'The attachment is larger than {max}', '附件超过 {max}'),
  SUGGESTION_ATTACHMENT_NOT_FOUND: define('SUGGESTION_ATTACHMENT_NOT_FOUND', 404, 'This suggestion has no attachment', '该建议/投诉没有附件'),
  REPORT_ISSUED: define('REPORT_ISSUED', 409, 'The report of {quarter} is issued and can no longer change', '{quarter} 季度审计报告已签发，不可再修改'),
  REPORT_NOT_ISSUED: define('REPORT_NOT_ISSUED', 404, 'The report of {quarter} has not been issued', '{quarter} 季度审计报告尚未签发'),
  REPORT_QUARTER_OPEN: define('REPORT_QUARTER_OPEN', 409, 'The quarter {quarter} is not over until {endsAt}; its report can be issued after that', '{quarter} 季度至 {endsAt} 才结束，结束后方可签发报告'),
  VIOLATION_NOT_FOUND: define('VIOLATION_NOT_FOUND', 404, 'Violation case not found', '违规案件不存在'),
  VIOLATION_STATE: define('VIOLATION_STATE', 409, 'The violation case is {status}; this step is not possible now', '违规案件当前状态为 {status}，无法执行此操作'),
  VIOLATION_DECISION_INVALID: define('VIOLATION_DECISION_INVALID', 422, 'This decision does not fit the case: {reason}', '该处理决定不适用于此案件：{reason}'),
  VIOLATION_APPROVAL: define('VIOLATION_APPROVAL', 409, 'The second approval cannot be given: {reason}', '无法进行第二人审批：{reason}'),
  VIOLATION_EVIDENCE_INVALID: define('VIOLATION_EVIDENCE_INVALID', 422, 'Evidence not found: {missing}', '证据不存在：{missing}'),
  ALERT_NOT_FOUND: define('ALERT_NOT_FOUND', 404, 'Alert not found', '告警不存在'),
  ALERT_ALREADY_TRIAGED: define('ALERT_ALREADY_TRIAGED', 409, 'This alert was already {status}', '该告警已{status}'),
  ALERT_NO_SUBJECT: define('ALERT_NO_SUBJECT', 422, 'This alert names no user or department to open a violation case against', '该告警未指向具体用户或科室，无法立案'),
  STAFF_LINK_INVALID: define('STAFF_LINK_INVALID', 422, 'The staff–patient link cannot be made: {reason}', '无法建立职工与患者的关联：{reason}'),
  STAFF_LINK_NOT_FOUND: define('STAFF_LINK_NOT_FOUND', 404, 'No staff account is linked to this patient', '该患者未关联职工账号'),
} as const;

export type ErrorCode = keyof typeof Errors;

/** A parameter is either language-neutral (an id, a date) or given in both console languages. */
export type ErrorParam = string | number | { en: string; zh: string };
export type Language = 'en' | 'zh';

export class AppError extends Error {
  constructor(
    readonly definition: ErrorDefinition,
    readonly params: Record<string, ErrorParam> = {},
    readonly problems: FieldProblem[] = [],
    /** RFC 9457 extension members (machine-readable facts such as a k-anonymity result); never secrets. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(`${definition.code}: ${fill(definition.title.en, params, 'en')}`);
    this.name = 'AppError';
  }

  get status(): number {
    return this.definition.status;
  }

  get code(): string {
    return this.definition.code;
  }
}

export function fill(template: string, params: Record<string, ErrorParam>, language: Language): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    if (value === undefined) return whole;
    return typeof value === 'object' ? value[language] : String(value);
  });
}

export function errorDefinition(code: string): ErrorDefinition | undefined {
  return REGISTRY.get(code);
}

export function allErrorDefinitions(): ErrorDefinition[] {
  return [...REGISTRY.values()];
}
