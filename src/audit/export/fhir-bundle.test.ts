import { describe, expect, it } from 'vitest';
import { completeEntry, type AuditEntry } from '../entry.js';
import { toFhirBundle } from './fhir-bundle.js';

const context = { serverId: 'yx-1', hospitalName: 'Demo Hospital', hostname: 'yx.example' };

function entry(seq: number): AuditEntry {
  return completeEntry(
    { actor: { type: 'user', id: 'u-1', name: 'dr.li', roles: [], departmentId: null }, action: 'search', objectType: 'record', objectId: null, outcome: 'success' },
    seq,
    '2026-11-25T09:00:00Z',
  );
}

describe('toFhirBundle', () => {
  it('wraps the events in a collection, in the order given, with leaf hashes by seq', () => {
    const bundle = toFhirBundle([entry(3), entry(4)], context, { leafHashes: new Map([[4, 'cd'.repeat(32)]]), timestamp: '2026-11-26T00:00:00Z' });
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    expect(bundle.timestamp).toBe('2026-11-26T00:00:00Z');
    expect(bundle.total).toBeUndefined();
    expect(bundle.entry.map((e) => e.resource.id)).toEqual(['ae-3', 'ae-4']);
    expect(bundle.entry[0]?.fullUrl).toBeUndefined();
    const leafDetail = (index: number) =>
      bundle.entry[index]?.resource.entity?.flatMap((e) => e.detail ?? []).find((d) => d.type === 'leafHash')?.valueString;
    expect(leafDetail(0)).toBeUndefined();
    expect(leafDetail(1)).toBe('cd'.repeat(32));
  });

  it('answers a search as a searchset with total, match mode and resolvable fullUrls', () => {
    const bundle = toFhirBundle([entry(1)], { ...context, fhirBaseUrl: 'https://yx.example/fhir/' }, { type: 'searchset' });
    expect(bundle.type).toBe('searchset');
    expect(bundle.total).toBe(1);
    expect(bundle.entry[0]).toMatchObject({ fullUrl: 'https://yx.example/fhir/AuditEvent/ae-1', search: { mode: 'match' } });
  });

  it('is an empty but valid bundle for no entries', () => {
    expect(toFhirBundle([], context)).toEqual({ resourceType: 'Bundle', type: 'collection', entry: [] });
  });
});
