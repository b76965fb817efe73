import { describe, expect, it } from 'vitest';
import type { CatalogResourceDefinition, CodingMatch, RecordMatch } from '../types.js';
import { BUILTIN_CATALOG } from './index.js';
import { LOINC, OBSERVATION_CATEGORY, PRIORITY_CATCH_ALL, PRIORITY_CATEGORISED, PRIORITY_SPECIAL, V2_0074 } from './systems.js';

type Coding = { system: string; code: string };
interface SampleRecord {
  resourceType: string;
  categories?: Coding[];
  codes?: Coding[];
}

const hasAny = (record: Coding[] = [], wanted: CodingMatch[]) => record.some((c) => wanted.some((w) => w.system === c.system && w.code === c.code));

/**
 * The routing contract as RecordMatch documents it: a rule applies when the resource type matches
 * and, for each filter it has, one of the record's codings is listed; the highest priority wins.
 * Reimplemented here so the catalog is tested against its own contract, not against ingest code.
 */
function route(record: SampleRecord, catalog: readonly CatalogResourceDefinition[] = BUILTIN_CATALOG): string | null {
  let best: { code: string; priority: number } | null = null;
  for (const resource of catalog) {
    for (const rule of resource.matches) {
      if (rule.resourceType !== record.resourceType) continue;
      if (rule.categories?.length && !hasAny(record.categories, rule.categories)) continue;
      if (rule.codes?.length && !hasAny(record.codes, rule.codes)) continue;
      if (!best || rule.priority > best.priority) best = { code: resource.code, priority: rule.priority };
    }
  }
  return best?.code ?? null;
}

const loinc = (code: string): Coding => ({ system: LOINC, code });
const obsCategory = (code: string): Coding => ({ system: OBSERVATION_CATEGORY, code });
const section = (code: string): Coding => ({ system: V2_0074, code });
const rules = BUILTIN_CATALOG.flatMap((resource) => resource.matches.map((rule) => ({ resource, rule })));
const isCatchAll = (rule: RecordMatch) => !rule.categories?.length && !rule.codes?.length;

/** LOINC's mod-10 check digit: double every second digit from the right, starting with the last. */
function loincCheckDigitHolds(code: string): boolean {
  const [body = '', check] = code.split('-');
  const sum = [...body].reverse().reduce((total, digit, index) => {
    const value = Number(digit) * (index % 2 === 0 ? 2 : 1);
    return total + Math.floor(value / 10) + (value % 10);
  }, 0);
  return String((10 - (sum % 10)) % 10) === check;
}

describe('built-in catalog: routing samples', () => {
  const cases: [string, SampleRecord, string | null][] = [
    ['an HIV combo assay with a laboratory category', { resourceType: 'Observation', categories: [obsCategory('laboratory')], codes: [loinc('56888-1')] }, 'CLIN_INFECTIOUS_RESULT'],
    ['an HIV panel report in the LAB section', { resourceType: 'DiagnosticReport', categories: [section('LAB')], codes: [loinc('75622-1')] }, 'CLIN_INFECTIOUS_RESULT'],
    ['an HBsAg result without a category', { resourceType: 'Observation', codes: [loinc('5196-1')] }, 'CLIN_INFECTIOUS_RESULT'],
    ['a glucose result', { resourceType: 'Observation', categories: [obsCategory('laboratory')], codes: [loinc('2345-7')] }, 'CLIN_LAB_REPORT'],
    ['a haematology report', { resourceType: 'DiagnosticReport', categories: [section('HM')], codes: [loinc('58410-2')] }, 'CLIN_LAB_REPORT'],
    ['a genetics report by section', { resourceType: 'DiagnosticReport', categories: [section('GE')] }, 'CLIN_GENETIC_TEST'],
    ['a genetic analysis report coded in a LAB section', { resourceType: 'DiagnosticReport', categories: [section('LAB')], codes: [loinc('51969-4')] }, 'CLIN_GENETIC_TEST'],
    ['a variant observation in laboratory + genetics', { resourceType: 'Observation', categories: [obsCategory('laboratory'), section('GE')], codes: [loinc('69548-6')] }, 'CLIN_GENETIC_TEST'],
    ['a blood pressure', { resourceType: 'Observation', categories: [obsCategory('vital-signs')], codes: [loinc('85354-9')] }, 'CLIN_NURSING'],
    ['a nursing assessment', { resourceType: 'Observation', categories: [section('NRS')] }, 'CLIN_NURSING'],
    ['an imaging measurement', { resourceType: 'Observation', categories: [obsCategory('imaging')] }, 'CLIN_IMAGING_REPORT'],
    ['a CT report', { resourceType: 'DiagnosticReport', categories: [section('CT')] }, 'CLIN_IMAGING_REPORT'],
    ['an imaging study', { resourceType: 'ImagingStudy' }, 'CLIN_IMAGING_REPORT'],
    ['a psychiatry consult note', { resourceType: 'DocumentReference', codes: [loinc('34788-0')] }, 'CLIN_PSYCH_NOTE'],
    ['a generic consult note', { resourceType: 'DocumentReference', codes: [loinc('11488-4')] }, 'CLIN_NOTE'],
    ['an uncategorised observation, left for ingest to refuse', { resourceType: 'Observation', codes: [loinc('2345-7')] }, null],
    ['an uncategorised report, left for ingest to refuse', { resourceType: 'DiagnosticReport', codes: [loinc('58410-2')] }, null],
  ];

  it.each(cases)('routes %s', (_label, record, expected) => {
    expect(route(record)).toBe(expected);
  });

  it.each([
    ['Patient', 'CLIN_PATIENT'],
    ['Encounter', 'CLIN_ENCOUNTER'],
    ['Condition', 'CLIN_DIAGNOSIS'],
    ['Procedure', 'CLIN_PROCEDURE'],
    ['MedicationRequest', 'CLIN_PRESCRIPTION'],
    ['MedicationDispense', 'CLIN_PRESCRIPTION'],
    ['AllergyIntolerance', 'CLIN_ALLERGY'],
    ['ChargeItem', 'FIN_BILLING'],
    ['Invoice', 'FIN_BILLING'],
    ['Claim', 'FIN_REIMBURSEMENT'],
    ['ExplanationOfBenefit', 'FIN_REIMBURSEMENT'],
    ['Practitioner', 'MGMT_PERSONNEL'],
    ['PractitionerRole', 'MGMT_PERSONNEL'],
    ['Device', 'MGMT_EQUIPMENT'],
  ])('routes any %s to %s', (resourceType, expected) => {
    expect(route({ resourceType })).toBe(expected);
  });

  it('does not depend on catalog order for any sample', () => {
    const reversed = [...BUILTIN_CATALOG].reverse();
    for (const [label, record, expected] of cases) expect(route(record, reversed), label).toBe(expected);
  });
});

