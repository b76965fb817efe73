import { describe, expect, it } from 'vitest';
import type { CatalogDefinition, CatalogField, CatalogVersion } from '../../api/types';
import { diffDefinitions, isUnchanged, sameJson, versionDiffs } from './version-diff';

const field = (name: string, extra: Partial<CatalogField> = {}): CatalogField => ({
  name,
  label: { zh: name, en: name },
  type: 'string',
  level: 2,
  identifierKind: 'none',
  fhirPath: `Observation.${name}`,
  ...extra,
});

const base: CatalogDefinition = {
  name: { zh: '检验报告', en: 'Laboratory reports' },
  description: { zh: '说明', en: 'About' },
  category: 'clinical',
  gbCategory: 'health_status',
  ownerDepartmentCode: 'JYK',
  shareType: 'conditional',
  shareCondition: { zh: '条件', en: 'Condition' },
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['Observation'],
  matches: [{ resourceType: 'Observation', priority: 10 }],
  fields: [field('patient'), field('code'), field('value')],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};

describe('sameJson', () => {
  it('ignores object key order but not array order', () => {
    expect(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: undefined }, {})).toBe(true);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson([], {})).toBe(false);
  });
});

describe('diffDefinitions', () => {
  it('marks the first version as initial', () => {
    expect(diffDefinitions(undefined, base)).toMatchObject({ initial: true, changedKeys: [] });
  });

  it('finds nothing between equal definitions', () => {
    const diff = diffDefinitions(base, structuredClone(base));
    expect(diff.changedKeys).toEqual([]);
    expect(isUnchanged(diff)).toBe(true);
  });

  it('lists the changed top-level keys in page order', () => {
    const next: CatalogDefinition = { ...base, legalBasis: { zh: '依据', en: 'Basis' }, shareType: 'not_shareable', shareCondition: null, status: 'retired' };
    expect(diffDefinitions(base, next).changedKeys).toEqual(['shareType', 'shareCondition', 'legalBasis', 'status']);
  });

  it('tells added, removed and edited fields apart by name', () => {
    const next: CatalogDefinition = {
      ...base,
      fields: [field('patient'), field('code', { level: 3, label: { zh: '项目', en: 'code' } }), field('unit')],
    };
    const diff = diffDefinitions(base, next);
    expect(diff.changedKeys).toEqual(['fields']);
    expect(diff.fieldsAdded).toEqual(['unit']);
    expect(diff.fieldsRemoved).toEqual(['value']);
    expect(diff.fieldsChanged).toEqual([{ name: 'code', keys: ['label', 'level'] }]);
    expect(diff.fieldsReordered).toBe(false);
  });

  it('notices a field description being added', () => {
    const next: CatalogDefinition = { ...base, fields: [field('patient', { description: { zh: '患者', en: 'Patient' } }), field('code'), field('value')] };
    expect(diffDefinitions(base, next).fieldsChanged).toEqual([{ name: 'patient', keys: ['description'] }]);
  });

  it('reports a reordering that changed nothing else', () => {
    const next: CatalogDefinition = { ...base, fields: [field('code'), field('patient'), field('value')] };
    const diff = diffDefinitions(base, next);
    expect(diff.changedKeys).toEqual(['fields']);
    expect(diff).toMatchObject({ fieldsAdded: [], fieldsRemoved: [], fieldsChanged: [], fieldsReordered: true });
  });

  it('does not call insertions a reordering', () => {
    const next: CatalogDefinition = { ...base, fields: [field('new'), ...base.fields] };
    expect(diffDefinitions(base, next)).toMatchObject({ fieldsAdded: ['new'], fieldsReordered: false });
  });
});

describe('versionDiffs', () => {
  const version = (n: number, definition: CatalogDefinition): CatalogVersion => ({
    version: n,
    changedAt: `2026-03-0${n}T00:00:00.000Z`,
    changedBy: null,
    changeNote: null,
    definition,
  });

  it('compares each version with the next older one in the list', () => {
    const v1 = version(1, base);
    const v2 = version(2, { ...base, defaultLevel: 5 });
    const v3 = version(3, { ...base, defaultLevel: 5, format: 'NDJSON' });
    const diffs = versionDiffs([v3, v2, v1]);
    expect(diffs.get(3)?.changedKeys).toEqual(['format']);
    expect(diffs.get(2)?.changedKeys).toEqual(['defaultLevel']);
    expect(diffs.get(1)?.initial).toBe(true);
  });
});
