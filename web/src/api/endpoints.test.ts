import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditApi, catalogApi, fhirApi } from './endpoints';

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

describe('catalogApi', () => {
  afterEach(() => vi.unstubAllGlobals());

  function stubFetch(response: Response) {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(response);
    vi.stubGlobal('fetch', fetchMock);
    return fetchMock;
  }

  const resource = { code: 'CLIN_LAB_REPORT', version: 3 };

  it('returns the ETag with the resource', async () => {
    stubFetch(new Response(JSON.stringify(resource), { status: 200, headers: { ETag: '"v3"' } }));
    const { resource: loaded, etag } = await catalogApi.get('CLIN_LAB_REPORT');
    expect(loaded.version).toBe(3);
    expect(etag).toBe('"v3"');
  });

  it('falls back to the version in the body when the ETag header is missing', async () => {
    stubFetch(new Response(JSON.stringify(resource), { status: 200 }));
    expect((await catalogApi.get('CLIN_LAB_REPORT')).etag).toBe('"v3"');
  });

  it('saves with If-Match and the CSRF token, and reads the new ETag', async () => {
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok' });
    const fetchMock = stubFetch(new Response(JSON.stringify({ ...resource, version: 4 }), { status: 200, headers: { ETag: '"v4"' } }));
    const saved = await catalogApi.update('CLIN_LAB_REPORT', { changeNote: 'x' } as never, '"v3"');
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/catalog/resources/CLIN_LAB_REPORT');
    expect(init?.method).toBe('PUT');
    const headers = init?.headers as Record<string, string>;
    expect(headers['If-Match']).toBe('"v3"');
    expect(headers['X-CSRF-Token']).toBe('tok');
    expect(saved.etag).toBe('"v4"');
  });

  it('surfaces a version conflict as an ApiError with its code', async () => {
    stubFetch(new Response(JSON.stringify({ status: 412, code: 'CATALOG_VERSION_CONFLICT', title: 'Precondition Failed' }), { status: 412 }));
    await expect(catalogApi.update('CLIN_LAB_REPORT', {} as never, '"v1"')).rejects.toMatchObject({ status: 412, code: 'CATALOG_VERSION_CONFLICT' });
  });

  it('passes filters as query parameters', async () => {
    const fetchMock = stubFetch(new Response('{"items":[]}', { status: 200 }));
    await catalogApi.list({ level: 5, shareType: 'conditional' });
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/catalog/resources?level=5&shareType=conditional');
  });
});

describe('fhirApi.ingest', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts FHIR JSON to /fhir/R4 with the CSRF token', async () => {
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok' });
    const answer = { resourceType: 'Bundle', type: 'batch-response', entry: [] };
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(new Response(JSON.stringify(answer), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const result = await fhirApi.ingest({ resourceType: 'Bundle', type: 'batch', entry: [] });
    expect(result).toEqual({ ok: true, status: 200, bundle: answer });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/fhir/R4');
    const headers = init?.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/fhir+json');
    expect(headers['X-CSRF-Token']).toBe('tok');
    expect(init?.body).toBe('{"resourceType":"Bundle","type":"batch","entry":[]}');
  });
});
