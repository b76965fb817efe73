import { describe, expect, it } from 'vitest';
import type { Consent } from './consent.js';
import { toFhirConsent, type FhirConsentContext } from './fhir-consent.js';

const verbal: Consent = {
  id: 'c-1',
  patientId: 'pat-1',
  recipientKind: 'institution',
  recipientId: 'inst-1',
  purpose: 'referral',
  catalogCodes: ['CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT'],
  validFrom: '2026-11-25T09:00:00.000Z',
  validTo: '2027-02-25T09:00:00.000Z',
  status: 'active',
  evidence: { kind: 'verbal', fileId: null, clinicianId: 'u-wang', recordedAt: '2026-11-25T08:30:00.000Z', note: '患者在门诊 <当面> 同意 & 知晓可撤回' },
  createdBy: 'u-wang',
  createdAt: '2026-11-25T09:00:00.000Z',
  withdrawnAt: null,
  withdrawnBy: null,
  withdrawalReason: null,
};
const signed: Consent = { ...verbal, id: 'c-2', catalogCodes: null, validTo: null, evidence: { kind: 'signed-form', fileId: 'f-1', clinicianId: 'u-admin', recordedAt: '2026-11-24T10:00:00.000Z', note: null } };

const context: FhirConsentContext = {
  at: '2026-12-01T00:00:00.000Z',
  recipient: { name: { zh: '江城市第一人民医院', en: 'Jiangcheng First People’s Hospital' } },
  clinician: { displayName: '王明' },
  form: null,
  purposeLabel: { zh: '转诊', en: 'Referral' },
  catalog: new Map([
    ['CLIN_LAB_REPORT', { name: { zh: '检验报告', en: 'Laboratory report' }, fhirResourceTypes: ['DiagnosticReport', 'Observation'] }],
    ['CLIN_IMAGING_REPORT', { name: { zh: '影像报告', en: 'Imaging report' }, fhirResourceTypes: ['DiagnosticReport', 'ImagingStudy'] }],
  ]),
  custodian: '医享示范医院',
};
const formContext: FhirConsentContext = { ...context, clinician: { displayName: '张信安' }, form: { fileName: '知情同意书.pdf', mediaType: 'application/pdf', bytes: 2048, uploadedAt: '2026-11-24T10:05:00.000Z', url: 'https://yixiang.example/api/v1/consents/c-2/form' } };

