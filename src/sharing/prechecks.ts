import type { CatalogResourceDefinition } from '../catalog/index.js';
import type { PolicyValue } from '../policy/index.js';
import { consentCovers, type ConsentTerms } from './consent/consent.js';
import type { ShareRequestForm } from './types.js';

/**
 * Automatic legality and necessity checks on a share request (policy 5.2, 5.3 step 2). Pure
 * functions of the form, the catalog and the policy settings in force: every reviewer sees the same
 * findings, and a finding of severity `block` stops submission.
 */
export type Severity = 'block' | 'warn' | 'info';

export type CheckName =
  | 'share-type'
  | 'share-condition'
  | 'purpose-known'
  | 'purpose-category'
  | 'legal-basis'
  | 'consent'
  | 'fields-known'
  | 'fields-necessary'
  | 'patient-scope'
  | 'access-period'
  | 'data-period'
  | 'feedback-overdue'
  | 'resource-status';

export interface Finding {
  check: CheckName;
  severity: Severity;
  /** The catalog resource (and field) the finding is about, when it is about one. */
  catalogCode?: string;
  fields?: string[];
  /** Named patients the finding is about (for `consent`: those without a consent in force). */
  patients?: string[];
  message: { zh: string; en: string };
}

export interface PrecheckContext {
  catalog: ReadonlyMap<string, CatalogResourceDefinition>;
  purposes: PolicyValue<'sharing.purposes'>;
  /** Overdue usage feedback of the requester (grant ids); any blocks a new request. */
  overdueFeedback: readonly string[];
  /**
   * Recorded consents (单独同意) of the named patients to the recipient institution; the service
   * loads them, this module only weighs them. Empty when the recipient is not an institution.
   */
  consents: readonly ConsentTerms[];
  /** When the access asked for would start (the request is decided now): consents must be in force then. */
  accessStart: string;
}

const t = (zh: string, en: string) => ({ zh, en });

export function precheck(form: ShareRequestForm, context: PrecheckContext): Finding[] {
  const findings: Finding[] = [];
  const template = context.purposes.find((p) => p.purpose === form.purpose);
  if (!template) findings.push({ check: 'purpose-known', severity: 'block', message: t(`共享目的“${form.purpose}”未在策略中定义`, `Purpose "${form.purpose}" is not defined in the sharing policy`) });
  findings.push(...legalBasisFindings(form));
  for (const requested of form.resources) {
    const resource = context.catalog.get(requested.catalogCode);
    if (!resource) {
      findings.push({ check: 'resource-status', severity: 'block', catalogCode: requested.catalogCode, message: t(`资源目录中不存在 ${requested.catalogCode}`, `Catalog resource ${requested.catalogCode} does not exist`) });
      continue;
    }
    findings.push(...resourceFindings(form, requested.fields.map((f) => f.name), resource, template, context));
  }
  if (template) findings.push(...scopeFindings(form, template));
  if (context.overdueFeedback.length > 0) {
    findings.push({ check: 'feedback-overdue', severity: 'block', message: t(`有 ${context.overdueFeedback.length} 项使用反馈逾期未提交,须先提交`, `${context.overdueFeedback.length} usage feedback report(s) are overdue; submit them first`) });
  }
  return findings;
}

function legalBasisFindings(form: ShareRequestForm): Finding[] {
  const { kind, text } = form.legalBasis;
  if (kind === 'other' && !text?.trim()) return [{ check: 'legal-basis', severity: 'block', message: t('法律依据为“其他”时须说明具体依据', 'Name the legal basis when it is "other"') }];
  return [];
}

