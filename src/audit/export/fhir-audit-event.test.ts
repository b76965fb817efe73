import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, canonicalEntry, completeEntry, type AuditEntry, type AuditRecord } from '../entry.js';
import { AUDIT_EVENT_CODES } from './audit-event-codes.js';
import type { ExportContext } from './export-context.js';
import { toFhirAuditEvent } from './fhir-audit-event.js';
import type { AuditEventEntity, FhirAuditEvent } from './fhir-types.js';

const context: ExportContext = { serverId: 'yx-prod-1', hospitalName: '第一人民医院', hostname: 'yixiang.hospital.example' };
const AT = '2026-11-25T09:00:00.123Z';

function entry(overrides: Partial<AuditRecord>, seq = 7): AuditEntry {
  const record: AuditRecord = {
    actor: { type: 'user', id: 'u-1', name: 'dr.wang', roles: ['staff', 'clinician'], departmentId: 'd-cardio' },
    action: 'read',
    objectType: null,
    objectId: null,
    outcome: 'success',
    sourceIp: '10.1.2.3',
    requestId: 'req-1',
    ...overrides,
  };
  return completeEntry(record, seq, AT);
}

// FHIR R4 datatype syntax, from the specification's regexes.
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const FHIR_INSTANT =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
const ABSOLUTE_URI = /^(https?:\/\/\S+|urn:[a-z0-9][a-z0-9-]{0,31}:\S+)$/i;

/** Every object with a `code` is a Coding; every object with a `system` is a Coding or Identifier. */
function assertWellFormed(event: FhirAuditEvent): void {
  expect(event.id).toMatch(FHIR_ID);
  expect(event.recorded).toMatch(FHIR_INSTANT);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if ('code' in record || 'system' in record) {
      expect(typeof record.system, JSON.stringify(record)).toBe('string');
      expect(record.system).toMatch(ABSOLUTE_URI);
      if (!('value' in record)) expect(record.code, JSON.stringify(record)).toMatch(/^\S+$/);
    }
    for (const value of Object.values(record)) {
      expect(value, 'no undefined or empty arrays in the JSON').not.toBeUndefined();
      if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
      walk(value);
    }
  };
  walk(event);
  expect(['C', 'R', 'U', 'D', 'E']).toContain(event.action);
  expect(['0', '4', '8']).toContain(event.outcome);
  expect(event.agent.filter((agent) => agent.requestor)).toHaveLength(1);
}

const entityWithRole = (event: FhirAuditEvent, code: string): AuditEventEntity[] => (event.entity ?? []).filter((entity) => entity.role?.code === code);

