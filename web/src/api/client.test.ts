import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildQuery, configureClient, readCookie, request, requestWithHeaders, sessionFetch } from './client';
import { ApiError } from './problem';

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('a=1; yx_csrf=abc%2Fdef; b=2', 'yx_csrf')).toBe('abc/def');
  });
  it('does not match on a name suffix', () => {
    expect(readCookie('not_yx_csrf=1', 'yx_csrf')).toBeUndefined();
  });
  it('returns undefined for an empty cookie string', () => {
    expect(readCookie('', 'yx_csrf')).toBeUndefined();
  });
});

describe('buildQuery', () => {
  it('skips empty values and encodes the rest', () => {
    expect(buildQuery({ q: 'Zoë Wang', departmentId: undefined, status: '', limit: 20, cursor: null })).toBe(
      '?q=Zo%C3%AB+Wang&limit=20',
    );
  });
  it('is empty when nothing is set', () => {
    expect(buildQuery({ q: undefined })).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });
});

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    configureClient({ getLanguage: () => 'zh-CN', onUnauthorized: () => undefined, onMfaEnrolmentRequired: () => undefined });
  });

  it('reports a refusal for a missing required two-step factor, and still throws it', async () => {
    const onMfaEnrolmentRequired = vi.fn();
    configureClient({ onMfaEnrolmentRequired });
    stubFetch(new Response(JSON.stringify({ status: 403, code: 'MFA_ENROLMENT_REQUIRED', title: 'Forbidden' }), { status: 403 }));
    await expect(request('GET', '/patients')).rejects.toMatchObject({ status: 403, code: 'MFA_ENROLMENT_REQUIRED' });
    expect(onMfaEnrolmentRequired).toHaveBeenCalledTimes(1);
  });

  it('does not report other refusals as a missing factor', async () => {
    const onMfaEnrolmentRequired = vi.fn();
    configureClient({ onMfaEnrolmentRequired });
    stubFetch(new Response(JSON.stringify({ status: 403, code: 'FORBIDDEN', title: 'Forbidden' }), { status: 403 }));
    await expect(request('GET', '/patients')).rejects.toMatchObject({ status: 403 });
    expect(onMfaEnrolmentRequired).not.toHaveBeenCalled();
  });

  function stubFetch(response: Response) {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(response);
    vi.stubGlobal('fetch', fetchMock);
    return fetchMock;
  }

  it('sends the language, same-origin credentials and the CSRF token on writes', async () => {
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok123' });
    configureClient({ getLanguage: () => 'en-US' });
    const fetchMock = stubFetch(new Response(JSON.stringify({ id: 'u1' }), { status: 201 }));
    const result = await request<{ id: string }>('POST', '/users', { body: { username: 'x' } });
    expect(result).toEqual({ id: 'u1' });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/users');
    expect(init?.credentials).toBe('same-origin');
    const headers = init?.headers as Record<string, string>;
    expect(headers['Accept-Language']).toBe('en-US');
    expect(headers['X-CSRF-Token']).toBe('tok123');
    expect(headers['Content-Type']).toBe('application/json');
    expect(init?.body).toBe('{"username":"x"}');
  });

  it('does not send the CSRF token on reads', async () => {
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok123' });
    const fetchMock = stubFetch(new Response('{"items":[]}', { status: 200 }));
    await request('GET', '/departments');
    const headers = fetchMock.mock.calls[0]![1]?.headers as Record<string, string>;
    expect(headers['X-CSRF-Token']).toBeUndefined();
    expect(headers['Accept-Language']).toBe('zh-CN');
  });

  it('returns undefined for 204', async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(request('POST', '/auth/logout')).resolves.toBeUndefined();
  });

  it('turns a problem into ApiError and reports 401 as a lost session', async () => {
    const onUnauthorized = vi.fn();
    configureClient({ onUnauthorized });
    stubFetch(
      new Response(JSON.stringify({ title: 'Not signed in', status: 401, code: 'UNAUTHENTICATED' }), {
        status: 401,
        headers: { 'Content-Type': 'application/problem+json' },
      }),
    );
    const error = await request('GET', '/me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('UNAUTHENTICATED');
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('leaves a failed login to the login form', async () => {
    const onUnauthorized = vi.fn();
    configureClient({ onUnauthorized });
    stubFetch(new Response(JSON.stringify({ title: 'x', status: 401, code: 'INVALID_CREDENTIALS' }), { status: 401 }));
    await expect(request('POST', '/auth/login', { body: {}, noAuthRedirect: true })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(request('GET', '/me')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('returns the response headers with the body and sends extra headers', async () => {
    const fetchMock = stubFetch(new Response('{"version":2}', { status: 200, headers: { ETag: '"v2"' } }));
    const { data, headers } = await requestWithHeaders<{ version: number }>('GET', '/catalog/resources/X', { headers: { 'If-None-Match': '"v1"' } });
    expect(data).toEqual({ version: 2 });
    expect(headers.get('ETag')).toBe('"v2"');
    expect((fetchMock.mock.calls[0]![1]?.headers as Record<string, string>)['If-None-Match']).toBe('"v1"');
  });

  it('hands other formats back untouched from sessionFetch, still reporting a lost session', async () => {
    const onUnauthorized = vi.fn();
    configureClient({ onUnauthorized });
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok' });
    const fetchMock = stubFetch(new Response('{"resourceType":"OperationOutcome","issue":[]}', { status: 401 }));
    const response = await sessionFetch('/fhir/R4', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(onUnauthorized).toHaveBeenCalledOnce();
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/fhir/R4');
    expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
  });
});
