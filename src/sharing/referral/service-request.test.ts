import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS, attachmentType, contentMatches } from './attachments.js';
import { DEPARTMENT_SYSTEM, parseServiceRequest, type ParseResult } from './service-request.js';
import { presentServiceRequest } from './service-request-view.js';

type Json = Record<string, any>;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function referral(overrides: Json = {}): Json {
  return {
    resourceType: 'ServiceRequest',
    id: 'theirs-1',
    status: 'active',
    intent: 'order',
    priority: 'urgent',
    subject: { reference: '#p1' },
    performer: [{ type: 'Organization', identifier: { system: DEPARTMENT_SYSTEM, value: 'NK' } }],
    reasonCode: [{ text: '反复胸痛,转上级医院进一步诊治' }],
    authoredOn: '2026-11-25T08:00:00+08:00',
    supportingInfo: [{ reference: '#d1' }],
    contained: [
      { resourceType: 'Patient', id: 'p1', identifier: [{ system: 'urn:yixiang:mrn', value: 'MRN001' }], name: [{ text: '张三' }], gender: 'male', birthDate: '1960-01-02', favouriteColour: 'blue' },
      { resourceType: 'DocumentReference', id: 'd1', status: 'current', description: '出院小结', content: [{ attachment: { contentType: 'application/pdf', title: 'discharge.pdf', data: PDF.toString('base64'), size: PDF.length } }] },
    ],
    ...overrides,
  };
}

