import { afterEach, describe, expect, it, vi } from 'vitest';
import { configureClient } from './client';
import { auditApi, authApi, catalogApi, consentsApi, emergencyApi, feedbackApi, fhirApi, grantsApi, inboxApi, mfaApi, patientsApi, referralsApi, shareRequestsApi, smartApi, suggestionsApi, usersApi } from './endpoints';

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

describe('patientsApi', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the purpose of use with every read of patient data', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockImplementation(async () => new Response('{"items":[],"total":0,"nextCursor":null}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await patientsApi.search({ q: 'MRN79467816', limit: 20 }, 'treatment');
    await patientsApi.view('p-1', { limit: 50, cursor: 'c1' }, 'referral');
    await patientsApi.recentResults('p-1', '4548-4', 'treatment');
    const calls = fetchMock.mock.calls.map(([url, init]) => [url, (init?.headers as Record<string, string>)['X-Purpose-Of-Use']]);
    expect(calls).toEqual([
      ['/api/v1/patients?q=MRN79467816&limit=20', 'treatment'],
      ['/api/v1/patients/p-1?limit=50&cursor=c1', 'referral'],
      ['/api/v1/patients/p-1/recent-results?code=4548-4', 'treatment'],
    ]);
  });
});

describe('emergencyApi', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('opens a window with the reason and reviews one with a note, with the CSRF token', async () => {
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok' });
    const fetchMock = vi.fn<typeof fetch>().mockImplementation(async () => new Response('{}', { status: 201 }));
    vi.stubGlobal('fetch', fetchMock);
    await emergencyApi.open('p-1', '患者昏迷急诊抢救');
    await emergencyApi.review('e-1', false, '无急救指征');
    const [openUrl, openInit] = fetchMock.mock.calls[0] as [string, RequestInit];
    const [reviewUrl, reviewInit] = fetchMock.mock.calls[1] as [string, RequestInit];
    expect(openUrl).toBe('/api/v1/emergency-access');
    expect(openInit.body).toBe('{"patientId":"p-1","reason":"患者昏迷急诊抢救"}');
    expect((openInit.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect(reviewUrl).toBe('/api/v1/emergency-access/e-1/review');
    expect(reviewInit.body).toBe('{"justified":false,"note":"无急救指征"}');
  });
});

describe('suggestionsApi', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('answers, changes status and reopens at their paths with the CSRF token, and reads a quarter’s figures', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockImplementation(async () => new Response(JSON.stringify({ id: 's-1', suggestions: { received: 2 } }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok' });
    await suggestionsApi.respond('s/1', '已采纳', true);
    await suggestionsApi.changeStatus('s-1', 'in_progress');
    await suggestionsApi.reopen('s-1', '仍不满意');
    expect(await suggestionsApi.quarterStatistics('2026-Q4')).toEqual({ received: 2 });
    const calls = fetchMock.mock.calls.map(([url, init]) => [url, init?.method, init?.body]);
    expect(calls).toEqual([
      ['/api/v1/suggestions/s%2F1/responses', 'POST', JSON.stringify({ text: '已采纳', interim: true })],
      ['/api/v1/suggestions/s-1/status', 'POST', JSON.stringify({ status: 'in_progress' })],
      ['/api/v1/suggestions/s-1/reopen', 'POST', JSON.stringify({ reason: '仍不满意' })],
      ['/api/v1/reports/quarterly/2026-Q4?format=json', 'GET', null],
    ]);
    expect((fetchMock.mock.calls[0]![1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect(suggestionsApi.attachmentUrl('s-1')).toBe('/api/v1/suggestions/s-1/attachment');
  });
});

describe('sharing endpoints', () => {
  afterEach(() => vi.unstubAllGlobals());

  function stubFetch(...responses: Response[]) {
    const fetchMock = vi.fn<typeof fetch>();
    for (const response of responses) fetchMock.mockResolvedValueOnce(response);
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok' });
    return fetchMock;
  }

  const view = { id: 'r-1', version: 3 };
  const input = { title: '检验质控抽查', form: { purpose: 'quality-control' } } as never;

  it('saves a draft with If-Match and falls back to the body’s version for the new ETag', async () => {
    const fetchMock = stubFetch(new Response(JSON.stringify({ ...view, version: 4 }), { status: 200 }));
    const saved = await shareRequestsApi.update('r-1', input, '"v3"');
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/share-requests/r-1');
    expect(init?.method).toBe('PUT');
    expect((init?.headers as Record<string, string>)['If-Match']).toBe('"v3"');
    expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect(saved.etag).toBe('"v4"');
  });

  it('creates a draft and reads its ETag', async () => {
    const fetchMock = stubFetch(new Response(JSON.stringify(view), { status: 201, headers: { ETag: '"v1"' } }));
    expect((await shareRequestsApi.create(input)).etag).toBe('"v1"');
    expect(fetchMock.mock.calls[0]![1]?.method).toBe('POST');
    expect(JSON.parse(fetchMock.mock.calls[0]![1]?.body as string)).toEqual({ title: '检验质控抽查', form: { purpose: 'quality-control' } });
  });

  it('posts the bare form to the pre-check and lists requests by view', async () => {
    const fetchMock = stubFetch(new Response(JSON.stringify({ findings: [] }), { status: 200 }), new Response(JSON.stringify({ items: [] }), { status: 200 }));
    await shareRequestsApi.precheck({ purpose: 'quality-control' } as never);
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/share-requests/precheck');
    expect(JSON.parse(fetchMock.mock.calls[0]![1]?.body as string)).toEqual({ purpose: 'quality-control' });
    await shareRequestsApi.list('to-review');
    expect(fetchMock.mock.calls[1]![0]).toBe('/api/v1/share-requests?view=to-review&limit=200');
  });

  it('surfaces a blocked submission with its code and errors', async () => {
    stubFetch(new Response(JSON.stringify({ status: 422, code: 'SHARE_REQUEST_BLOCKED', title: 'blocked', errors: [{ path: 'resources/CLIN_PSYCH_NOTE', message: 'not shareable' }] }), { status: 422 }));
    await expect(shareRequestsApi.submit('r-1')).rejects.toMatchObject({ status: 422, code: 'SHARE_REQUEST_BLOCKED', errors: [{ path: 'resources/CLIN_PSYCH_NOTE', message: 'not shareable' }] });
  });

  it('reaches grants, feedback and the inbox at their paths', async () => {
    const ok = () => new Response(JSON.stringify({ items: [] }), { status: 200 });
    const fetchMock = stubFetch(ok(), ok(), ok(), ok(), ok(), ok());
    await grantsApi.list({ status: 'active', after: 'g-9' });
    await grantsApi.revoke('g-1', '质控抽查已完成');
    await feedbackApi.list({ scope: 'mine', state: 'due' });
    await feedbackApi.submit('g-1', { usedFor: '质控', recordsUsed: 3, outcome: '合格', copiesDestroyed: true });
    await inboxApi.list({ unread: true, limit: 1 });
    await inboxApi.markRead(['n-1']);
    expect(fetchMock.mock.calls.map(([url, init]) => `${init?.method} ${url as string}`)).toEqual([
      'GET /api/v1/grants?status=active&after=g-9',
      'POST /api/v1/grants/g-1/revoke',
      'GET /api/v1/feedback?scope=mine&state=due',
      'POST /api/v1/grants/g-1/feedback',
      'GET /api/v1/inbox?unread=true&limit=1',
      'POST /api/v1/inbox/read',
    ]);
    expect(JSON.parse(fetchMock.mock.calls[1]![1]?.body as string)).toEqual({ reason: '质控抽查已完成' });
    expect(JSON.parse(fetchMock.mock.calls[5]![1]?.body as string)).toEqual({ ids: ['n-1'] });
  });
});

describe('consent and partner endpoints', () => {
  afterEach(() => vi.unstubAllGlobals());

  function stubFetch(...responses: Response[]) {
    const fetchMock = vi.fn<typeof fetch>();
    for (const response of responses) fetchMock.mockResolvedValueOnce(response);
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok' });
    return fetchMock;
  }

  it('reaches a patient’s consents, the form upload and withdrawal at their paths', async () => {
    const ok = () => new Response(JSON.stringify({ items: [] }), { status: 200 });
    const fetchMock = stubFetch(ok(), ok(), ok(), ok(), ok());
    await consentsApi.list('p 1');
    await consentsApi.record('p 1', { recipientId: 'i-1', purpose: 'referral', evidence: { kind: 'verbal', recordedAt: '2026-11-26T02:00:00.000Z' } });
    await consentsApi.uploadForm({ patientId: 'p 1', name: 'form.pdf', mediaType: 'application/pdf', contentBase64: 'JVBERi0=' });
    await consentsApi.withdraw('c-1', '患者要求');
    await consentsApi.fhir('c-1');
    expect(fetchMock.mock.calls.map(([url, init]) => `${init?.method} ${url as string}`)).toEqual([
      'GET /api/v1/patients/p%201/consents',
      'POST /api/v1/patients/p%201/consents',
      'POST /api/v1/consents/forms',
      'POST /api/v1/consents/c-1/withdraw',
      'GET /api/v1/consents/c-1/fhir',
    ]);
    expect(JSON.parse(fetchMock.mock.calls[3]![1]?.body as string)).toEqual({ reason: '患者要求' });
    expect((fetchMock.mock.calls[1]![1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect(consentsApi.formUrl('c-1')).toBe('/api/v1/consents/c-1/form');
  });

  it('reads the signed form as bytes, and a refusal as a problem', async () => {
    stubFetch(new Response(new Uint8Array([0x25, 0x50]), { status: 200, headers: { 'Content-Type': 'application/pdf' } }));
    expect((await consentsApi.formContent('c-1')).size).toBe(2);
    stubFetch(new Response(JSON.stringify({ status: 404, code: 'CONSENT_FORM_NOT_FOUND', title: 'Not Found', detail: '该同意记录没有书面同意书' }), { status: 404 }));
    await expect(consentsApi.formContent('c-1')).rejects.toMatchObject({ status: 404, code: 'CONSENT_FORM_NOT_FOUND', displayMessage: '该同意记录没有书面同意书' });
  });

  it('reads the SMART discovery document at the server root', async () => {
    const document = { token_endpoint: 'https://h/oauth2/token', scopes_supported: ['system/*.read'] };
    const fetchMock = stubFetch(new Response(JSON.stringify(document), { status: 200 }));
    expect(await smartApi.configuration()).toEqual(document);
    expect(fetchMock.mock.calls[0]![0]).toBe('/.well-known/smart-configuration');
    stubFetch(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(smartApi.configuration()).rejects.toMatchObject({ status: 502 });
  });
});

describe('referral endpoints', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reaches referrals out and in at their paths, with the CSRF token on each decision', async () => {
    const fetchMock = vi.fn<typeof fetch>();
    for (let i = 0; i < 10; i++) fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ items: [] }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok' });
    await referralsApi.list('to-review');
    await referralsApi.list('mine', undefined, 'p 1');
    await referralsApi.get('r 1');
    await referralsApi.refer({ patientId: 'p-1', institutionId: 'i-1', reason: '会诊', urgency: 'urgent', fields: { CLIN_NOTE: [] } });
    await referralsApi.review('r-1', { decision: 'approve', reason: '同意' });
    await referralsApi.withdraw('r-1');
    await referralsApi.inbound('received');
    await referralsApi.inbound(undefined);
    await referralsApi.inboundOne('in-1');
    await referralsApi.decide('in-1', 'decline', '床位已满');
    expect(fetchMock.mock.calls.map(([url, init]) => `${init?.method} ${url as string}`)).toEqual([
      'GET /api/v1/referrals?view=to-review&limit=200',
      'GET /api/v1/referrals?view=mine&limit=200&patient=p+1',
      'GET /api/v1/referrals/r%201',
      'POST /api/v1/referrals',
      'POST /api/v1/referrals/r-1/review',
      'POST /api/v1/referrals/r-1/withdraw',
      'GET /api/v1/referrals/inbound?status=received&limit=200',
      'GET /api/v1/referrals/inbound?limit=200',
      'GET /api/v1/referrals/inbound/in-1',
      'POST /api/v1/referrals/inbound/in-1/decline',
    ]);
    expect(JSON.parse(fetchMock.mock.calls[3]![1]?.body as string)).toMatchObject({ urgency: 'urgent', fields: { CLIN_NOTE: [] } });
    expect(JSON.parse(fetchMock.mock.calls[9]![1]?.body as string)).toEqual({ reason: '床位已满' });
    expect((fetchMock.mock.calls[9]![1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect(referralsApi.attachmentUrl('in-1', 0)).toBe('/api/v1/referrals/inbound/in-1/attachments/0');
  });
});

describe('authApi.login', () => {
  afterEach(() => vi.unstubAllGlobals());

  function stubFetch(response: () => Response) {
    const fetchMock = vi.fn<typeof fetch>().mockImplementation(async () => response());
    vi.stubGlobal('fetch', fetchMock);
    return fetchMock;
  }

  it('sends only the username and password on the first step', async () => {
    const fetchMock = stubFetch(() => new Response('{}', { status: 200 }));
    await authApi.login('nurse.zhao', 'pw');
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/auth/login');
    expect(init?.body).toBe('{"username":"nurse.zhao","password":"pw"}');
  });

  it('adds the one-time code or the recovery code on the second step', async () => {
    const fetchMock = stubFetch(() => new Response('{}', { status: 200 }));
    await authApi.login('nurse.zhao', 'pw', { otp: '123456' });
    await authApi.login('nurse.zhao', 'pw', { recoveryCode: 'abcd-efgh' });
    expect(fetchMock.mock.calls.map(([, init]) => init?.body)).toEqual([
      '{"username":"nurse.zhao","password":"pw","otp":"123456"}',
      '{"username":"nurse.zhao","password":"pw","recoveryCode":"abcd-efgh"}',
    ]);
  });

  it('surfaces MFA_REQUIRED as an ApiError without reporting a lost session', async () => {
    stubFetch(() => new Response(JSON.stringify({ status: 401, code: 'MFA_REQUIRED', title: 'Unauthorized' }), { status: 401 }));
    await expect(authApi.login('nurse.zhao', 'pw')).rejects.toMatchObject({ status: 401, code: 'MFA_REQUIRED' });
  });
});

describe('mfaApi', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('calls the enrolment, confirmation, disabling and recovery-code endpoints with the CSRF token', async () => {
    vi.stubGlobal('document', { cookie: 'yx_csrf=tok' });
    const fetchMock = vi.fn<typeof fetch>().mockImplementation(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await mfaApi.startTotp();
    await mfaApi.confirmTotp('123456');
    await mfaApi.disableTotp('pw', '654321');
    await mfaApi.regenerateRecoveryCodes('111111');
    const calls = fetchMock.mock.calls.map(([url, init]) => [url, init?.method, init?.body, (init?.headers as Record<string, string>)['X-CSRF-Token']]);
    expect(calls).toEqual([
      ['/api/v1/me/mfa/totp', 'POST', null, 'tok'],
      ['/api/v1/me/mfa/totp/confirm', 'POST', '{"code":"123456"}', 'tok'],
      ['/api/v1/me/mfa/totp/disable', 'POST', '{"password":"pw","code":"654321"}', 'tok'],
      ['/api/v1/me/mfa/recovery-codes', 'POST', '{"code":"111111"}', 'tok'],
    ]);
  });

  it('returns the pending enrolment and the recovery codes', async () => {
    const enrolment = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/Yixiang:nurse.zhao?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', expiresAt: '2026-03-01T00:10:00.000Z' };
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockResolvedValueOnce(new Response(JSON.stringify(enrolment), { status: 201 })).mockResolvedValueOnce(new Response('{"recoveryCodes":["abcd-efgh"]}', { status: 200 })));
    expect(await mfaApi.startTotp()).toEqual(enrolment);
    expect(await mfaApi.confirmTotp('123456')).toEqual({ recoveryCodes: ['abcd-efgh'] });
  });

  it('keeps the session when disabling answers 401 for a wrong password', async () => {
    const onUnauthorized = vi.fn();
    configureClient({ onUnauthorized });
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockResolvedValue(new Response(JSON.stringify({ status: 401, code: 'INVALID_CREDENTIALS', title: 'Unauthorized' }), { status: 401 })));
    try {
      await expect(mfaApi.disableTotp('wrong', '123456')).rejects.toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
      expect(onUnauthorized).not.toHaveBeenCalled();
    } finally {
      configureClient({ onUnauthorized: () => undefined });
    }
  });

  it('surfaces a wrong code as MFA_INVALID', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockResolvedValue(new Response(JSON.stringify({ status: 422, code: 'MFA_INVALID', title: 'Unprocessable Entity' }), { status: 422 })));
    await expect(mfaApi.confirmTotp('000000')).rejects.toMatchObject({ status: 422, code: 'MFA_INVALID' });
  });
});

describe('usersApi.resetMfa', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts the reason to the user\'s reset endpoint', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(usersApi.resetMfa('u 1', '手机遗失')).resolves.toBeUndefined();
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/users/u%201/mfa/reset');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"reason":"手机遗失"}');
  });
});
