import { describe, expect, it } from 'vitest';
import type { PresentedRecord } from '../../access/index.js';
import { securityLabelled } from '../labels.js';
import { createPageTransform } from './ndjson-transform.js';

const record = (type: string, id: string, basis: string, extra: Partial<PresentedRecord> = {}): PresentedRecord => ({
  resource: { resourceType: type, id, meta: { lastUpdated: '2026-11-26T00:00:00.000Z' } },
  catalogCode: 'CLIN_LAB_REPORT',
  basis,
  patientId: 'p-1',
  masked: [],
  omitted: [],
  departmentCode: null,
  effectiveAt: null,
  emergency: false,
  grantId: basis.startsWith('grant:') ? basis.slice(6) : null,
  ...extra,
});

describe('securityLabelled', () => {
  it('adds the access basis, and MASKED when a field was masked, after existing labels', () => {
    const masked = record('Observation', 'o1', 'grant:g', { masked: [{ field: 'patient', strategy: 'name', reason: 'outside-grant' }] });
    masked.resource.meta = { security: [{ system: 's', code: 'c' }] };
    expect(securityLabelled(masked).meta).toEqual({ security: [{ system: 's', code: 'c' }, { system: 'urn:yixiang:access-basis', code: 'grant:g' }, { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'MASKED', display: 'masked' }] });
    expect(securityLabelled(record('Patient', 'p', 'grant:g')).meta).toEqual({ lastUpdated: '2026-11-26T00:00:00.000Z', security: [{ system: 'urn:yixiang:access-basis', code: 'grant:g' }] });
  });

  it('sends a required element the grant left out as present but masked', () => {
    expect(securityLabelled(record('Observation', 'o1', 'grant:g')).code).toEqual({ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }] });
  });
});

describe('createPageTransform', () => {
  it('renders the grant\'s records as NDJSON by type, and counts what it leaves out', () => {
    const apply = createPageTransform({ grantId: 'g', types: ['Observation', 'DiagnosticReport'] });
    const page = apply([
      record('Observation', 'o1', 'grant:g'),
      record('DiagnosticReport', 'd1', 'grant:g', { patientId: 'p-2' }),
      record('Observation', 'o2', 'grant:other'),
      record('Observation', 'o3', 'grant:g'),
      record('Patient', 'p1', 'grant:g'),
    ]);
    expect(page.records).toBe(3);
    expect(page.byType.Observation!.count).toBe(2);
    expect(page.byType.Observation!.text.split('\n').filter(Boolean).map((line) => JSON.parse(line).id)).toEqual(['o1', 'o3']);
    expect(JSON.parse(page.byType.DiagnosticReport!.text)).toMatchObject({ resourceType: 'DiagnosticReport', id: 'd1', meta: { security: [{ code: 'grant:g' }] } });
    expect(page.otherBasis).toEqual({ 'grant:other': 1 });
    expect(page.otherType).toBe(1);
    expect(page.patients.sort()).toEqual(['p-1', 'p-2']);
  });

  it('answers an empty page with nothing to write', () => {
    expect(createPageTransform({ grantId: 'g', types: ['Observation'] })([])).toEqual({ byType: {}, records: 0, patients: [], otherBasis: {}, otherType: 0 });
  });
});
