import { describe, expect, it } from 'vitest';
import { auditApi } from './endpoints';

describe('auditApi.exportHref', () => {
  it('links to the export with the format and the time range', () => {
    expect(auditApi.exportHref('fhir', { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' })).toBe(
      '/api/v1/audit/export?format=fhir&from=2026-03-01T00%3A00%3A00.000Z&to=2026-03-02T00%3A00%3A00.000Z',
    );
  });

  it('leaves out an open end', () => {
    expect(auditApi.exportHref('ndjson', {})).toBe('/api/v1/audit/export?format=ndjson');
    expect(auditApi.exportHref('syslog', { to: '2026-03-02T00:00:00.000Z' })).toBe(
      '/api/v1/audit/export?format=syslog&to=2026-03-02T00%3A00%3A00.000Z',
    );
  });
});