/** FHIR ele-1 in JSON: no null, empty string, empty array or empty object anywhere. */
function emptyPaths(value: unknown, path = ''): string[] {
  if (value === null || value === undefined || value === '') return [path];
  if (Array.isArray(value)) return value.length === 0 ? [path] : value.flatMap((item, i) => emptyPaths(item, `${path}[${i}]`));
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? [path] : entries.flatMap(([key, item]) => emptyPaths(item, `${path}.${key}`));
  }
  return [];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('toFhirConsent', () => {
  it('has the elements R4 requires and meets the Consent invariants', () => {
    for (const [consent, ctx] of [[verbal, context], [signed, formContext]] as const) {
      const resource = toFhirConsent(consent, ctx);
      expect(resource.resourceType).toBe('Consent');
      expect(['draft', 'proposed', 'active', 'rejected', 'inactive', 'entered-in-error']).toContain(resource.status);
      // scope 1..1 and category 1..*
      expect(resource.scope.coding).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }]);
      expect(resource.category.length).toBeGreaterThan(0);
      expect(resource.category[0]!.coding).toContainEqual({ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' });
      // ppc-1: a policy or a policyRule; ppc-2: a privacy consent names its patient.
      expect(resource.policyRule.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' });
      expect(resource.patient).toEqual({ reference: `Patient/${consent.patientId}` });
      // provision.actor: role 1..1 and reference 1..1.
      for (const actor of resource.provision.actor) {
        expect(actor.role.coding?.length).toBeGreaterThan(0);
        expect(actor.reference.reference).toMatch(/^Organization\/.+/);
      }
      expect(resource.provision.type).toBe('permit');
      expect(resource.dateTime).toMatch(DATE_TIME);
      expect(resource.provision.period.start).toMatch(DATE_TIME);
      expect(resource.text.div).toMatch(/^<div xmlns="http:\/\/www\.w3\.org\/1999\/xhtml">.*<\/div>$/s);
      expect(emptyPaths(resource)).toEqual([]);
      expect(JSON.parse(JSON.stringify(resource))).toEqual(resource);
    }
  });

  it('names the patient as performer and the recipient institution as the permitted actor', () => {
    const resource = toFhirConsent(verbal, context);
    expect(resource.performer).toEqual([{ reference: 'Patient/pat-1' }]);
    expect(resource.organization).toEqual([{ display: '医享示范医院' }]);
    expect(resource.provision.actor).toEqual([
      { role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] }, reference: { reference: 'Organization/inst-1', display: '江城市第一人民医院' } },
    ]);
    expect(resource.provision.action).toEqual([{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'disclose', display: 'Disclose' }] }]);
    expect(resource.dateTime).toBe('2026-11-25T08:30:00.000Z');
  });

  it('carries the period, the purpose in HL7 and own codes, and the catalog resources as class and code', () => {
    const { provision } = toFhirConsent(verbal, context);
    expect(provision.period).toEqual({ start: '2026-11-25T09:00:00.000Z', end: '2027-02-25T09:00:00.000Z' });
    expect(provision.purpose).toEqual([
      { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' },
      { system: 'urn:yixiang:purpose-of-use', code: 'referral', display: '转诊' },
    ]);
    expect(provision.class).toEqual(['DiagnosticReport', 'Observation', 'ImagingStudy'].map((code) => ({ system: 'http://hl7.org/fhir/resource-types', code })));
    expect(provision.code).toEqual([
      { coding: [{ system: 'urn:yixiang:catalog', code: 'CLIN_LAB_REPORT', display: '检验报告' }], text: '检验报告 / Laboratory report' },
      { coding: [{ system: 'urn:yixiang:catalog', code: 'CLIN_IMAGING_REPORT', display: '影像报告' }], text: '影像报告 / Imaging report' },
    ]);
  });

  it('leaves class, code and period end out when the consent covers every resource until withdrawn', () => {
    const { provision } = toFhirConsent(signed, formContext);
    expect(provision.period).toEqual({ start: signed.validFrom });
    expect(provision).not.toHaveProperty('class');
    expect(provision).not.toHaveProperty('code');
  });

  it('keeps a purpose HL7 has no code for in its own coding only', () => {
    expect(toFhirConsent({ ...verbal, purpose: 'teaching' }, { ...context, purposeLabel: null }).provision.purpose).toEqual([{ system: 'urn:yixiang:purpose-of-use', code: 'teaching' }]);
  });

  it('links a signed form as the source attachment', () => {
    expect(toFhirConsent(signed, formContext).sourceAttachment).toEqual({ contentType: 'application/pdf', url: 'https://yixiang.example/api/v1/consents/c-2/form', size: 2048, title: '知情同意书.pdf', creation: '2026-11-24T10:05:00.000Z' });
  });

  it('records a verbal consent inline: who took it, when, and the note', () => {
    const attachment = toFhirConsent(verbal, context).sourceAttachment;
    expect(attachment).toMatchObject({ contentType: 'text/plain; charset=utf-8', language: 'zh-CN', creation: '2026-11-25T08:30:00.000Z' });
    const text = Buffer.from(attachment.data!, 'base64').toString('utf8');
    expect(text).toContain('王明');
    expect(text).toContain('2026-11-25T08:30:00.000Z');
    expect(text).toContain('患者在门诊 <当面> 同意');
  });

  it('is active while in force or not yet valid, inactive once withdrawn or expired', () => {
    expect(toFhirConsent(verbal, context).status).toBe('active');
    expect(toFhirConsent(verbal, { ...context, at: '2026-11-01T00:00:00.000Z' }).status).toBe('active');
    expect(toFhirConsent(verbal, { ...context, at: '2027-03-01T00:00:00.000Z' }).status).toBe('inactive');
    const withdrawn = toFhirConsent({ ...verbal, status: 'withdrawn', withdrawnAt: '2026-11-28T00:00:00.000Z', withdrawnBy: 'u-wang', withdrawalReason: '患者撤回' }, context);
    expect(withdrawn.status).toBe('inactive');
    expect(withdrawn.meta.lastUpdated).toBe('2026-11-28T00:00:00.000Z');
    expect(withdrawn.text.div).toContain('2026-11-28T00:00:00.000Z');
  });

  it('escapes text in the narrative', () => {
    const resource = toFhirConsent(verbal, { ...context, recipient: { name: { zh: '<b>医院</b> & 分院', en: 'A "B"' } } });
    expect(resource.text.div).toContain('&lt;b&gt;医院&lt;/b&gt; &amp; 分院');
    expect(resource.text.div).not.toContain('<b>');
  });
});