describe('toFhirAuditEvent', () => {
  it('presents a login as DICOM User Authentication / Login with the user as requestor', () => {
    const event = toFhirAuditEvent(entry({ action: 'login' }, 1), context);
    assertWellFormed(event);
    expect(event.id).toBe('ae-1');
    expect(event.type).toEqual({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110114', display: 'User Authentication' });
    expect(event.subtype).toEqual([{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110122', display: 'Login' }]);
    expect(event.action).toBe('E');
    expect(event.recorded).toBe(AT);
    expect(event.outcome).toBe('0');
    expect(event.outcomeDesc).toBeUndefined();
    expect(event.purposeOfEvent).toBeUndefined();
    const [user, server] = event.agent;
    expect(user).toEqual({
      role: [{ coding: [{ system: 'urn:yixiang:role', code: 'staff' }] }, { coding: [{ system: 'urn:yixiang:role', code: 'clinician' }] }],
      who: { identifier: { system: 'urn:yixiang:user', value: 'dr.wang' }, display: 'dr.wang' },
      altId: 'u-1',
      name: 'dr.wang',
      requestor: true,
      network: { address: '10.1.2.3', type: '2' },
    });
    expect(server).toEqual({
      type: { coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110150', display: 'Application' }] },
      who: { identifier: { system: 'urn:yixiang:server', value: 'yx-prod-1' }, display: '第一人民医院' },
      requestor: false,
      network: { address: 'yixiang.hospital.example', type: '1' },
    });
    expect(event.source).toEqual({
      site: '第一人民医院',
      observer: { identifier: { system: 'urn:yixiang:server', value: 'yx-prod-1' }, display: 'Yixiang (第一人民医院)' },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    });
  });

  it('presents a failed login without claiming the typed username as an identity', () => {
    const event = toFhirAuditEvent(
      entry({ action: 'login_failed', actor: { type: 'anonymous', id: null, name: 'zhang.san', roles: [], departmentId: null }, outcome: 'denied', reason: 'bad password' }),
      context,
    );
    assertWellFormed(event);
    expect(event.subtype?.[0]?.code).toBe('110122');
    expect(event.outcome).toBe('4');
    expect(event.outcomeDesc).toBe('bad password');
    expect(event.agent[0]).toEqual({ who: { display: 'zhang.san' }, name: 'zhang.san', requestor: true, network: { address: '10.1.2.3', type: '2' } });
  });

  it('presents a denied read with patient, purpose and grant in the BALP shape', () => {
    const event = toFhirAuditEvent(
      entry({
        action: 'read',
        objectType: 'record',
        objectId: 'rec-9',
        patientId: 'p-42',
        purposeOfUse: 'treatment',
        grantId: 'g-3',
        accessBasis: 'grant:g-3',
        outcome: 'denied',
        reason: 'grant expired',
      }),
      context,
    );
    assertWellFormed(event);
    expect(event.type).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' });
    expect(event.subtype).toEqual([{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read', display: 'read' }]);
    expect(event.action).toBe('R');
    expect(event.outcome).toBe('4');
    expect(event.outcomeDesc).toBe('grant expired');
    expect(event.purposeOfEvent).toEqual([
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' },
          { system: 'urn:yixiang:purpose-of-use', code: 'treatment' },
        ],
      },
    ]);
    const user = event.agent[0];
    expect(user?.type?.coding[0]?.code).toBe('IRCP');
    expect(user?.policy).toEqual(['urn:yixiang:access-basis:grant:g-3']);
    expect(event.agent[1]?.type?.coding[0]?.code).toBe('110152');

    const [object, patient, grant, request, log] = event.entity ?? [];
    expect(object).toEqual({
      what: { identifier: { system: 'urn:yixiang:object:record', value: 'rec-9' } },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '4', display: 'Domain Resource' },
      description: 'record',
    });
    expect(patient).toEqual({
      what: { reference: 'Patient/p-42' },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
    expect(grant?.what).toEqual({ identifier: { system: 'urn:yixiang:grant', value: 'g-3' } });
    expect(grant?.role?.code).toBe('13');
    expect(request).toEqual({
      what: { identifier: { value: 'req-1' } },
      type: { system: 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType', code: 'XrequestId', display: 'transport specific unique identifier where http X-Request-Id is used' },
    });
    expect(log?.what).toEqual({ identifier: { system: 'urn:yixiang:audit-log', value: '7' } });
    expect(log?.detail?.find((d) => d.type === 'accessBasis')?.valueString).toBe('grant:g-3');
    expect(log?.detail?.find((d) => d.type === 'actorDepartmentId')?.valueString).toBe('d-cardio');
  });

  it('presents an export as DICOM Export with the server as the exporting source', () => {
    const event = toFhirAuditEvent(entry({ action: 'export', objectType: 'share_request', objectId: 'sr-5', grantId: 'g-8', purposeOfUse: 'research' }), context);
    assertWellFormed(event);
    expect(event.type).toEqual({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110106', display: 'Export' });
    expect(event.subtype).toBeUndefined();
    expect(event.action).toBe('R');
    expect(event.agent[0]?.type?.coding[0]?.code).toBe('IRCP');
    expect(event.agent[1]?.type?.coding[0]).toEqual({ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110153', display: 'Source Role ID' });
    expect(event.purposeOfEvent?.[0]?.coding.map((c) => c.code)).toEqual(['HRESCH', 'research']);
  });

  it('presents a setting change as a Security Alert about the security configuration', () => {
    const event = toFhirAuditEvent(
      entry({ action: 'setting_change', objectType: 'setting', objectId: 'purposes', details: { from: 3, to: 4 }, actor: { type: 'user', id: 'u-9', name: 'info.admin', roles: ['info_admin'], departmentId: null } }),
      context,
    );
    assertWellFormed(event);
    expect(event.type.code).toBe('110113');
    expect(event.subtype).toEqual([{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110129', display: 'Security Configuration' }]);
    expect(event.action).toBe('U');
    expect(event.agent[0]?.type?.coding[0]?.code).toBe('AUT');
    const [setting] = event.entity ?? [];
    expect(setting?.what).toEqual({ identifier: { system: 'urn:yixiang:object:setting', value: 'purposes' } });
    expect(setting?.role?.code).toBe('13');
    const details = entityWithRole(event, '13').flatMap((e) => e.detail ?? []).find((d) => d.type === 'details');
    expect(details?.valueString).toBe('{"from":3,"to":4}');
  });

  it('maps an error outcome to serious failure', () => {
    expect(toFhirAuditEvent(entry({ action: 'update', objectType: 'record', objectId: 'r', outcome: 'error', reason: 'db down' }), context).outcome).toBe('8');
  });

  it('lets a reader verify the event against the Merkle leaf without trusting the export', () => {
    const source = entry({ action: 'read', objectType: 'record', objectId: 'r-1', patientId: 'p-1', details: { fields: ['name', '诊断'] } }, 123);
    const bytes = canonicalEntry(source);
    const leafHash = createHash('sha256').update(Buffer.concat([Buffer.from([0]), bytes])).digest('hex');
    const event = toFhirAuditEvent(source, context, { leafHash });
    const log = (event.entity ?? []).find((e) => e.what?.identifier?.system === 'urn:yixiang:audit-log');
    const detail = new Map((log?.detail ?? []).map((d) => [d.type, d.valueString ?? d.valueBase64Binary]));
    expect(detail.get('seq')).toBe('123');
    expect(detail.get('leafHash')).toBe(leafHash);
    const carried = Buffer.from(detail.get('canonicalEntry') ?? '', 'base64');
    expect(carried.equals(bytes)).toBe(true);
    expect(createHash('sha256').update(Buffer.concat([Buffer.from([0]), carried])).digest('hex')).toBe(leafHash);
    expect(detail.get('details')).toBe('{"fields":["name","诊断"]}');
  });

  it('lists a patient that is itself the object once, and falls back to an identifier for a non-FHIR id', () => {
    const event = toFhirAuditEvent(entry({ objectType: 'patient', objectId: 'p-1', patientId: 'p-1' }), context);
    expect(entityWithRole(event, '1')).toEqual([expect.objectContaining({ what: { reference: 'Patient/p-1' } })]);
    const odd = toFhirAuditEvent(entry({ patientId: '病人/1' }), context);
    expect(entityWithRole(odd, '1')[0]?.what).toEqual({ identifier: { system: 'urn:yixiang:patient', value: '病人/1' } });
  });

  it('lists a grant that is itself the object once', () => {
    const event = toFhirAuditEvent(entry({ action: 'grant', objectType: 'grant', objectId: 'g-1', grantId: 'g-1' }), context);
    expect(event.subtype?.[0]?.code).toBe('110135');
    expect(event.action).toBe('C');
    expect((event.entity ?? []).filter((e) => e.what?.identifier?.value === 'g-1')).toHaveLength(1);
  });

  it('identifies API clients and system actors with their own systems', () => {
    const client = toFhirAuditEvent(entry({ actor: { type: 'api_client', id: 'c-1', name: 'partner-hospital', roles: [], departmentId: null } }), context);
    expect(client.agent[0]?.who?.identifier).toEqual({ system: 'urn:yixiang:api-client', value: 'partner-hospital' });
    const system = toFhirAuditEvent(entry({ action: 'system', actor: { type: 'system', id: null, name: null, roles: [], departmentId: null }, sourceIp: null }), context);
    expect(system.agent[0]).toEqual({ who: { display: 'system' }, requestor: true });
    expect(system.type.code).toBe('110100');
  });

  it('keeps an offset timestamp as recorded and rejects an entry that has no time', () => {
    const offset = { ...entry({}), recordedAt: '2026-11-25T17:00:00+08:00' };
    expect(toFhirAuditEvent(offset, context).recorded).toBe('2026-11-25T17:00:00+08:00');
    expect(() => toFhirAuditEvent({ ...entry({}), recordedAt: 'yesterday' }, context)).toThrow(RangeError);
  });

  it('refuses an action it has no mapping for instead of mislabelling it', () => {
    const unknown = { ...entry({}), action: 'teleport' } as unknown as AuditEntry;
    expect(() => toFhirAuditEvent(unknown, context)).toThrow(/no FHIR mapping/);
  });

  it('emits structurally valid events for every action and outcome', () => {
    for (const action of AUDIT_ACTIONS) {
      for (const outcome of ['success', 'denied', 'error'] as const) {
        const event = toFhirAuditEvent(
          entry({ action, outcome, objectType: 'record', objectId: 'r-1', patientId: 'p-1', purposeOfUse: 'unlisted-purpose', grantId: 'g', reason: 'x' }),
          context,
          { leafHash: 'ab'.repeat(32) },
        );
        assertWellFormed(event);
        expect(event.type).toEqual(AUDIT_EVENT_CODES[action].type);
      }
    }
  });

  it('returns fresh objects, so callers cannot corrupt the shared code table', () => {
    const event = toFhirAuditEvent(entry({ action: 'login' }), context);
    event.type.code = 'tampered';
    event.subtype?.forEach((coding) => (coding.code = 'tampered'));
    expect(AUDIT_EVENT_CODES.login.type.code).toBe('110114');
    expect(AUDIT_EVENT_CODES.login.subtype[0]?.code).toBe('110122');
  });
});
