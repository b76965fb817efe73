import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from '../../catalog/builtin/index.js';
import { POLICY_SETTINGS } from '../../policy/index.js';
import { lookbackStart, referralDocumentSet, withinDocumentSet, type DocumentSetInput } from './document-set.js';

const catalog = new Map(BUILTIN_CATALOG.map((d) => [d.code, d]));
const template = POLICY_SETTINGS['sharing.purposes'].defaultValue.find((p) => p.purpose === 'referral');
const settings = POLICY_SETTINGS['sharing.referral'].defaultValue;
const DATA_FROM = '2025-11-25T09:00:00.000Z';
const input = (overrides: Partial<DocumentSetInput> = {}): DocumentSetInput => ({ template, catalog, wholeHistory: settings.wholeHistory, dataFrom: DATA_FROM, ...overrides });
const codes = (result: ReturnType<typeof referralDocumentSet>) => ('resources' in result ? result.resources.map((r) => r.catalogCode) : result.refused);

describe('the referral document set', () => {
  it('is the referral template: basic information, summary, recent results, medications and allergies', () => {
    const result = referralDocumentSet(input());
    expect(codes(result)).toEqual(['CLIN_PATIENT', 'CLIN_DIAGNOSIS', 'CLIN_NOTE', 'CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT', 'CLIN_PRESCRIPTION', 'CLIN_ALLERGY']);
    if (!('resources' in result)) throw new Error(result.refused);
    const lab = result.resources.find((r) => r.catalogCode === 'CLIN_LAB_REPORT')!;
    expect(lab.fields.map((f) => f.name)).toEqual(template!.necessaryFields.CLIN_LAB_REPORT);
  });

  it('limits events to the look-back period but shares standing facts whatever their date', () => {
    const result = referralDocumentSet(input());
    if (!('resources' in result)) throw new Error(result.refused);
    const periods = Object.fromEntries(result.resources.map((r) => [r.catalogCode, r.dataFrom ?? null]));
    expect(periods).toEqual({ CLIN_PATIENT: null, CLIN_DIAGNOSIS: null, CLIN_ALLERGY: null, CLIN_NOTE: DATA_FROM, CLIN_LAB_REPORT: DATA_FROM, CLIN_IMAGING_REPORT: DATA_FROM, CLIN_PRESCRIPTION: DATA_FROM });
  });

  it('lets the clinician leave resources and fields out', () => {
    const result = referralDocumentSet(input({ choice: { CLIN_IMAGING_REPORT: [], CLIN_LAB_REPORT: ['patient', 'testCode', 'testCode'] } }));
    if (!('resources' in result)) throw new Error(result.refused);
    expect(result.resources.map((r) => r.catalogCode)).not.toContain('CLIN_IMAGING_REPORT');
    expect(result.resources.find((r) => r.catalogCode === 'CLIN_LAB_REPORT')!.fields).toEqual([{ name: 'patient' }, { name: 'testCode' }]);
  });

  it('refuses to widen the set: other resources, fields beyond the template, or nothing left', () => {
    expect(codes(referralDocumentSet(input({ choice: { FIN_BILLING: ['patient'] } })))).toMatch(/FIN_BILLING is not part of the referral document set/);
    expect(codes(referralDocumentSet(input({ choice: { CLIN_LAB_REPORT: ['patient', 'performer'] } })))).toMatch(/performer is beyond the referral template/);
    const none = Object.fromEntries(Object.keys(template!.necessaryFields).map((code) => [code, []]));
    expect(codes(referralDocumentSet(input({ choice: none })))).toMatch(/at least one resource/);
  });

  it('skips template resources the catalog does not publish, and refuses an empty template', () => {
    const retired = new Map(catalog);
    retired.set('CLIN_NOTE', { ...catalog.get('CLIN_NOTE')!, status: 'retired' as never });
    expect(codes(referralDocumentSet(input({ catalog: retired })))).not.toContain('CLIN_NOTE');
    expect(codes(referralDocumentSet(input({ template: { ...template!, necessaryFields: {} } })))).toMatch(/names no published catalog resource/);
    expect(codes(referralDocumentSet(input({ template: undefined })))).toMatch(/names no published catalog resource/);
  });

  it('asks only for fields the referral template names, all of which the catalog defines', () => {
    for (const [code, fields] of Object.entries(template!.necessaryFields)) {
      const known = new Set(catalog.get(code)?.fields.map((f) => f.name));
      expect(fields.filter((f) => !known.has(f)), code).toEqual([]);
    }
    expect(settings.wholeHistory.every((code) => code in template!.necessaryFields)).toBe(true);
  });
});

describe('whether an edited referral still fits the document set', () => {
  const set = referralDocumentSet(input());
  if (!('resources' in set)) throw new Error(set.refused);
  const fits = (resources: typeof set.resources, formDataFrom?: string) => withinDocumentSet(resources, formDataFrom, template, settings.wholeHistory, DATA_FROM);

  it('holds for the set itself and anything narrower', () => {
    expect(fits(set.resources)).toBe(true);
    expect(fits(set.resources.slice(0, 2).map((r) => ({ ...r, fields: r.fields.slice(0, 1) })))).toBe(true);
    expect(fits(set.resources.map((r) => ({ ...r, dataFrom: r.dataFrom ? '2026-06-01T00:00:00.000Z' : undefined })))).toBe(true);
  });

  it('fails for other resources, extra fields, or events older than the look-back', () => {
    expect(fits([...set.resources, { catalogCode: 'FIN_BILLING', fields: [{ name: 'patient' }] }])).toBe(false);
    expect(fits(set.resources.map((r) => (r.catalogCode === 'CLIN_LAB_REPORT' ? { ...r, fields: [...r.fields, { name: 'performer' }] } : r)))).toBe(false);
    const openEnded = set.resources.map(({ dataFrom: _dropped, ...r }) => r);
    expect(fits(openEnded)).toBe(false);
    expect(fits(openEnded, DATA_FROM)).toBe(true);
    expect(fits(openEnded, '2020-01-01T00:00:00.000Z')).toBe(false);
  });
});

describe('the look-back start', () => {
  it('goes back calendar months, clamping the day to the shorter month', () => {
    expect(lookbackStart(new Date('2026-11-25T09:30:00.000Z'), 12)).toBe('2025-11-25T09:30:00.000Z');
    expect(lookbackStart(new Date('2026-03-31T00:00:00.000Z'), 1)).toBe('2026-02-28T00:00:00.000Z');
    expect(lookbackStart(new Date('2024-03-31T12:00:00.000Z'), 1)).toBe('2024-02-29T12:00:00.000Z');
    expect(lookbackStart(new Date('2026-01-15T00:00:00.000Z'), 3)).toBe('2025-10-15T00:00:00.000Z');
  });
});
