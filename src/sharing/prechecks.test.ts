import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from '../catalog/builtin/index.js';
import { POLICY_SETTINGS } from '../policy/settings.js';
import type { ConsentTerms } from './consent/consent.js';
import { blocks, precheck, type PrecheckContext } from './prechecks.js';
import type { ShareRequestForm } from './types.js';

const catalog = new Map(BUILTIN_CATALOG.map((resource) => [resource.code, { ...resource, status: 'published' as const }]));
const ACCESS_START = '2026-11-25T09:00:00.000Z';
const context: PrecheckContext = { catalog, purposes: POLICY_SETTINGS['sharing.purposes'].defaultValue, overdueFeedback: [], consents: [], accessStart: ACCESS_START };

const qualityStudy = (overrides: Partial<ShareRequestForm> = {}): ShareRequestForm => ({
  recipient: { kind: 'department', id: 'dept-nk' },
  resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'testCode' }, { name: 'resultQuantity' }, { name: 'collectedAt' }] }],
  purpose: 'quality-control',
  legalBasis: { kind: 'legal-duty' },
  patients: { kind: 'patients', patientIds: ['p1', 'p2', 'p3'] },
  accessDays: 30,
  channel: 'api',
  identification: 'pseudonymised',
  consentOnRecord: false,
  ...overrides,
});

const checks = (form: ShareRequestForm, ctx = context) => precheck(form, ctx).map((f) => `${f.severity}:${f.check}`);

describe('precheck', () => {
  it('passes a request within its purpose template, showing the share condition', () => {
    const findings = precheck(qualityStudy(), context);
    expect(blocks(findings)).toBe(false);
    expect(findings.map((f) => f.check)).toEqual(['share-condition']);
  });
  it('blocks resources that are not shareable, naming their legal basis', () => {
    const findings = precheck(qualityStudy({ resources: [{ catalogCode: 'CLIN_PSYCH_NOTE', fields: [{ name: 'patient' }] }] }), context);
    const blocked = findings.find((f) => f.check === 'share-type');
    expect(blocked?.severity).toBe('block');
    expect(blocked?.message.zh).toContain('不予共享');
  });
  it('flags fields beyond the purpose’s necessary fields and refuses unknown ones', () => {
    expect(checks(qualityStudy({ resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'testCode' }, { name: 'performer' }] }] }))).toContain('warn:fields-necessary');
    expect(checks(qualityStudy({ resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'salary' }] }] }))).toContain('block:fields-known');
  });
  it('checks the purpose against the data category', () => {
    expect(checks(qualityStudy({ purpose: 'billing', resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'testCode' }] }] }))).toContain('block:purpose-category');
    expect(checks(qualityStudy({ purpose: 'astrology' }))).toContain('block:purpose-known');
  });
  it('requires a named legal basis and consent or de-identification for identifiable data to an institution', () => {
    expect(checks(qualityStudy({ legalBasis: { kind: 'other' } }))).toContain('block:legal-basis');
    const external = qualityStudy({ recipient: { kind: 'institution', id: 'inst-1' }, channel: 'external', identification: 'identified' });
    expect(checks(external)).toContain('block:consent');
    expect(checks({ ...external, identification: 'de-identified' })).not.toContain('block:consent');
  });
  it('matches the patient scope and period to the purpose', () => {
    expect(checks(qualityStudy({ purpose: 'treatment', patients: { kind: 'criteria', criteria: { departmentCode: 'NK' } } }))).toContain('block:patient-scope');
    expect(checks(qualityStudy({ patients: { kind: 'all' } }))).toContain('block:patient-scope');
    expect(checks(qualityStudy({ patients: { kind: 'all' }, identification: 'de-identified' }))).not.toContain('block:patient-scope');
    expect(checks(qualityStudy({ accessDays: 91 }))).toContain('block:access-period');
  });
  it('blocks a requester whose usage feedback is overdue', () => {
    expect(checks(qualityStudy(), { ...context, overdueFeedback: ['g-1'] })).toContain('block:feedback-overdue');
  });
});

