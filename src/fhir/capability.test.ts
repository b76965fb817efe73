import { describe, expect, it } from 'vitest';
import { capabilityStatement } from './capability.js';
import { READABLE_TYPES, SEARCH_PARAMETERS } from './search-params.js';

const statement = capabilityStatement({ baseUrl: 'https://yx.example/fhir/R4', tokenUrl: 'https://yx.example/oauth2/token', software: { name: 'Yixiang', version: '0.1.0' }, date: '2026-11-26T00:00:00.000Z' });
const rest = (statement.rest as { resource: { type: string; interaction: { code: string }[]; searchParam: { name: string }[] }[]; security: { extension: { extension: { url: string; valueUri: string }[] }[] } }[])[0]!;

describe('capabilityStatement', () => {
  it('names exactly the readable types, each with read and search only', () => {
    expect(rest.resource.map((r) => r.type)).toEqual([...READABLE_TYPES]);
    for (const resource of rest.resource) expect(resource.interaction.map((i) => i.code)).toEqual(['read', 'search-type']);
  });

  it('offers only search parameters the parser accepts, and no patient parameter on Patient', () => {
    for (const resource of rest.resource) {
      for (const param of resource.searchParam) expect(SEARCH_PARAMETERS).toContain(param.name);
    }
    const patient = rest.resource.find((r) => r.type === 'Patient')!;
    expect(patient.searchParam.map((p) => p.name)).not.toContain('patient');
    expect(rest.resource.find((r) => r.type === 'Observation')!.searchParam.map((p) => p.name)).toEqual(expect.arrayContaining(['patient', 'date', 'code']));
  });

  it('points SMART clients at the token endpoint and says FHIR 4.0.1', () => {
    expect(statement).toMatchObject({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1' });
    expect(rest.security.extension[0]!.extension).toEqual([{ url: 'token', valueUri: 'https://yx.example/oauth2/token' }]);
    const withRevoke = capabilityStatement({ baseUrl: 'b', tokenUrl: 'https://yx.example/oauth2/token', revokeUrl: 'https://yx.example/oauth2/revoke', software: { name: 'Y', version: '1' }, date: 'd' });
    expect((withRevoke.rest as (typeof rest)[])[0]!.security.extension[0]!.extension).toEqual([{ url: 'token', valueUri: 'https://yx.example/oauth2/token' }, { url: 'revoke', valueUri: 'https://yx.example/oauth2/revoke' }]);
  });

  it('lists an operation only on the types that run it', () => {
    const withExport = capabilityStatement({ baseUrl: 'b', tokenUrl: 't', software: { name: 'Y', version: '1' }, date: 'd', operations: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export', types: ['Group'] }] });
    const resources = (withExport.rest as { resource: { type: string; operation?: unknown[] }[] }[])[0]!.resource;
    expect(resources.every((r) => r.operation === undefined)).toBe(true);
  });

  it('serves Group by read alone when asked to, with its $export, and then says it instantiates Bulk Data', () => {
    const operations = [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export', types: ['Group'] }];
    const bulk = capabilityStatement({ baseUrl: 'b', tokenUrl: 't', software: { name: 'Y', version: '1' }, date: 'd', operations, otherTypes: [{ type: 'Group', interactions: ['read'] }, { type: 'ServiceRequest', interactions: ['create', 'read'] }] });
    const resources = (bulk.rest as { resource: { type: string; interaction: { code: string }[]; operation?: unknown[] }[] }[])[0]!.resource;
    expect(resources.find((r) => r.type === 'Group')).toMatchObject({ interaction: [{ code: 'read' }], operation: [{ name: 'export', definition: operations[0]!.definition }] });
    expect(resources.filter((r) => r.operation)).toHaveLength(1);
    expect(resources.find((r) => r.type === 'ServiceRequest')).toMatchObject({ interaction: [{ code: 'create' }, { code: 'read' }] });
    expect(bulk.instantiates).toEqual(['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data']);
    expect(statement.instantiates).toBeUndefined();
  });
});