function resourceFindings(form: ShareRequestForm, fields: string[], resource: CatalogResourceDefinition, template: PolicyValue<'sharing.purposes'>[number] | undefined, context: PrecheckContext): Finding[] {
  const code = resource.code;
  const findings: Finding[] = [];
  if (resource.status !== 'published') findings.push({ check: 'resource-status', severity: 'block', catalogCode: code, message: t(`${resource.name.zh}尚未发布或已停用`, `${resource.name.en} is not published`) });
  if (resource.shareType === 'not_shareable') {
    findings.push({ check: 'share-type', severity: 'block', catalogCode: code, message: t(`${resource.name.zh}为不予共享资源:${resource.legalBasis?.zh ?? ''}`, `${resource.name.en} is not shareable: ${resource.legalBasis?.en ?? ''}`) });
  }
  if (resource.shareType === 'conditional' && resource.shareCondition) {
    findings.push({ check: 'share-condition', severity: 'info', catalogCode: code, message: t(`有条件共享:${resource.shareCondition.zh}`, `Conditional sharing: ${resource.shareCondition.en}`) });
  }
  if (template && !template.categories.includes(resource.category)) {
    findings.push({ check: 'purpose-category', severity: 'block', catalogCode: code, message: t(`目的“${form.purpose}”不得使用${resource.category}类信息`, `Purpose "${form.purpose}" may not draw on ${resource.category} data`) });
  }
  const known = new Map(resource.fields.map((f) => [f.name, f]));
  const unknown = fields.filter((f) => !known.has(f));
  if (unknown.length) findings.push({ check: 'fields-known', severity: 'block', catalogCode: code, fields: unknown, message: t(`未知字段:${unknown.join('、')}`, `Unknown fields: ${unknown.join(', ')}`) });
  const necessary = template?.necessaryFields[code];
  if (necessary) {
    const extra = fields.filter((f) => known.has(f) && !necessary.includes(f));
    if (extra.length) findings.push({ check: 'fields-necessary', severity: 'warn', catalogCode: code, fields: extra, message: t(`超出目的必要字段:${extra.join('、')}(请说明理由)`, `Beyond the fields this purpose needs: ${extra.join(', ')} (justify them)`) });
  }
  // PIPL Art. 23/29: identifiable sensitive data to another processor needs separate consent.
  const level = Math.max(resource.defaultLevel, ...fields.map((f) => known.get(f)?.level ?? 0));
  if (form.recipient.kind === 'institution' && level >= 3 && form.identification !== 'de-identified') findings.push(...consentFindings(form, code, context));
  return findings;
}

/**
 * Each named patient needs a recorded consent in force when access starts, covering the
 * institution, the purpose and this resource. Consent is given per person, so a patient set drawn
 * by criteria cannot be shown to have it: such a request must name its patients or de-identify.
 * The form's `consentOnRecord` is the requester's word only and no longer satisfies this check.
 */
function consentFindings(form: ShareRequestForm, code: string, context: PrecheckContext): Finding[] {
  if (form.patients.kind !== 'patients') {
    return [{ check: 'consent', severity: 'block', catalogCode: code, message: t('向外部机构提供可识别的 3 级及以上数据,须逐一列明已记录单独同意的患者,或去标识化', 'Identifiable level ≥ 3 data to an external institution must name patients whose separate consent is recorded, or be de-identified') }];
  }
  const disclosure = { recipientId: form.recipient.id, purpose: form.purpose, catalogCode: code, at: context.accessStart };
  const lacking = [...new Set(form.patients.patientIds)].filter((patientId) => !context.consents.some((consent) => consent.patientId === patientId && consentCovers(consent, disclosure)));
  if (lacking.length === 0) return [];
  const shown = lacking.length > 10 ? `${lacking.slice(0, 10).join(', ')} …(+${lacking.length - 10})` : lacking.join(', ');
  return [
    {
      check: 'consent',
      severity: 'block',
      catalogCode: code,
      patients: lacking,
      message: t(`${lacking.length} 位患者没有覆盖该机构、目的和资源的有效单独同意:${shown}`, `${lacking.length} patient(s) have no separate consent in force covering this institution, purpose and resource: ${shown}`),
    },
  ];
}

function scopeFindings(form: ShareRequestForm, template: PolicyValue<'sharing.purposes'>[number]): Finding[] {
  const findings: Finding[] = [];
  if (template.patientScope === 'named' && form.patients.kind !== 'patients') {
    findings.push({ check: 'patient-scope', severity: 'block', message: t(`目的“${form.purpose}”须逐一列明患者`, `Purpose "${form.purpose}" must name its patients`) });
  }
  if (form.patients.kind === 'all' && form.identification !== 'de-identified') {
    findings.push({ check: 'patient-scope', severity: 'block', message: t('“全部患者”仅限去标识化数据', '"All patients" is only for de-identified data') });
  }
  if (form.dataFrom && form.dataTo && Date.parse(form.dataTo) <= Date.parse(form.dataFrom)) {
    findings.push({ check: 'data-period', severity: 'block', message: t('数据时间范围的结束须晚于开始', 'The data period must end after it starts') });
  }
  if (form.accessDays > template.maxAccessDays) {
    findings.push({ check: 'access-period', severity: 'block', message: t(`访问期限 ${form.accessDays} 天超过该目的上限 ${template.maxAccessDays} 天`, `Access for ${form.accessDays} days exceeds this purpose’s maximum of ${template.maxAccessDays}`) });
  }
  return findings;
}

export function blocks(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'block');
}