describe('precheck: recorded patient consent for an external institution', () => {
  const referral = (overrides: Partial<ShareRequestForm> = {}): ShareRequestForm =>
    qualityStudy({ recipient: { kind: 'institution', id: 'inst-1' }, purpose: 'referral', channel: 'external', identification: 'identified', resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'testCode' }] }], ...overrides });
  const consent = (patientId: string, overrides: Partial<ConsentTerms> = {}): ConsentTerms => ({
    patientId,
    recipientKind: 'institution',
    recipientId: 'inst-1',
    purpose: 'referral',
    catalogCodes: ['CLIN_LAB_REPORT'],
    validFrom: '2026-11-01T00:00:00.000Z',
    validTo: null,
    status: 'active',
    ...overrides,
  });
  const withConsents = (...consents: ConsentTerms[]): PrecheckContext => ({ ...context, consents });
  const consentFinding = (form: ShareRequestForm, ctx: PrecheckContext) => precheck(form, ctx).filter((f) => f.check === 'consent');

  it('passes when every named patient has a consent in force covering institution, purpose and resource', () => {
    expect(consentFinding(referral(), withConsents(consent('p1'), consent('p2'), consent('p3', { catalogCodes: null })))).toEqual([]);
  });

  it('blocks and names exactly the patients without such a consent', () => {
    const [finding] = consentFinding(referral(), withConsents(consent('p1'), consent('p3')));
    expect(finding).toMatchObject({ severity: 'block', catalogCode: 'CLIN_LAB_REPORT', patients: ['p2'] });
    expect(finding?.message.en).toContain('p2');
    expect(consentFinding(referral(), context)[0]?.patients).toEqual(['p1', 'p2', 'p3']);
  });

  it('does not count consents that are withdrawn, expired or not yet valid when access starts', () => {
    const others = [consent('p2'), consent('p3')];
    expect(consentFinding(referral(), withConsents(consent('p1', { status: 'withdrawn' }), ...others))[0]?.patients).toEqual(['p1']);
    expect(consentFinding(referral(), withConsents(consent('p1', { validTo: ACCESS_START }), ...others))[0]?.patients).toEqual(['p1']);
    expect(consentFinding(referral(), withConsents(consent('p1', { validFrom: '2026-11-25T09:00:00.001Z' }), ...others))[0]?.patients).toEqual(['p1']);
    expect(consentFinding(referral(), withConsents(consent('p1', { validFrom: ACCESS_START, validTo: '2026-11-25T09:00:00.001Z' }), ...others))).toEqual([]);
  });

  it('does not count consents to another institution, for another purpose or for other resources', () => {
    const others = [consent('p2'), consent('p3')];
    expect(consentFinding(referral(), withConsents(consent('p1', { recipientId: 'inst-2' }), ...others))[0]?.patients).toEqual(['p1']);
    expect(consentFinding(referral(), withConsents(consent('p1', { purpose: 'research' }), ...others))[0]?.patients).toEqual(['p1']);
    expect(consentFinding(referral(), withConsents(consent('p1', { catalogCodes: ['CLIN_IMAGING_REPORT'] }), ...others))[0]?.patients).toEqual(['p1']);
  });

  it('checks each requested resource on its own', () => {
    const form = referral({ resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'testCode' }] }, { catalogCode: 'CLIN_IMAGING_REPORT', fields: [{ name: 'modality' }] }] });
    const findings = consentFinding(form, withConsents(consent('p1'), consent('p2'), consent('p3')));
    expect(findings.map((f) => [f.catalogCode, f.patients])).toEqual([['CLIN_IMAGING_REPORT', ['p1', 'p2', 'p3']]]);
  });

  it('no longer takes the requester’s word: consentOnRecord alone does not pass', () => {
    expect(consentFinding(referral({ consentOnRecord: true }), context)).toHaveLength(1);
  });

  it('refuses patients drawn by criteria, whose consents cannot be shown, unless de-identified', () => {
    const byCriteria = referral({ purpose: 'research', patients: { kind: 'criteria', criteria: { departmentCode: 'NK' } } });
    expect(consentFinding(byCriteria, withConsents(consent('p1', { purpose: 'research' })))).toMatchObject([{ severity: 'block', catalogCode: 'CLIN_LAB_REPORT' }]);
    expect(consentFinding({ ...byCriteria, identification: 'de-identified' }, context)).toEqual([]);
  });

  it('asks nothing for departments inside the hospital, de-identified data or data below level 3', () => {
    expect(consentFinding(referral({ recipient: { kind: 'department', id: 'dept-nk' } }), context)).toEqual([]);
    expect(consentFinding(referral({ identification: 'de-identified' }), context)).toEqual([]);
    const equipment = referral({ purpose: 'quality-control', resources: [{ catalogCode: 'MGMT_EQUIPMENT', fields: [{ name: 'deviceName' }] }] });
    expect(consentFinding(equipment, context)).toEqual([]);
  });
});

describe('sharing purpose templates', () => {
  it('name only fields the built-in catalog defines', () => {
    for (const template of POLICY_SETTINGS['sharing.purposes'].defaultValue) {
      for (const [code, fields] of Object.entries(template.necessaryFields)) {
        const known = new Set(catalog.get(code)?.fields.map((f) => f.name));
        expect(fields.filter((f) => !known.has(f)), `${template.purpose} ${code}`).toEqual([]);
      }
    }
  });
});
