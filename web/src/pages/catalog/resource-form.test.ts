import { describe, expect, it } from 'vitest';
import type { CatalogResource } from '../../api/types';
import {
  blankValues,
  changeInput,
  definitionFromValues,
  definitionProblems,
  FHIR_PATH_PATTERN,
  FIELD_NAME_PATTERN,
  formPathForServerError,
  newResourceInput,
  placeServerErrors,
  RESOURCE_CODE_PATTERN,
  shareTextNeeded,
  valuesFromResource,
  type ResourceFormValues,
} from './resource-form';

const labReport: CatalogResource = {
  code: 'CLIN_LAB_REPORT',
  version: 1,
  name: { zh: '检验报告', en: 'Laboratory reports' },
  description: { zh: '说明', en: 'About' },
  category: 'clinical',
  gbCategory: 'health_status',
  ownerDepartmentCode: 'JYK',
  shareType: 'conditional',
  shareCondition: { zh: '诊疗需要', en: 'For care' },
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['DiagnosticReport', 'Observation'],
  matches: [{ resourceType: 'Observation', categories: [{ system: 'http://x', code: 'laboratory' }], priority: 10 }],
  fields: [
    {
      name: 'patient',
      label: { zh: '患者', en: 'Patient' },
      type: 'reference',
      level: 4,
      identifierKind: 'direct',
      fhirPath: 'DiagnosticReport.subject | Observation.subject',
      description: { zh: '引用', en: 'Reference' },
    },
    { name: 'testCode', label: { zh: '检验项目', en: 'Test' }, type: 'code', level: 2, identifierKind: 'none', fhirPath: 'Observation.code' },
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
};

const values = (patch: Partial<ResourceFormValues> = {}): ResourceFormValues => ({ ...valuesFromResource(labReport), ...patch });

describe('valuesFromResource and definitionFromValues', () => {
  it('round-trips a definition unchanged', () => {
    const { code: _code, version: _version, createdAt: _c, updatedAt: _u, ...definition } = labReport;
    expect(definitionFromValues(valuesFromResource(labReport), labReport.matches)).toEqual(definition);
  });

  it('keeps both share texts in the form so switching back restores them', () => {
    const form = valuesFromResource(labReport);
    expect(form.shareCondition).toEqual({ zh: '诊疗需要', en: 'For care' });
    expect(form.legalBasis).toEqual({ zh: '', en: '' });
  });

  it('sends only the text the share type needs', () => {
    const notShared = definitionFromValues(values({ shareType: 'not_shareable', legalBasis: { zh: ' 依据 ', en: 'Basis ' } }), []);
    expect(notShared.shareCondition).toBeNull();
    expect(notShared.legalBasis).toEqual({ zh: '依据', en: 'Basis' });
    const open = definitionFromValues(values({ shareType: 'unconditional' }), []);
    expect(open.shareCondition).toBeNull();
    expect(open.legalBasis).toBeNull();
  });

  it('trims text, turns an empty owner into null and keeps field descriptions', () => {
    const definition = definitionFromValues(values({ ownerDepartmentCode: undefined, format: ' NDJSON ', name: { zh: ' 检验 ', en: ' Lab ' } }), []);
    expect(definition.ownerDepartmentCode).toBeNull();
    expect(definition.format).toBe('NDJSON');
    expect(definition.name).toEqual({ zh: '检验', en: 'Lab' });
    expect(definition.fields[0]?.description).toEqual({ zh: '引用', en: 'Reference' });
    expect(definition.fields[1]).not.toHaveProperty('description');
  });

  it('does not let the routing rules be changed through the copy it sends', () => {
    const matches = structuredClone(labReport.matches);
    const definition = definitionFromValues(values(), matches);
    definition.matches[0]!.priority = 99;
    expect(matches[0]!.priority).toBe(10);
  });
});

describe('changeInput and newResourceInput', () => {
  it('adds the change note only when one was written', () => {
    expect(changeInput(values({ changeNote: '  ' }), [])).not.toHaveProperty('changeNote');
    expect(changeInput(values({ changeNote: ' 补充法律依据 ' }), []).changeNote).toBe('补充法律依据');
  });

  it('creates a resource with its code and without routing rules', () => {
    const input = newResourceInput({ ...values(), code: ' MGMT_ROOMS ' });
    expect(input.code).toBe('MGMT_ROOMS');
    expect(input.matches).toEqual([]);
  });

  it('starts a new resource as a draft owned by the given department', () => {
    const blank = blankValues('JYK');
    expect(blank).toMatchObject({ status: 'draft', ownerDepartmentCode: 'JYK', shareType: 'conditional' });
    expect(blank.fields).toHaveLength(1);
  });
});

describe('definitionProblems', () => {
  const check = (patch: Partial<ResourceFormValues>, matches = labReport.matches) => definitionProblems(definitionFromValues(values(patch), matches));

  it('accepts a lawful definition', () => {
    expect(check({})).toEqual([]);
  });

  it('needs the condition, in both languages, for conditional sharing', () => {
    expect(check({ shareCondition: { zh: '', en: ' ' } })).toEqual([
      { path: ['shareCondition', 'zh'], code: 'conditionRequired' },
      { path: ['shareCondition', 'en'], code: 'conditionRequired' },
    ]);
    expect(check({ shareCondition: { zh: '条件', en: '' } })).toEqual([{ path: ['shareCondition', 'en'], code: 'conditionRequired' }]);
  });

  it('needs the legal basis for a resource that is not shared', () => {
    expect(check({ shareType: 'not_shareable' })).toEqual([
      { path: ['legalBasis', 'zh'], code: 'legalBasisRequired' },
      { path: ['legalBasis', 'en'], code: 'legalBasisRequired' },
    ]);
    expect(check({ shareType: 'not_shareable', legalBasis: { zh: '依据', en: 'Basis' } })).toEqual([]);
  });

  it('needs nothing more for unconditional sharing', () => {
    expect(check({ shareType: 'unconditional' })).toEqual([]);
  });

  it('finds a field name used twice and a FHIR path outside the resource’s types', () => {
    const form = values();
    const fields = [...form.fields, { ...form.fields[1]!, fhirPath: 'Patient.name' }];
    expect(check({ fields })).toEqual([
      { path: ['fields', 2, 'name'], code: 'duplicateFieldName', values: { name: 'testCode' } },
      { path: ['fields', 2, 'fhirPath'], code: 'fhirPathType', values: { types: 'DiagnosticReport, Observation' } },
    ]);
  });

  it('keeps the types the routing rules still use', () => {
    expect(check({ fhirResourceTypes: ['DiagnosticReport'], fields: [] })).toEqual([
      { path: ['fields'], code: 'fieldsRequired' },
      { path: ['fhirResourceTypes'], code: 'matchTypeMissing', values: { type: 'Observation' } },
    ]);
    expect(check({ fhirResourceTypes: ['Observation', 'Spaceship'] }, [])).toContainEqual({ path: ['fhirResourceTypes'], code: 'unsupportedType', values: { type: 'Spaceship' } });
  });

  it('keeps the default level at or above the most sensitive field', () => {
    expect(check({ defaultLevel: 3 })).toEqual([{ path: ['defaultLevel'], code: 'levelBelowField', values: { level: 3, max: 4 } }]);
  });

  it('puts special-category content at level 5', () => {
    expect(check({ specialCategory: 'psychiatric', defaultLevel: 4 })).toEqual([{ path: ['defaultLevel'], code: 'specialLevel' }]);
    expect(check({ specialCategory: 'psychiatric', defaultLevel: 5 })).toEqual([]);
  });
});

describe('formPathForServerError', () => {
  const creating = { creating: false };

  it('puts a missing text under its empty language', () => {
    const form = values({ shareType: 'not_shareable', legalBasis: { zh: '依据', en: '' } });
    expect(formPathForServerError('body/legalBasis', form, creating)).toEqual(['legalBasis', 'en']);
    expect(formPathForServerError('body/legalBasis/zh', form, creating)).toEqual(['legalBasis', 'zh']);
    expect(formPathForServerError('/body/shareCondition', values({ shareCondition: { zh: '', en: '' } }), creating)).toEqual(['shareCondition', 'zh']);
  });

  it('leaves a text hidden by the share type to the alert', () => {
    expect(formPathForServerError('body/shareCondition', values({ shareType: 'not_shareable' }), creating)).toBeUndefined();
    expect(formPathForServerError('body/legalBasis', values(), creating)).toBeUndefined();
  });

  it('finds rows of the field dictionary', () => {
    const form = values();
    expect(formPathForServerError('body/fields/1/name', form, creating)).toEqual(['fields', 1, 'name']);
    expect(formPathForServerError('body/fields/1/fhirPath', form, creating)).toEqual(['fields', 1, 'fhirPath']);
    expect(formPathForServerError('body/fields/0/label/en', form, creating)).toEqual(['fields', 0, 'label', 'en']);
    expect(formPathForServerError('body/fields/0/description', form, creating)).toEqual(['fields', 0, 'name']);
    expect(formPathForServerError('body/fields/7/name', form, creating)).toEqual(['fields']);
    expect(formPathForServerError('body/fields', form, creating)).toEqual(['fields']);
  });

  it('maps plain inputs and leaves routing rules and unknown paths unplaced', () => {
    const form = values();
    expect(formPathForServerError('body/defaultLevel', form, creating)).toEqual(['defaultLevel']);
    expect(formPathForServerError('body/fhirResourceTypes/1', form, creating)).toEqual(['fhirResourceTypes']);
    expect(formPathForServerError('body/matches/0/resourceType', form, creating)).toBeUndefined();
    expect(formPathForServerError('headers/if-match', form, creating)).toBeUndefined();
    expect(formPathForServerError('', form, creating)).toBeUndefined();
    expect(formPathForServerError('body/code', form, creating)).toBeUndefined();
    expect(formPathForServerError('body/code', form, { creating: true })).toEqual(['code']);
  });
});

describe('placeServerErrors', () => {
  it('groups messages per input and keeps the rest for the alert', () => {
    const form = values({ shareType: 'not_shareable' });
    const placement = placeServerErrors(
      [
        { path: 'body/legalBasis', message: 'needs its legal basis' },
        { path: 'body/fields/1/name', message: 'used twice' },
        { path: 'body/fields/1/name', message: 'bad pattern' },
        { path: 'body/matches/0/resourceType', message: 'not a type' },
      ],
      form,
      { creating: false },
    );
    expect(placement.placed).toEqual([
      { name: ['legalBasis', 'zh'], errors: ['needs its legal basis'] },
      { name: ['fields', 1, 'name'], errors: ['used twice', 'bad pattern'] },
    ]);
    expect(placement.unplaced).toEqual([{ path: 'body/matches/0/resourceType', message: 'not a type' }]);
  });
});

describe('patterns and share texts', () => {
  it('match the server’s schema', () => {
    expect(RESOURCE_CODE_PATTERN.test('CLIN_LAB_REPORT')).toBe(true);
    expect(RESOURCE_CODE_PATTERN.test('AB')).toBe(false);
    expect(FIELD_NAME_PATTERN.test('idNumber')).toBe(true);
    expect(FIELD_NAME_PATTERN.test('IdNumber')).toBe(false);
    expect(FIELD_NAME_PATTERN.test('id_number')).toBe(false);
    expect(FHIR_PATH_PATTERN.test('Observation.code')).toBe(true);
    expect(FHIR_PATH_PATTERN.test('Observation')).toBe(true);
    expect(FHIR_PATH_PATTERN.test('observation.code')).toBe(false);
  });

  it('marks the text each share type needs', () => {
    expect(shareTextNeeded('conditional', 'shareCondition')).toBe(true);
    expect(shareTextNeeded('conditional', 'legalBasis')).toBe(false);
    expect(shareTextNeeded('not_shareable', 'legalBasis')).toBe(true);
    expect(shareTextNeeded('unconditional', 'shareCondition')).toBe(false);
  });
});
