import { actReasonFor, YIXIANG_PURPOSE_SYSTEM } from '../../audit/index.js';
import { consentState, type Consent } from './consent.js';

/**
 * A consent as a FHIR R4 `Consent` (privacy consent directive): the patient (performer) permits
 * the recipient institution (provision.actor, role IRCP) to have data disclosed, for the purpose,
 * resources and period of the record; the evidence travels as `sourceAttachment` — a link to the
 * signed form, or the verbal consent's record inline. Pure: the route supplies names and URLs.
 *
 * R4 rules kept: status, scope and category present; ppc-1 (policyRule) and ppc-2 (a
 * patient-privacy consent names its patient); provision.actor has role and reference.
 */
export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Reference {
  reference?: string;
  identifier?: { system: string; value: string };
  display?: string;
}

export interface Attachment {
  contentType: string;
  language?: string;
  data?: string;
  url?: string;
  size?: number;
  title?: string;
  creation?: string;
}

export interface FhirConsent {
  resourceType: 'Consent';
  id: string;
  meta: { lastUpdated: string };
  text: { status: 'generated'; div: string };
  identifier: { system: string; value: string }[];
  status: 'active' | 'inactive';
  scope: CodeableConcept;
  category: CodeableConcept[];
  patient: Reference;
  dateTime: string;
  performer: Reference[];
  organization?: Reference[];
  sourceAttachment: Attachment;
  policyRule: CodeableConcept;
  provision: {
    type: 'permit';
    period: { start: string; end?: string };
    actor: { role: CodeableConcept; reference: Reference }[];
    action: CodeableConcept[];
    purpose: Coding[];
    class?: Coding[];
    code?: CodeableConcept[];
  };
}

export interface FhirConsentContext {
  /** Now, for `status`: a withdrawn or expired consent is inactive. */
  at: string | Date;
  recipient: { name: { zh: string; en: string } } | null;
  /** The clinician who took a verbal consent or received the form. */
  clinician: { displayName: string } | null;
  /** The signed form, with the absolute URL it downloads from. */
  form: { fileName: string; mediaType: string; bytes: number; uploadedAt: string; url: string } | null;
  purposeLabel: { zh: string; en: string } | null;
  /** Names and FHIR types of the covered catalog resources. */
  catalog: ReadonlyMap<string, { name: { zh: string; en: string }; fhirResourceTypes: readonly string[] }>;
  /** The hospital keeping the consent (Consent.organization, the custodian). */
  custodian: string | null;
}

export const CONSENT_IDENTIFIER_SYSTEM = 'urn:yixiang:consent';
export const CATALOG_SYSTEM = 'urn:yixiang:catalog';
const SYSTEMS = {
  scope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  loinc: 'http://loinc.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  participation: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  action: 'http://terminology.hl7.org/CodeSystem/consentaction',
  resourceTypes: 'http://hl7.org/fhir/resource-types',
} as const;

const POLICY_TEXT = '《中华人民共和国个人信息保护法》第二十三条、第二十九条:向其他个人信息处理者提供敏感个人信息须取得个人单独同意 / PIPL Art. 23 and 29: separate consent to provide sensitive personal information to another processor';

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function verbalRecord(consent: Consent, context: FhirConsentContext): string {
  const who = context.clinician?.displayName ?? consent.evidence.clinicianId ?? '—';
  const lines = [`口头同意 / Verbal consent`, `记录人 / Taken by: ${who}`, `时间 / At: ${consent.evidence.recordedAt}`];
  if (consent.evidence.note) lines.push(`备注 / Note: ${consent.evidence.note}`);
  return lines.join('\n');
}

function narrative(consent: Consent, context: FhirConsentContext, active: boolean): string {
  const recipient = context.recipient ? `${context.recipient.name.zh} / ${context.recipient.name.en}` : consent.recipientId;
  const purpose = context.purposeLabel ? `${context.purposeLabel.zh} / ${context.purposeLabel.en}` : consent.purpose;
  const resources = consent.catalogCodes === null ? '全部资源 / all resources' : consent.catalogCodes.map((code) => context.catalog.get(code)?.name.zh ?? code).join('、');
  const period = `${consent.validFrom} – ${consent.validTo ?? '撤回为止 / until withdrawn'}`;
  const evidence = consent.evidence.kind === 'signed-form' ? '书面同意书 / signed form' : '口头同意 / verbal consent';
  const withdrawn = consent.withdrawnAt ? `<p>已撤回 / Withdrawn: ${escapeXml(consent.withdrawnAt)}</p>` : '';
  const paragraphs = [
    `患者单独同意 / Patient separate consent (${active ? 'active' : 'inactive'})`,
    `接收方 / Recipient: ${recipient}`,
    `目的 / Purpose: ${purpose}`,
    `资源 / Resources: ${resources}`,
    `期限 / Period: ${period}`,
    `证据 / Evidence: ${evidence}`,
  ];
  return `<div xmlns="http://www.w3.org/1999/xhtml">${paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('')}${withdrawn}</div>`;
}

