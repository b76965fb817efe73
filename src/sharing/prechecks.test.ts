import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from '../catalog/builtin/index.js';
import { POLICY_SETTINGS } from '../policy/settings.js';
import { blocks, precheck, type PrecheckContext } from './prechecks.js';
import type { ShareRequestForm } from './types.js';

const catalog = new Map(BUILTIN_CATALOG.map((resource) => [resource.code, { ...resource, status: 'published' as const }]));
const context: PrecheckContext = { catalog, purposes: POLICY_SETTINGS['sharing.purposes'].defaultValue, overdueFeedback: [] };

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
    expect(checks({ ...external, consentOnRecord: true })).not.toContain('block:consent');
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