function issuesOf(result: ParseResult): string[] {
  if (result.ok || result.problem !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(result).slice(0, 200)}`);
  return result.issues.map((i) => `${i.expression}: ${i.message}`);
}

describe('an inbound referral ServiceRequest', () => {
  it('is taken apart: intent, priority, department, patient identifiers, documents', () => {
    const result = parseServiceRequest({ ...referral(), somethingElse: 1 });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const { value } = result;
    expect(value).toMatchObject({ intent: 'order', priority: 'urgent', departmentCode: 'NK', identifiers: [{ system: 'urn:yixiang:mrn', value: 'MRN001' }], ignored: ['somethingElse'] });
    expect(value.attachments).toEqual([{ position: 0, contentType: 'application/pdf', content: PDF, sha256: createHash('sha256').update(PDF).digest('hex') }]);
    // Stored without our id, meta, unknown elements or the bytes: the attachment keeps size and hash.
    expect(value.resource).not.toHaveProperty('id');
    expect(value.resource).not.toHaveProperty('somethingElse');
    const [patient, document] = value.resource.contained as Json[];
    expect(patient).not.toHaveProperty('favouriteColour');
    expect(document!.content).toEqual([{ attachment: { contentType: 'application/pdf', title: 'discharge.pdf', size: PDF.length, hash: createHash('sha1').update(PDF).digest('base64') } }]);
  });

  it('ignores keys that only look like elements through the prototype', () => {
    const body = JSON.parse(`{"__proto__": {"polluted": true}, "constructor": 1, "toString": 2, ${JSON.stringify(referral()).slice(1)}`);
    const result = parseServiceRequest(body);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.value.ignored.sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(result.value.resource)).toBe(Object.prototype);
    expect(Object.keys(result.value.resource)).not.toContain('constructor');
  });

  it('takes the department from locationCode or category, and the patient by logical identifier', () => {
    const byLocation = parseServiceRequest(referral({ performer: undefined, locationCode: [{ coding: [{ system: DEPARTMENT_SYSTEM, code: 'WK' }] }] }));
    expect(byLocation.ok && byLocation.value.departmentCode).toBe('WK');
    const byIdentifier = parseServiceRequest(referral({ subject: { identifier: { system: 'urn:yixiang:id:resident-id-card', value: '11010119600102001X' } }, contained: [referral().contained[1]] }));
    expect(byIdentifier.ok && byIdentifier.value.identifiers).toEqual([{ system: 'urn:yixiang:id:resident-id-card', value: '11010119600102001X' }]);
  });

  it('refuses what a referral needs and lacks, naming where', () => {
    expect(issuesOf(parseServiceRequest({ resourceType: 'Patient' }))).toEqual(['resourceType: must be a ServiceRequest resource']);
    const missing = issuesOf(parseServiceRequest(referral({ status: undefined, intent: 'plan', subject: undefined, performer: undefined, reasonCode: undefined, contained: undefined, supportingInfo: undefined })));
    expect(missing).toEqual(
      expect.arrayContaining([
        'ServiceRequest.status: is required',
        'ServiceRequest.intent: is required and must be order or proposal',
        expect.stringMatching(/^ServiceRequest.subject: is required/),
        expect.stringMatching(/^ServiceRequest.performer: name the receiving department/),
        expect.stringMatching(/^ServiceRequest.reasonCode: give the reason/),
      ]),
    );
    expect(issuesOf(parseServiceRequest(referral({ status: 'draft' })))).toEqual(['ServiceRequest.status: must be active: only an active request can be received']);
  });

  it('refuses wrong shapes, modifiers it does not understand, and loose references', () => {
    expect(issuesOf(parseServiceRequest(referral({ note: 'text', priority: 3 })))).toEqual(['ServiceRequest.priority: must be a string', 'ServiceRequest.note: must be an array']);
    expect(issuesOf(parseServiceRequest(referral({ modifierExtension: [{ url: 'x', valueBoolean: true }] })))[0]).toMatch(/modifier extensions are not understood/);
    expect(issuesOf(parseServiceRequest(referral({ doNotPerform: true })))[0]).toMatch(/doNotPerform/);
    expect(issuesOf(parseServiceRequest(referral({ subject: { reference: 'Patient/123' } })))[0]).toMatch(/contained Patient or by identifier/);
    expect(issuesOf(parseServiceRequest(referral({ supportingInfo: [{ reference: 'DocumentReference/9' }] })))).toEqual(expect.arrayContaining([expect.stringMatching(/supportingInfo\[0\]: must point at a contained DocumentReference/), expect.stringMatching(/every contained resource must be referenced/)]));
    expect(issuesOf(parseServiceRequest(referral({ performer: [{ identifier: { system: DEPARTMENT_SYSTEM, value: 'NK' } }, { identifier: { system: DEPARTMENT_SYSTEM, value: 'WK' } }] })))[0]).toMatch(/one receiving department, not NK, WK/);
    const noIdentifier = referral();
    noIdentifier.contained[0] = { resourceType: 'Patient', id: 'p1', name: [{ text: '张三' }] };
    expect(issuesOf(parseServiceRequest(noIdentifier))[0]).toMatch(/at least one identifier/);
  });

  it('refuses linked documents, bad base64, and a size or hash that does not match the data', () => {
    const withAttachment = (attachment: Json) => referral({ contained: [referral().contained[0], { resourceType: 'DocumentReference', id: 'd1', status: 'current', content: [{ attachment }] }] });
    expect(issuesOf(parseServiceRequest(withAttachment({ contentType: 'application/pdf', url: 'http://elsewhere.example/x.pdf' })))).toEqual(expect.arrayContaining([expect.stringMatching(/url: send the document inline/)]));
    expect(issuesOf(parseServiceRequest(withAttachment({ contentType: 'application/pdf', data: 'not base64!' })))[0]).toMatch(/data: is required: standard padded base64/);
    expect(issuesOf(parseServiceRequest(withAttachment({ contentType: 'application/pdf', data: PDF.toString('base64'), size: 3 })))[0]).toMatch(/size: is 3 but the data is/);
    expect(issuesOf(parseServiceRequest(withAttachment({ contentType: 'application/pdf', data: PDF.toString('base64'), hash: 'AAAA' })))[0]).toMatch(/hash: does not match/);
  });

  it('answers an oversized or mistyped document apart from other mistakes (413, 415)', () => {
    const withData = (contentType: string, bytes: Buffer) => referral({ contained: [referral().contained[0], { resourceType: 'DocumentReference', id: 'd1', status: 'current', content: [{ attachment: { contentType, data: bytes.toString('base64') } }] }] });
    const big = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_LIMITS.eachBytes)]);
    expect(parseServiceRequest(withData('application/pdf', big))).toMatchObject({ ok: false, problem: 'too-large' });
    expect(parseServiceRequest(withData('image/png', PDF))).toMatchObject({ ok: false, problem: 'wrong-type' });
    expect(parseServiceRequest(withData('application/zip', PDF))).toMatchObject({ ok: false, problem: 'wrong-type' });
    expect(parseServiceRequest(withData('text/plain', Buffer.from([0x48, 0x00, 0x49])))).toMatchObject({ ok: false, problem: 'wrong-type' });
    expect(parseServiceRequest(withData('image/png', PNG)).ok).toBe(true);
    expect(parseServiceRequest(withData('text/plain; charset=utf-8', Buffer.from('转诊说明\n')))).toMatchObject({ ok: true });
  });
});

describe('attachment types', () => {
  it('take PDF, JPEG, PNG and UTF-8 text only, by their bytes', () => {
    expect(attachmentType('Application/PDF')).toBe('application/pdf');
    expect(attachmentType('text/plain; charset=GBK')).toBeNull();
    expect(attachmentType('text/html')).toBeNull();
    expect(contentMatches('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(contentMatches('application/pdf', PNG)).toBe(false);
    expect(contentMatches('text/plain', Buffer.from([0xc3, 0x28]))).toBe(false);
  });
});

describe('the ServiceRequest its sender reads back', () => {
  const stored = (parseServiceRequest(referral()) as { value: { resource: Json } }).value.resource;
  it('carries our id, the status of the department’s decision, and its reason as a note', () => {
    const received = presentServiceRequest(stored, { id: 'r1', status: 'received', receivedAt: '2026-11-25T09:00:00.000Z', decidedAt: null, decisionReason: null, departmentName: '内科' });
    expect(received).toMatchObject({ resourceType: 'ServiceRequest', id: 'r1', status: 'active', meta: { versionId: '1', lastUpdated: '2026-11-25T09:00:00.000Z' } });
    expect(received).not.toHaveProperty('note');
    const declined = presentServiceRequest(stored, { id: 'r1', status: 'declined', receivedAt: '2026-11-25T09:00:00.000Z', decidedAt: '2026-11-25T09:20:00.000Z', decisionReason: '床位已满', departmentName: '内科' });
    expect(declined).toMatchObject({ status: 'revoked', meta: { versionId: '2' }, note: [{ authorString: '内科', time: '2026-11-25T09:20:00.000Z', text: '已拒绝 / Declined: 床位已满' }] });
    expect(presentServiceRequest(stored, { id: 'r1', status: 'accepted', receivedAt: 'x', decidedAt: 'y', decisionReason: '同意接收', departmentName: '内科' }).status).toBe('completed');
  });
});