describe('built-in catalog: routing rules', () => {
  it('uses the three priority tiers: level-5 100, categorised 50, catch-all 10', () => {
    for (const { resource, rule } of rules) {
      const expected = resource.specialCategory ? PRIORITY_SPECIAL : isCatchAll(rule) ? PRIORITY_CATCH_ALL : PRIORITY_CATEGORISED;
      expect(rule.priority, `${resource.code} ${rule.resourceType}`).toBe(expected);
    }
  });

  it('gives level-5 resources only filtered rules that outrank every general rule of the same type', () => {
    for (const { resource, rule } of rules.filter(({ resource }) => resource.specialCategory)) {
      expect(isCatchAll(rule), resource.code).toBe(false);
      const general = rules.filter((other) => !other.resource.specialCategory && other.rule.resourceType === rule.resourceType);
      general.forEach((other) => expect(rule.priority, `${resource.code} vs ${other.resource.code}`).toBeGreaterThan(other.rule.priority));
    }
  });

  it('reaches every FHIR type a resource declares', () => {
    BUILTIN_CATALOG.forEach((resource) =>
      resource.fhirResourceTypes.forEach((type) => expect(resource.matches.map((rule) => rule.resourceType), resource.code).toContain(type)),
    );
  });

  it('leaves no tie that catalog order would have to break, except between level-5 resources', () => {
    expect(rules.filter(({ rule }) => isCatchAll(rule)).map(({ rule }) => rule.resourceType)).toEqual(
      [...new Set(rules.filter(({ rule }) => isCatchAll(rule)).map(({ rule }) => rule.resourceType))],
    );
    for (const a of rules) {
      for (const b of rules) {
        if (a.resource === b.resource || a.rule.resourceType !== b.rule.resourceType || a.rule.priority !== b.rule.priority) continue;
        const sharedCategory = (a.rule.categories ?? []).some((c) => hasAny([c as Coding], b.rule.categories ?? []));
        const sharedCode = (a.rule.codes ?? []).some((c) => hasAny([c as Coding], b.rule.codes ?? []));
        expect(sharedCategory || sharedCode, `${a.resource.code} / ${b.resource.code}`).toBe(false);
        const mixed = !!a.rule.codes?.length !== !!b.rule.codes?.length;
        if (mixed) expect(!!a.resource.specialCategory && !!b.resource.specialCategory, `${a.resource.code} / ${b.resource.code}`).toBe(true);
      }
    }
  });

  it('lists LOINC codes with a valid check digit and a display', () => {
    const loincCodings = rules.flatMap(({ rule }) => [...(rule.codes ?? []), ...(rule.categories ?? [])]).filter((c) => c.system === LOINC);
    expect(loincCodings.length).toBeGreaterThan(0);
    for (const coding of loincCodings) {
      expect(coding.code).toMatch(/^\d{1,6}-\d$/);
      expect(loincCheckDigitHolds(coding.code), coding.code).toBe(true);
      expect(coding.display?.length, coding.code).toBeGreaterThan(0);
    }
  });

  it('keeps known unverified or misleading codes out', () => {
    const listed = new Set(rules.flatMap(({ rule }) => rule.codes ?? []).map((c) => c.code));
    // 22587-0 could not be confirmed from a primary source; 11488-4 is the generic consult note.
    for (const code of ['22587-0', '11488-4']) expect(listed.has(code), code).toBe(false);
  });
});