function sourceAttachment(consent: Consent, context: FhirConsentContext): Attachment {
  if (consent.evidence.kind === 'signed-form' && context.form) {
    return { contentType: context.form.mediaType, url: context.form.url, size: context.form.bytes, title: context.form.fileName, creation: context.form.uploadedAt };
  }
  return { contentType: 'text/plain; charset=utf-8', language: 'zh-CN', data: Buffer.from(verbalRecord(consent, context), 'utf8').toString('base64'), title: '口头同意记录 / Record of verbal consent', creation: consent.evidence.recordedAt };
}

function purposeCodings(purpose: string, label: { zh: string; en: string } | null): Coding[] {
  const hl7 = actReasonFor(purpose);
  const own: Coding = { system: YIXIANG_PURPOSE_SYSTEM, code: purpose, ...(label ? { display: label.zh } : {}) };
  return hl7 ? [hl7, own] : [own];
}

function covered(consent: Consent, context: FhirConsentContext): Pick<FhirConsent['provision'], 'class' | 'code'> {
  if (consent.catalogCodes === null) return {};
  const types = [...new Set(consent.catalogCodes.flatMap((code) => context.catalog.get(code)?.fhirResourceTypes ?? []))];
  return {
    ...(types.length ? { class: types.map((type) => ({ system: SYSTEMS.resourceTypes, code: type })) } : {}),
    code: consent.catalogCodes.map((code) => {
      const name = context.catalog.get(code)?.name;
      return { coding: [{ system: CATALOG_SYSTEM, code, ...(name ? { display: name.zh } : {}) }], ...(name ? { text: `${name.zh} / ${name.en}` } : {}) };
    }),
  };
}

export function toFhirConsent(consent: Consent, context: FhirConsentContext): FhirConsent {
  const active = consentState(consent, context.at) === 'in-force' || consentState(consent, context.at) === 'not-yet-valid';
  const patient: Reference = { reference: `Patient/${consent.patientId}` };
  return {
    resourceType: 'Consent',
    id: consent.id,
    meta: { lastUpdated: consent.withdrawnAt ?? consent.createdAt },
    text: { status: 'generated', div: narrative(consent, context, active) },
    identifier: [{ system: CONSENT_IDENTIFIER_SYSTEM, value: consent.id }],
    status: active ? 'active' : 'inactive',
    scope: { coding: [{ system: SYSTEMS.scope, code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: SYSTEMS.loinc, code: '59284-0', display: 'Patient Consent' }, { system: SYSTEMS.actCode, code: 'IDSCL', display: 'information disclosure' }] }],
    patient,
    dateTime: consent.evidence.recordedAt,
    // The patient is the one agreeing; the clinician who took it is part of the evidence.
    performer: [patient],
    ...(context.custodian ? { organization: [{ display: context.custodian }] } : {}),
    sourceAttachment: sourceAttachment(consent, context),
    policyRule: { coding: [{ system: SYSTEMS.actCode, code: 'OPTIN', display: 'opt-in' }], text: POLICY_TEXT },
    provision: {
      type: 'permit',
      period: { start: consent.validFrom, ...(consent.validTo ? { end: consent.validTo } : {}) },
      actor: [
        {
          role: { coding: [{ system: SYSTEMS.participation, code: 'IRCP', display: 'information recipient' }] },
          reference: { reference: `Organization/${consent.recipientId}`, ...(context.recipient ? { display: context.recipient.name.zh } : {}) },
        },
      ],
      action: [{ coding: [{ system: SYSTEMS.action, code: 'disclose', display: 'Disclose' }] }],
      purpose: purposeCodings(consent.purpose, context.purposeLabel),
      ...covered(consent, context),
    },
  };
}
