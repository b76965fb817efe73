/**
 * The leak hunt (issue 5): every way we could think of to read more than the access decision
 * allows. Each case expects a 404 (single reads), an empty page (searches) or a 400/401/403, and a
 * refused single read must leave a denied audit entry.
 *
 * Not covered: an institution (API client) outside its grant — institution principals do not exist
 * yet (they come with the FHIR/SMART issue).
 *
 * The clock is injected; the cases that move it run last, in order.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MASKING_RULES } from '../../src/access/masking.js';
import { encodeCursor } from '../../src/lib/cursor.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { isoPlus, MRN_SYSTEM, openAccessFixture, T0, type AccessFixture, type RecordRef } from './fixture.js';

const REASON = '患者昏迷急诊抢救,需要查阅既往检验结果';
const RESIDENT_ID_CARD_SYSTEM = 'urn:yixiang:id:resident-id-card';

type Json = Record<string, any>;

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`leak hunt (${dialect})`, () => {
    let fx: AccessFixture;
    let anchorLab: RecordRef;
    let anchorImaging: RecordRef;
    let strangerLab: RecordRef;
    let strangerPatient: RecordRef;
    let psychNote: RecordRef;
    let discharged: string;

    const url = (ref: RecordRef) => `/api/v1/records/${ref.type}/${ref.id}`;

    /** A grant made by the information administrator; the defaults are a live, identified API grant to dr.li. */
    const grant = async (body: Json = {}) => {
      const response = await fx.post('infoadmin', '/api/v1/grants', {
        grantee: { kind: 'user', id: await fx.userId('dr.li') },
        catalogCode: 'CLIN_LAB_REPORT',
        fields: ['patient', 'testCode', 'resultQuantity'],
        patientScope: { kind: 'patients', patientIds: [fx.stranger] },
        purpose: 'referral',
        channel: 'api',
        validTo: isoPlus(fx.clock(), 24),
        maskingProfile: 'identified',
        reason: 'leak hunt',
        ...body,
      });
      if (response.statusCode !== 201) throw new Error(`grant refused: ${response.body}`);
      return response.json().id as string;
    };

    /** The refused read is a plain RECORD_NOT_FOUND, and the audit log has it as denied, naming reader, object and purpose. */
    const expectRefusedRead = async (user: string, response: LightMyRequestResponse, ref: RecordRef, refused: 'no-rule' | 'not-found' = 'no-rule') => {
      expect({ user, status: response.statusCode, code: response.json().code }).toEqual({ user, status: 404, code: 'RECORD_NOT_FOUND' });
      expect(response.headers['x-access-basis']).toBeUndefined();
      expect(response.body).not.toContain('resourceType');
      const denied = await fx.platform.audit.search({ actorId: await fx.userId(user), objectId: `${ref.type}/${ref.id}`, outcome: 'denied' }, 5);
      expect(denied.items[0]).toMatchObject({ action: 'read', objectType: 'record', outcome: 'denied', accessBasis: null, grantId: null, details: { refused, status: 404 } });
      expect(denied.items[0]!.purposeOfUse).not.toBeNull();
      return denied.items[0]!;
    };
    const expectEmpty = (response: LightMyRequestResponse) => {
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-access-basis']).toBe('none');
      expect(response.json()).toMatchObject({ total: 0, items: [] });
    };
    /** The system administrator's refusal: 403, nothing of a record, and a denied audit entry with the code. */
    const expectNoPatientData = async (response: LightMyRequestResponse) => {
      expect({ status: response.statusCode, code: response.json().code }).toEqual({ status: 403, code: 'PATIENT_DATA_FORBIDDEN' });
      expect(response.headers['x-access-basis']).toBeUndefined();
      expect(response.body).not.toContain('resourceType');
      const denied = await fx.platform.audit.search({ actorId: await fx.userId('sysadmin'), outcome: 'denied' }, 1);
      expect(denied.items[0]).toMatchObject({ outcome: 'denied', reason: 'PATIENT_DATA_FORBIDDEN', accessBasis: null, requestId: response.headers['x-request-id'] });
    };
    const expectInvalid = (response: LightMyRequestResponse, label: string) => expect({ label, status: response.statusCode, code: response.json().code }).toEqual({ label, status: 400, code: 'VALIDATION_FAILED' });

    beforeAll(async () => {
      fx = await openAccessFixture(dialect);
      const db = fx.platform.database.db;
      anchorLab = await fx.recordOf(fx.anchor, 'CLIN_LAB_REPORT');
      anchorImaging = await fx.recordOf(fx.anchor, 'CLIN_IMAGING_REPORT');
      strangerLab = await fx.recordOf(fx.stranger, 'CLIN_LAB_REPORT');
      strangerPatient = await fx.recordOf(fx.stranger, 'CLIN_PATIENT');
      const li = await fx.careTeam('dr.li');
      const found = [...li].find((p) => p !== fx.anchor && p !== fx.level5Patient && p !== fx.stranger);
      if (!found) throw new Error('fixture: dr.li has no patient discharged within the window');
      discharged = found;

      // Two records the demo at this size lacks: dr.wang on the level-5 patient's team (an open
      // encounter), and a psychiatric note (level 5, not shareable) on the anchor patient dr.wang treats.
      const wang = await db.selectFrom('staff_practitioners').select('practitioner_id').where('staff_key', '=', 'dr.wang').executeTakeFirstOrThrow();
      const department = (code: string) => [{ url: 'urn:yixiang:extension:department', valueCode: code }];
      const result = await fx.platform.ingest.ingest(
        [
          {
            resource: {
              resourceType: 'Encounter',
              identifier: [{ system: 'urn:yixiang:source:his', value: 'LEAK-HUNT-ENC-1' }],
              extension: department('NK'),
              status: 'in-progress',
              class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
              subject: { reference: `Patient/${fx.level5Patient}` },
              participant: [{ individual: { reference: `Practitioner/${wang.practitioner_id}` } }],
              period: { start: isoPlus(T0, -2) },
            },
          },
          {
            resource: {
              resourceType: 'DocumentReference',
              identifier: [{ system: 'urn:yixiang:source:emr', value: 'LEAK-HUNT-PSY-1' }],
              extension: department('NK'),
              status: 'current',
              type: { coding: [{ system: 'http://loinc.org', code: '34788-0', display: 'Psychiatry Consult note' }] },
              subject: { reference: `Patient/${fx.anchor}` },
              date: isoPlus(T0, -1),
              content: [{ attachment: { contentType: 'text/plain', data: Buffer.from('精神科会诊记录(测试)').toString('base64') } }],
            },
          },
        ],
        'batch',
      );
      expect(result.outcomes.map((o) => o.issue ?? null)).toEqual([null, null]);
      const note = await db.selectFrom('records').select(['resource_type', 'id', 'catalog_code', 'level']).where('resource_type', '=', 'DocumentReference').where('patient_id', '=', fx.anchor).where('catalog_code', '=', 'CLIN_PSYCH_NOTE').executeTakeFirstOrThrow();
      expect(note.level).toBe(5);
      psychNote = { type: note.resource_type, id: note.id };
      expect((await fx.careTeam('dr.wang')).has(fx.level5Patient)).toBe(true);
    }, 120_000);
    afterAll(async () => fx?.close());

    describe('another patient', () => {
      it('a single read of a patient outside the care team is a 404, indistinguishable from a missing one, and audited as denied', async () => {
        const refused = await fx.get('dr.wang', url(strangerPatient));
        await expectRefusedRead('dr.wang', refused, strangerPatient);
        const missing = await fx.get('dr.wang', '/api/v1/records/Patient/no-such-patient');
        await expectRefusedRead('dr.wang', missing, { type: 'Patient', id: 'no-such-patient' }, 'not-found');
        const shape = (r: LightMyRequestResponse) => {
          const { instance, requestId, ...rest } = r.json();
          return { status: r.statusCode, contentType: r.headers['content-type'], body: rest, keys: Object.keys(r.json()).sort() };
        };
        expect(shape(refused)).toEqual(shape(missing));
      });

      it('the integrated view, the patient’s records and recent results show nothing of another patient', async () => {
        const view = await fx.get('dr.wang', `/api/v1/patients/${fx.stranger}`);
        expect(view.statusCode).toBe(404);
        expect(view.json().code).toBe('PATIENT_NOT_FOUND');
        const denied = await fx.platform.audit.search({ actorId: await fx.userId('dr.wang'), objectId: `Patient/${fx.stranger}`, outcome: 'denied' }, 5);
        expect(denied.items.find((e) => e.objectType === 'patient')).toMatchObject({ patientId: fx.stranger, details: { refused: 'nothing visible' } });
        expectEmpty(await fx.get('dr.wang', `/api/v1/patients/${fx.stranger}/records?resource=CLIN_LAB_REPORT`));
        expectEmpty(await fx.get('dr.wang', `/api/v1/records?catalog=CLIN_PATIENT&patient=${fx.stranger}`));
        const recent = await fx.get('dr.wang', `/api/v1/patients/${fx.stranger}/recent-results`);
        expect(recent.json()).toMatchObject({ hasRecent: false, total: 0, items: [] });
        // …whereas the owning department does see that the stranger has results: the emptiness above is the rule, not the data.
        expect((await fx.get('lab.sun', `/api/v1/patients/${fx.stranger}/records?resource=CLIN_LAB_REPORT`)).json().total).toBeGreaterThan(0);
      });

      it('searching by another patient’s MRN, ID card number or name finds nothing', async () => {
        const full = (await fx.get('head.medical', url(strangerPatient))).json().resource as Json;
        const mrn = full.identifier.find((i: Json) => i.system === MRN_SYSTEM).value as string;
        const idCard = full.identifier.find((i: Json) => i.system === RESIDENT_ID_CARD_SYSTEM)?.value as string | undefined;
        const name = (full.name[0].text ?? `${full.name[0].family}${(full.name[0].given ?? []).join('')}`) as string;
        for (const q of [mrn, idCard, name].filter((v): v is string => Boolean(v))) {
          expect((await fx.get('head.medical', `/api/v1/patients?q=${encodeURIComponent(q)}`, 'management')).json().total).toBeGreaterThanOrEqual(1);
          expectEmpty(await fx.get('dr.wang', `/api/v1/patients?q=${encodeURIComponent(q)}`));
          expectEmpty(await fx.get('lab.sun', `/api/v1/patients?q=${encodeURIComponent(q)}`));
        }
      });
    });

    describe('another department’s resource', () => {
      it('the laboratory cannot read imaging, finance cannot read laboratory results, Medical Affairs cannot read either', async () => {
        await expectRefusedRead('lab.sun', await fx.get('lab.sun', url(anchorImaging)), anchorImaging);
        await expectRefusedRead('fin.zheng', await fx.get('fin.zheng', url(anchorLab), 'billing'), anchorLab);
        await expectRefusedRead('head.medical', await fx.get('head.medical', url(anchorLab), 'management'), anchorLab);
        expectEmpty(await fx.get('lab.sun', '/api/v1/records?catalog=CLIN_IMAGING_REPORT'));
        expectEmpty(await fx.get('lab.sun', `/api/v1/patients/${fx.anchor}/records?resource=CLIN_IMAGING_REPORT`));
        // Positive control: the owners read the same records.
        expect((await fx.get('img.zhou', url(anchorImaging))).statusCode).toBe(200);
        expect((await fx.get('lab.sun', url(anchorLab))).statusCode).toBe(200);
      });

      it('a clinician cannot reach money through the care team', async () => {
        const bill = await fx.recordOf(fx.anchor, 'FIN_BILLING');
        await expectRefusedRead('dr.wang', await fx.get('dr.wang', url(bill)), bill);
        expectEmpty(await fx.get('dr.wang', `/api/v1/records?catalog=FIN_BILLING&patient=${fx.anchor}`));
      });

      it('the privacy officer and the administrators read no patient data at all', async () => {
        for (const user of ['privacy', 'infoadmin', 'auditor']) {
          await expectRefusedRead(user, await fx.get(user, url(strangerPatient), 'management'), strangerPatient);
          expectEmpty(await fx.get(user, '/api/v1/records?catalog=CLIN_PATIENT', 'management'));
        }
        // The system administrator is not even let in (三员分立).
        await expectNoPatientData(await fx.get('sysadmin', url(strangerPatient), 'management'));
        await expectNoPatientData(await fx.get('sysadmin', '/api/v1/records?catalog=CLIN_PATIENT', 'management'));
      });
    });

    describe('a grant limited to a data period', () => {
      it('opens only records dated inside [dataFrom, dataTo): single reads, searches and date filters cannot reach outside', async () => {
        const db = fx.platform.database.db;
        // A patient with lab reports on at least three dates (dr.li reaches lab reports for quality control only by grant).
        const candidates = await db.selectFrom('records').select('patient_id').where('catalog_code', '=', 'CLIN_LAB_REPORT').where('effective_at', 'is not', null).groupBy('patient_id').having((eb) => eb.fn.count('effective_at').distinct(), '>=', 3).orderBy('patient_id').limit(1).execute();
        const patient = candidates[0]?.patient_id;
        if (!patient) throw new Error('fixture: no patient has lab reports on three dates');
        const dated = await db.selectFrom('records').select(['resource_type', 'id', 'effective_at']).where('catalog_code', '=', 'CLIN_LAB_REPORT').where('patient_id', '=', patient).where('effective_at', 'is not', null).orderBy('effective_at').orderBy('id').execute();
        const dates = [...new Set(dated.map((r) => r.effective_at!))];
        const dataFrom = dates[1]!;
        const dataTo = dates[dates.length - 1]!;
        const inside = dated.filter((r) => r.effective_at! >= dataFrom && r.effective_at! < dataTo);
        const outside = dated.filter((r) => !inside.includes(r));
        const id = await grant({ purpose: 'quality-control', dataFrom, dataTo, patientScope: { kind: 'patients', patientIds: [patient] } });
        for (const ref of inside) {
          const read = await fx.get('dr.li', `/api/v1/records/${ref.resource_type}/${ref.id}`, 'quality-control');
          expect(read.headers['x-access-basis']).toBe(`grant:${id}`);
        }
        for (const ref of outside) await expectRefusedRead('dr.li', await fx.get('dr.li', `/api/v1/records/${ref.resource_type}/${ref.id}`, 'quality-control'), { type: ref.resource_type, id: ref.id });
        const listed = await fx.get('dr.li', `/api/v1/patients/${patient}/records?resource=CLIN_LAB_REPORT&limit=200`, 'quality-control');
        expect(listed.json().total).toBe(inside.length);
        // Asking for an earlier window does not widen the grant's.
        const widened = await fx.get('dr.li', `/api/v1/records?catalog=CLIN_LAB_REPORT&patient=${patient}&from=2000-01-01T00:00:00.000Z&limit=200`, 'quality-control');
        expect(widened.json().total).toBe(inside.length);
        expect((widened.json().items as { resource: { id: string } }[]).map((i) => i.resource.id).sort()).toEqual(inside.map((r) => r.id).sort());
        await fx.post('infoadmin', `/api/v1/grants/${id}/revoke`, { reason: 'case done' });
      });
    });

    describe('fields outside the grant', () => {
      it('a patient record under an identified grant for gender and birth date: those in clear, identifiers masked, the rest absent', async () => {
        const id = await grant({ catalogCode: 'CLIN_PATIENT', fields: ['gender', 'birthDate'] });
        const full = (await fx.get('head.medical', url(strangerPatient), 'management')).json().resource as Json;
        const response = await fx.get('dr.li', url(strangerPatient), 'referral');
        expect(response.statusCode).toBe(200);
        expect(response.headers['x-access-basis']).toBe(`grant:${id}`);
        const body = response.json() as Json;
        const shown = body.resource as Json;
        expect(shown.gender).toBe(full.gender);
        expect(shown.birthDate).toBe(full.birthDate);

        const name = full.name[0].text as string;
        expect(shown.name[0].text).toBe(`${Array.from(name)[0]}${'*'.repeat(Array.from(name).length - 1)}`);
        const idCard = full.identifier.find((i: Json) => i.system === RESIDENT_ID_CARD_SYSTEM).value as string;
        expect(shown.identifier.find((i: Json) => i.system === RESIDENT_ID_CARD_SYSTEM).value).toBe(`${idCard.slice(0, 3)}${'*'.repeat(11)}${idCard.slice(-4)}`);
        const phone = full.telecom.find((t: Json) => t.system === 'phone').value as string;
        expect(shown.telecom.find((t: Json) => t.system === 'phone').value).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
        const mrn = full.identifier.find((i: Json) => i.system === MRN_SYSTEM).value as string;
        expect(shown.identifier.find((i: Json) => i.system === MRN_SYSTEM).value).toMatch(new RegExp(`^\\*+${mrn.slice(-4)}$`));
        for (const address of shown.address ?? []) {
          expect(address.line).toBeUndefined();
          expect(address.postalCode).toBeUndefined();
          expect(address.text).toMatch(/[区县旗市]$/);
        }
        expect(shown.text).toBeUndefined();
        expect(shown.maritalStatus).toBeUndefined();
        expect(body.masked.map((m: Json) => m.field)).toEqual(expect.arrayContaining(['name', 'idNumber', 'phone', 'mrn']));
        expect(body.masked.every((m: Json) => m.reason === 'outside-grant')).toBe(true);

        // Not one identifying value of the full record survives anywhere in the response.
        const secrets = [name, idCard, phone, mrn, full.birthDate === shown.birthDate ? null : full.birthDate, ...(full.address ?? []).flatMap((a: Json) => [...(a.line ?? []), a.postalCode, a.text])].filter(Boolean) as string[];
        expect(secrets.length).toBeGreaterThan(3);
        for (const secret of secrets) expect({ secret, leaked: response.body.includes(secret) }).toEqual({ secret, leaked: false });

        // The same masking in the search, the integrated view and the audit entry's basis.
        const listed = (await fx.get('dr.li', `/api/v1/records?catalog=CLIN_PATIENT&patient=${fx.stranger}`, 'referral')).json();
        expect(listed.items[0].resource).toEqual(shown);
        const view = await fx.get('dr.li', `/api/v1/patients/${fx.stranger}`, 'referral');
        for (const secret of secrets) expect({ secret, leaked: view.body.includes(secret) }).toEqual({ secret, leaked: false });
        const audited = await fx.platform.audit.search({ actorId: await fx.userId('dr.li'), objectId: `${strangerPatient.type}/${strangerPatient.id}`, outcome: 'success' }, 1);
        expect(audited.items[0]).toMatchObject({ grantId: id, accessBasis: `grant:${id}`, purposeOfUse: 'referral' });
        await fx.post('infoadmin', `/api/v1/grants/${id}/revoke`, { reason: 'case done' });
      });

      it('a lab result under a grant for the test and its value: no range, no interpretation, no staff, the patient link pseudonymised', async () => {
        const id = await grant({ fields: ['testCode', 'resultQuantity'] });
        const observation = await fx.platform.database.db.selectFrom('records').select(['resource_type', 'id']).where('patient_id', '=', fx.stranger).where('catalog_code', '=', 'CLIN_LAB_REPORT').where('resource_type', '=', 'Observation').orderBy('id').executeTakeFirstOrThrow();
        const ref = { type: observation.resource_type, id: observation.id };
        const full = (await fx.get('lab.sun', url(ref))).json().resource as Json;
        const response = await fx.get('dr.li', url(ref), 'referral');
        expect(response.statusCode).toBe(200);
        const body = response.json() as Json;
        expect(body.resource.code).toEqual(full.code);
        if (full.valueQuantity) expect(body.resource.valueQuantity).toEqual(full.valueQuantity);
        for (const absent of ['referenceRange', 'interpretation', 'category', 'encounter', 'specimen', 'note', 'text', 'basedOn']) expect({ absent, value: body.resource[absent] }).toEqual({ absent, value: undefined });
        // The one element outside the grant that stays: FHIR requires the report's status, which says nothing about the patient.
        expect(body.resource.status).toMatch(/^(final|amended|preliminary|registered|corrected|cancelled|entered-in-error|unknown)$/);
        // The exact collection time is outside the grant: neither the resource nor the envelope carries it.
        expect(body.effectiveAt).toBeNull();
        expect(body.departmentCode).toBeNull();
        if (typeof full.effectiveDateTime === 'string') expect(response.body).not.toContain(full.effectiveDateTime);
        expect(body.resource.subject.reference).toMatch(/^Patient\/p-[0-9a-f]+$/);
        expect(body.resource.subject.reference).not.toBe(full.subject.reference);
        // Staff links are outside the grant too: pseudonymised, never the practitioner's real id.
        const realPerformers = ((full.performer ?? []) as Json[]).map((p) => p.reference as string);
        for (const performer of (body.resource.performer ?? []) as Json[]) expect(realPerformers).not.toContain(performer.reference);
        expect(JSON.stringify(body.resource)).not.toContain(fx.stranger);
        expect(body.omitted).toEqual(expect.arrayContaining(['referenceRange', 'interpretation', 'category']));
        await fx.post('infoadmin', `/api/v1/grants/${id}/revoke`, { reason: 'case done' });
      });

      it('masking rules are policy settings: a change takes effect on the next read, and identifiers no rule covers are redacted, never shown', async () => {
        const id = await grant({ catalogCode: 'CLIN_PATIENT', fields: ['gender'] });
        const full = (await fx.get('head.medical', url(strangerPatient), 'management')).json().resource as Json;
        const phone = full.telecom.find((t: Json) => t.system === 'phone').value as string;
        const idCard = full.identifier.find((i: Json) => i.system === RESIDENT_ID_CARD_SYSTEM).value as string;
        const name = full.name[0].text as string;
        const put = async (value: unknown) => {
          const response = await fx.platform.app.inject({ method: 'PUT', url: '/api/v1/policy/settings/access.masking', headers: { authorization: `Bearer ${(await fx.session('infoadmin')).token}` }, payload: { value, note: 'leak hunt' } });
          expect(response.statusCode).toBe(200);
        };
        const phoneShown = async () => ((await fx.get('dr.li', url(strangerPatient), 'referral')).json().resource.telecom ?? []).find((t: Json) => t.system === 'phone')?.value;
        expect(await phoneShown()).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
        await put([{ match: { fieldName: 'phone' }, strategy: 'redact' }, ...DEFAULT_MASKING_RULES]);
        expect(await phoneShown()).toBe('***');
        // A rule list that covers none of the identifiers: they fail closed.
        await put([{ match: { fieldName: 'gender' }, strategy: 'redact' }]);
        const bare = await fx.get('dr.li', url(strangerPatient), 'referral');
        expect(bare.json().resource.gender).toBe(full.gender);
        for (const secret of [name, idCard, phone, full.birthDate]) expect({ secret, leaked: bare.body.includes(secret) }).toEqual({ secret, leaked: false });
        await put(DEFAULT_MASKING_RULES);
        expect(await phoneShown()).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
        // Masking rules the schema does not know are refused, so a typo cannot switch masking off.
        const typo = await fx.platform.app.inject({ method: 'PUT', url: '/api/v1/policy/settings/access.masking', headers: { authorization: `Bearer ${(await fx.session('infoadmin')).token}` }, payload: { value: [{ match: { fieldName: 'phone' }, strategy: 'clear' }] } });
        expect(typo.statusCode).toBe(400);
        await fx.post('infoadmin', `/api/v1/grants/${id}/revoke`, { reason: 'case done' });
      });

      it('a grant cannot name fields the catalog resource does not have', async () => {
        const response = await fx.post('infoadmin', '/api/v1/grants', {
          grantee: { kind: 'user', id: await fx.userId('dr.li') },
          catalogCode: 'CLIN_LAB_REPORT',
          fields: ['testCode', 'payload'],
          patientScope: { kind: 'patients', patientIds: [fx.stranger] },
          purpose: 'referral',
          channel: 'api',
          validTo: isoPlus(T0, 24),
          maskingProfile: 'identified',
          reason: 'leak hunt',
        });
        expect(response.statusCode).toBe(422);
        expect(response.json().code).toBe('GRANT_INVALID');
      });
    });

    describe('grants used outside their terms', () => {
      it('a revoked grant stops on the very next request; a suspended one until it is resumed', async () => {
        const id = await grant();
        expect((await fx.get('dr.li', url(strangerLab), 'referral')).headers['x-access-basis']).toBe(`grant:${id}`);
        expect((await fx.post('infoadmin', `/api/v1/grants/${id}/suspend`, { reason: 'review pending' })).statusCode).toBe(200);
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(strangerLab), 'referral'), strangerLab);
        expectEmpty(await fx.get('dr.li', '/api/v1/records?catalog=CLIN_LAB_REPORT', 'referral'));
        expect((await fx.post('infoadmin', `/api/v1/grants/${id}/resume`, { reason: 'review passed' })).statusCode).toBe(200);
        expect((await fx.get('dr.li', url(strangerLab), 'referral')).statusCode).toBe(200);
        expect((await fx.post('infoadmin', `/api/v1/grants/${id}/revoke`, { reason: 'consent withdrawn' })).statusCode).toBe(200);
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(strangerLab), 'referral'), strangerLab);
        expectEmpty(await fx.get('dr.li', `/api/v1/patients/${fx.stranger}/records?resource=CLIN_LAB_REPORT`, 'referral'));
        expect((await fx.get('dr.li', `/api/v1/patients/${fx.stranger}`, 'referral')).statusCode).toBe(404);
        // A revoked grant stays revoked.
        expect((await fx.post('infoadmin', `/api/v1/grants/${id}/resume`, { reason: 'try again' })).statusCode).toBe(409);
        expect((await fx.get('dr.li', url(strangerLab), 'referral')).statusCode).toBe(404);
      });

      it('the wrong purpose, the wrong channel, another grantee and another patient are refused', async () => {
        const id = await grant();
        expect((await fx.get('dr.li', url(strangerLab), 'referral')).statusCode).toBe(200);
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(strangerLab), 'treatment'), strangerLab);
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(strangerLab), 'research'), strangerLab);
        await expectRefusedRead('dr.wang', await fx.get('dr.wang', url(strangerLab), 'referral'), strangerLab);
        await expectRefusedRead('head.surgery', await fx.get('head.surgery', url(strangerLab), 'referral'), strangerLab);
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(anchorLab), 'referral'), anchorLab);
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(strangerPatient), 'referral'), strangerPatient);
        await fx.post('infoadmin', `/api/v1/grants/${id}/revoke`, { reason: 'case done' });

        const exported = await grant({ channel: 'export', purpose: 'research', maskingProfile: 'pseudonymised' });
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(strangerLab), 'research'), strangerLab);
        expectEmpty(await fx.get('dr.li', '/api/v1/records?catalog=CLIN_LAB_REPORT', 'research'));
        await fx.post('infoadmin', `/api/v1/grants/${exported}/revoke`, { reason: 'case done' });
      });

      it('a department grant serves the department’s clinical staff, not the administrators who sit in it', async () => {
        // The information administrator may not name himself (separation of duties), nor reach the same
        // data by naming his own department; the system administrator of that department gets nothing either.
        const self = await fx.post('infoadmin', '/api/v1/grants', {
          grantee: { kind: 'user', id: await fx.userId('infoadmin') },
          catalogCode: 'CLIN_PATIENT',
          fields: ['gender'],
          patientScope: { kind: 'patients', patientIds: [fx.stranger] },
          purpose: 'management',
          channel: 'api',
          validTo: isoPlus(fx.clock(), 24),
          maskingProfile: 'identified',
          reason: 'leak hunt',
        });
        expect(self.statusCode).toBe(422);
        const own = await grant({ grantee: { kind: 'department', id: await fx.departmentId('XXK') }, catalogCode: 'CLIN_PATIENT', fields: ['gender'], purpose: 'management' });
        await expectRefusedRead('infoadmin', await fx.get('infoadmin', url(strangerPatient), 'management'), strangerPatient);
        expectEmpty(await fx.get('infoadmin', '/api/v1/records?catalog=CLIN_PATIENT', 'management'));
        await expectNoPatientData(await fx.get('sysadmin', url(strangerPatient), 'management'));
        await expectNoPatientData(await fx.get('sysadmin', '/api/v1/records?catalog=CLIN_PATIENT', 'management'));
        await fx.post('infoadmin', `/api/v1/grants/${own}/revoke`, { reason: 'case done' });
        // The same kind of grant to a clinical department does serve its staff (positive control).
        const surgery = await grant({ grantee: { kind: 'department', id: await fx.departmentId('WK') }, catalogCode: 'CLIN_PATIENT', fields: ['gender'], purpose: 'management' });
        expect((await fx.get('head.surgery', url(strangerPatient), 'management')).headers['x-access-basis']).toBe(`grant:${surgery}`);
        await fx.post('infoadmin', `/api/v1/grants/${surgery}/revoke`, { reason: 'case done' });
      });

      it('a criteria grant opens exactly the rows meeting every criterion, in searches and single reads alike', async () => {
        const db = fx.platform.database.db;
        const from = '2026-06-01T00:00:00.000Z';
        const to = '2026-10-01T00:00:00.000Z';
        const id = await grant({ catalogCode: 'CLIN_DIAGNOSIS', fields: ['patient', 'diagnosisCode'], patientScope: { kind: 'criteria', criteria: { departmentCode: 'WK', from, to } }, purpose: 'quality-control' });
        const rows = await db.selectFrom('records').select(['resource_type', 'id', 'department_code', 'effective_at']).where('catalog_code', '=', 'CLIN_DIAGNOSIS').where('patient_id', 'is not', null).orderBy('id').execute();
        const inside = rows.filter((r) => r.department_code === 'WK' && r.effective_at !== null && r.effective_at >= from && r.effective_at < to);
        expect(inside.length).toBeGreaterThan(0);
        const listed = (await fx.get('dr.li', '/api/v1/records?catalog=CLIN_DIAGNOSIS&limit=200', 'quality-control')).json();
        expect(listed.total).toBe(inside.length);
        expect(listed.items.map((i: Json) => i.resource.id).sort()).toEqual(inside.map((r) => r.id).sort());
        const outsideDepartment = rows.find((r) => r.department_code !== 'WK' && r.effective_at !== null && r.effective_at >= from && r.effective_at < to);
        const outsidePeriod = rows.find((r) => r.department_code === 'WK' && (r.effective_at === null || r.effective_at < from || r.effective_at >= to));
        expect((await fx.get('dr.li', url({ type: inside[0]!.resource_type, id: inside[0]!.id }), 'quality-control')).headers['x-access-basis']).toBe(`grant:${id}`);
        for (const row of [outsideDepartment, outsidePeriod]) {
          expect(row).toBeDefined();
          const ref = { type: row!.resource_type, id: row!.id };
          await expectRefusedRead('dr.li', await fx.get('dr.li', url(ref), 'quality-control'), ref);
        }
        await fx.post('infoadmin', `/api/v1/grants/${id}/revoke`, { reason: 'case done' });

        // By diagnosis: the laboratory results of patients with one diagnosis, and nobody else's.
        const codes = await db.selectFrom('records').select(['code', (eb) => eb.fn.count('patient_id').distinct().as('n')]).where('resource_type', '=', 'Condition').where('code', 'not like', 'bi:%').groupBy('code').orderBy('code').execute();
        const code = codes.filter((c) => Number(c.n) >= 2).sort((a, b) => Number(b.n) - Number(a.n))[0]?.code;
        if (!code) throw new Error('fixture: no diagnosis shared by two patients');
        const diagnosed = (await db.selectFrom('records').select('patient_id').distinct().where('resource_type', '=', 'Condition').where('code', '=', code).execute()).map((r) => r.patient_id!);
        const byDiagnosis = await grant({ patientScope: { kind: 'criteria', criteria: { diagnosisCode: code } }, purpose: 'research' });
        const labs = (await fx.get('dr.li', '/api/v1/records?catalog=CLIN_LAB_REPORT&limit=200', 'research')).json();
        expect(labs.total).toBe(await fx.count({ catalog: 'CLIN_LAB_REPORT', patients: diagnosed }));
        expect(labs.items.every((i: Json) => diagnosed.includes(i.patientId))).toBe(true);
        const undiagnosed = await db.selectFrom('records').select(['resource_type', 'id']).where('catalog_code', '=', 'CLIN_LAB_REPORT').where('patient_id', 'not in', diagnosed).orderBy('id').executeTakeFirstOrThrow();
        await expectRefusedRead('dr.li', await fx.get('dr.li', url({ type: undiagnosed.resource_type, id: undiagnosed.id }), 'research'), { type: undiagnosed.resource_type, id: undiagnosed.id });
        expect((await fx.get('dr.li', url({ type: labs.items[0].resource.resourceType, id: labs.items[0].resource.id }), 'research')).headers['x-access-basis']).toBe(`grant:${byDiagnosis}`);
        await fx.post('infoadmin', `/api/v1/grants/${byDiagnosis}/revoke`, { reason: 'case done' });
      });

      it('a grant not yet valid opens nothing', async () => {
        const id = await grant({ validFrom: isoPlus(fx.clock(), 2), validTo: isoPlus(fx.clock(), 24) });
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(strangerLab), 'referral'), strangerLab);
        expect((await fx.get('infoadmin', `/api/v1/grants/${id}`, null)).json()).toMatchObject({ status: 'active' });
        await fx.post('infoadmin', `/api/v1/grants/${id}/revoke`, { reason: 'case done' });
      });
    });

    describe('pseudonymised and de-identified grants', () => {
      it('serve their rows under pseudonyms, but cannot be used to look a patient up by identifier or id', async () => {
        const deidentified = await grant({ catalogCode: 'CLIN_LAB_REPORT', fields: ['patient', 'testCode', 'resultQuantity'], patientScope: { kind: 'all' }, purpose: 'research', maskingProfile: 'de-identified' });
        const pseudonymised = await grant({ catalogCode: 'CLIN_PATIENT', fields: ['gender', 'birthDate'], patientScope: { kind: 'patients', patientIds: [fx.stranger] }, purpose: 'research', maskingProfile: 'pseudonymised' });
        // Positive control: the grants work in bulk, without real patient links.
        const bulk = (await fx.get('dr.li', '/api/v1/records?catalog=CLIN_LAB_REPORT&limit=200', 'research')).json();
        expect(bulk.total).toBe(await fx.count({ catalog: 'CLIN_LAB_REPORT' }));
        expect(bulk.items.every((i: Json) => i.patientId === null && i.basis === `grant:${deidentified}` && !JSON.stringify(i.resource).includes(fx.stranger))).toBe(true);
        const patients = (await fx.get('dr.li', '/api/v1/records?catalog=CLIN_PATIENT', 'research')).json();
        expect(patients).toMatchObject({ total: 1, items: [{ basis: `grant:${pseudonymised}`, patientId: null }] });
        expect(patients.items[0].resource.id).not.toBe(fx.stranger);
        expect((await fx.get('dr.li', url(strangerLab), 'research')).statusCode).toBe(200);

        // Naming the patient — by MRN, ID card number or internal id — would link the pseudonym back to the person.
        const full = (await fx.get('head.medical', url(strangerPatient), 'management')).json().resource as Json;
        for (const q of [full.identifier.find((i: Json) => i.system === MRN_SYSTEM).value, full.identifier.find((i: Json) => i.system === RESIDENT_ID_CARD_SYSTEM)?.value].filter(Boolean)) {
          expectEmpty(await fx.get('dr.li', `/api/v1/patients?q=${encodeURIComponent(q)}`, 'research'));
        }
        expectEmpty(await fx.get('dr.li', `/api/v1/records?catalog=CLIN_LAB_REPORT&patient=${fx.stranger}`, 'research'));
        expectEmpty(await fx.get('dr.li', `/api/v1/records?catalog=CLIN_PATIENT&patient=${fx.stranger}`, 'research'));
        expectEmpty(await fx.get('dr.li', `/api/v1/patients/${fx.stranger}/records?resource=CLIN_LAB_REPORT`, 'research'));
        expect((await fx.get('dr.li', `/api/v1/patients/${fx.stranger}/recent-results`, 'research')).json()).toMatchObject({ hasRecent: false, total: 0 });
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(strangerPatient), 'research'), strangerPatient);
        expect((await fx.get('dr.li', `/api/v1/patients/${fx.stranger}`, 'research')).statusCode).toBe(404);
        await fx.post('infoadmin', `/api/v1/grants/${deidentified}/revoke`, { reason: 'case done' });
        await fx.post('infoadmin', `/api/v1/grants/${pseudonymised}/revoke`, { reason: 'case done' });
      });
    });

    describe('level-5 content', () => {
      it('infectious-disease results: not for the owning laboratory, not for the treating team, only by grant', async () => {
        const hiv = fx.level5Record;
        for (const user of ['lab.sun', 'head.lab']) {
          await expectRefusedRead(user, await fx.get(user, url(hiv)), hiv);
          expectEmpty(await fx.get(user, '/api/v1/records?catalog=CLIN_INFECTIOUS_RESULT'));
          expectEmpty(await fx.get(user, `/api/v1/patients/${fx.level5Patient}/records?resource=CLIN_INFECTIOUS_RESULT`));
        }
        // dr.wang treats this patient now: the patient record is his to read, the level-5 result is not.
        expect((await fx.get('dr.wang', `/api/v1/records/Patient/${fx.level5Patient}`)).headers['x-access-basis']).toBe('care-team');
        await expectRefusedRead('dr.wang', await fx.get('dr.wang', url(hiv)), hiv);
        expectEmpty(await fx.get('dr.wang', '/api/v1/records?catalog=CLIN_INFECTIOUS_RESULT'));
        const view = (await fx.get('dr.wang', `/api/v1/patients/${fx.level5Patient}?limit=200`)).json();
        expect(view.timeline.items.map((i: Json) => i.catalogCode)).not.toContain('CLIN_INFECTIOUS_RESULT');
        expect(JSON.stringify(view)).not.toContain(hiv.id);

        const id = await grant({ grantee: { kind: 'user', id: await fx.userId('dr.wang') }, catalogCode: 'CLIN_INFECTIOUS_RESULT', fields: ['patient', 'testCode', 'resultCode'], patientScope: { kind: 'patients', patientIds: [fx.level5Patient] }, purpose: 'treatment' });
        expect((await fx.get('dr.wang', url(hiv))).headers['x-access-basis']).toBe(`grant:${id}`);
        await fx.post('infoadmin', `/api/v1/grants/${id}/revoke`, { reason: 'case done' });
        await expectRefusedRead('dr.wang', await fx.get('dr.wang', url(hiv)), hiv);
      });

      it('psychiatric notes (not shareable): not for the treating team or the department, not by emergency, never granted', async () => {
        expect((await fx.get('dr.wang', url(anchorLab))).headers['x-access-basis']).toBe('care-team');
        for (const user of ['dr.wang', 'head.internal', 'nurse.zhao', 'head.medical']) await expectRefusedRead(user, await fx.get(user, url(psychNote)), psychNote);
        expectEmpty(await fx.get('dr.wang', '/api/v1/records?catalog=CLIN_PSYCH_NOTE'));
        const refused = await fx.post('infoadmin', '/api/v1/grants', {
          grantee: { kind: 'user', id: await fx.userId('dr.wang') },
          catalogCode: 'CLIN_PSYCH_NOTE',
          fields: ['patient'],
          patientScope: { kind: 'patients', patientIds: [fx.anchor] },
          purpose: 'treatment',
          channel: 'api',
          validTo: isoPlus(fx.clock(), 24),
          maskingProfile: 'identified',
          reason: 'leak hunt',
        });
        expect(refused.statusCode).toBe(422);
        const opened = await fx.post('pharm.wu', '/api/v1/emergency-access', { patientId: fx.anchor, reason: REASON });
        expect(opened.statusCode).toBe(201);
        expect((await fx.get('pharm.wu', url(anchorLab))).headers['x-access-basis']).toBe(`emergency:${opened.json().id}`);
        await expectRefusedRead('pharm.wu', await fx.get('pharm.wu', url(psychNote)), psychNote);
        const view = (await fx.get('pharm.wu', `/api/v1/patients/${fx.anchor}?limit=200`)).json();
        expect(view.timeline.items.map((i: Json) => i.catalogCode)).not.toContain('CLIN_PSYCH_NOTE');
        await fx.post('pharm.wu', `/api/v1/emergency-access/${opened.json().id}/close`, {});
      });

      it('the recent-results lookup does not reveal level-5 tests', async () => {
        const hivLoinc = ['75622-1', '7917-8', '56888-1', '31201-7', '80387-4', '25836-8'];
        for (const code of hivLoinc) {
          const recent = (await fx.get('dr.wang', `/api/v1/patients/${fx.level5Patient}/recent-results?code=${code}`)).json();
          expect({ code, hasRecent: recent.hasRecent, total: recent.total }).toEqual({ code, hasRecent: false, total: 0 });
        }
      });
    });

    describe('paging, limit and cursor tricks', () => {
      it('refuses limits outside 1..200 on every paged endpoint', async () => {
        const paged = [`/api/v1/records?catalog=CLIN_LAB_REPORT&`, `/api/v1/patients?q=x&`, `/api/v1/patients/${fx.anchor}?`, `/api/v1/patients/${fx.anchor}/records?resource=CLIN_LAB_REPORT&`];
        for (const base of paged) {
          for (const limit of ['201', '0', '-1', '1.5', 'abc', '1e9', '99999999999999999999']) expectInvalid(await fx.get('dr.wang', `${base}limit=${limit}`), `${base}limit=${limit}`);
        }
        expect((await fx.get('dr.wang', `/api/v1/records?catalog=CLIN_LAB_REPORT&limit=200`)).statusCode).toBe(200);
      });

      it('refuses tampered, malformed and oversized cursors', async () => {
        const bad = [
          'not-a-cursor',
          encodeCursor(['only', 'two']),
          Buffer.from(JSON.stringify([1, 2, 3])).toString('base64url'),
          Buffer.from(JSON.stringify({ effectiveAt: 'x', resourceType: 'y', id: 'z' })).toString('base64url'),
          Buffer.from('[').toString('base64url'),
          'A'.repeat(401),
        ];
        for (const cursor of bad) {
          expectInvalid(await fx.get('dr.wang', `/api/v1/records?catalog=CLIN_LAB_REPORT&cursor=${encodeURIComponent(cursor)}`), `records cursor ${cursor.slice(0, 20)}`);
          expectInvalid(await fx.get('dr.wang', `/api/v1/patients/${fx.anchor}/records?resource=CLIN_LAB_REPORT&cursor=${encodeURIComponent(cursor)}`), `patient records cursor ${cursor.slice(0, 20)}`);
        }
      });

      it('paging through a scoped search returns exactly the rows in scope, each once, whatever the page size', async () => {
        const team = await fx.careTeam('dr.wang');
        const expected = await fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [...team], maxLevel: 4 });
        expect(expected).toBeGreaterThan(6);
        for (const limit of [1, 5, 7]) {
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const response: LightMyRequestResponse = await fx.get('dr.wang', `/api/v1/records?catalog=CLIN_LAB_REPORT&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
            const body = response.json() as { total: number; items: { patientId: string; basis: string; resource: { resourceType: string; id: string } }[]; nextCursor: string | null };
            expect(body.total).toBe(expected);
            for (const item of body.items) {
              expect(team.has(item.patientId)).toBe(true);
              expect(item.basis).toBe('care-team');
              seen.push(`${item.resource.resourceType}/${item.resource.id}`);
            }
            cursor = body.nextCursor;
            pages++;
          } while (cursor && pages < 100);
          expect({ limit, rows: seen.length, distinct: new Set(seen).size }).toEqual({ limit, rows: expected, distinct: expected });
        }
      });

      it('a crafted or borrowed cursor never widens the scope', async () => {
        const team = await fx.careTeam('dr.wang');
        const inScope = await fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [...team], maxLevel: 4 });
        // A cursor that sorts before every row: a whole scope's worth of rows, still only the reader's.
        const first = (await fx.get('dr.wang', `/api/v1/records?catalog=CLIN_LAB_REPORT&limit=200&cursor=${encodeCursor(['9999-12-31T23:59:59Z', 'Zzzz', 'zzzz'])}`)).json();
        expect(first.total).toBe(inScope);
        expect(first.items).toHaveLength(inScope);
        expect(first.items.every((i: Json) => team.has(i.patientId))).toBe(true);
        // A cursor from the laboratory's much larger scope, replayed by dr.wang.
        const labPage = (await fx.get('lab.sun', '/api/v1/records?catalog=CLIN_LAB_REPORT&limit=3')).json();
        expect(labPage.total).toBeGreaterThan(inScope);
        const borrowed = (await fx.get('dr.wang', `/api/v1/records?catalog=CLIN_LAB_REPORT&limit=200&cursor=${labPage.nextCursor}`)).json();
        expect(borrowed.total).toBe(inScope);
        expect(borrowed.items.every((i: Json) => team.has(i.patientId) && i.basis === 'care-team')).toBe(true);
        // A cursor from another catalog resource.
        const other = (await fx.get('dr.wang', `/api/v1/records?catalog=CLIN_PATIENT&limit=200&cursor=${labPage.nextCursor}`)).json();
        expect(other.items.every((i: Json) => i.catalogCode === 'CLIN_PATIENT' && team.has(i.patientId))).toBe(true);
        // An empty scope stays empty with any cursor.
        expectEmpty(await fx.get('dr.wang', `/api/v1/records?catalog=FIN_BILLING&cursor=${labPage.nextCursor}`));
      });

      it('counts only what the caller may see', async () => {
        const team = await fx.careTeam('dr.wang');
        expect([...team].sort()).toEqual([fx.anchor, fx.level5Patient].sort());
        const all = await fx.count({ catalog: 'CLIN_LAB_REPORT' });
        const mine = (await fx.get('dr.wang', '/api/v1/records?catalog=CLIN_LAB_REPORT&limit=1')).json();
        expect(mine.total).toBe(await fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [...team], maxLevel: 4 }));
        expect(mine.total).toBeLessThan(all);
        expect(mine.items).toHaveLength(1);
        expect((await fx.get('dr.wang', '/api/v1/patients?limit=1')).json()).toMatchObject({ total: 2, items: [{ basis: 'care-team' }] });
      });
    });

    describe('parameters that try to widen the scope', () => {
      it('refuses unknown query parameters on every data endpoint', async () => {
        const cases = [
          `/api/v1/records?catalog=CLIN_LAB_REPORT&department=NK`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&basis=department`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&grant=anything`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&all=true`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&purpose=treatment`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&x-purpose-of-use=treatment`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&patientId=${fx.stranger}`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&_count=1000`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&level=5`,
          `/api/v1/records/${anchorLab.type}/${anchorLab.id}?basis=department`,
          `/api/v1/patients?q=x&catalog=CLIN_LAB_REPORT`,
          `/api/v1/patients?q=x&patient=${fx.stranger}`,
          `/api/v1/patients/${fx.anchor}?resource=FIN_BILLING`,
          `/api/v1/patients/${fx.anchor}?emergency=true`,
          `/api/v1/patients/${fx.anchor}/records?resource=CLIN_LAB_REPORT&patient=${fx.stranger}`,
          `/api/v1/patients/${fx.anchor}/records?resource=CLIN_LAB_REPORT&catalog=FIN_BILLING`,
          `/api/v1/patients/${fx.anchor}/recent-results?days=3650`,
          `/api/v1/patients/${fx.anchor}/recent-results?catalog=CLIN_INFECTIOUS_RESULT`,
          `/api/v1/patients/${fx.anchor}/recent-results?limit=1`,
        ];
        for (const path of cases) expectInvalid(await fx.get('dr.wang', path), path);
      });

      it('refuses malformed and repeated values instead of guessing', async () => {
        const cases = [
          `/api/v1/records?catalog=CLIN_LAB_REPORT&catalog=FIN_BILLING`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&patient=${fx.anchor}&patient=${fx.stranger}`,
          `/api/v1/records?catalog=${encodeURIComponent("CLIN_LAB_REPORT' OR '1'='1")}`,
          `/api/v1/records?catalog=clin_lab_report`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&patient=${encodeURIComponent("x' OR '1'='1")}`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&patient=${encodeURIComponent('%')}`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&from=yesterday`,
          `/api/v1/records?catalog=CLIN_LAB_REPORT&to=${encodeURIComponent('2026-01-01 OR 1=1')}`,
          `/api/v1/records?patient=${fx.anchor}`,
          `/api/v1/patients/${fx.anchor}/records`,
          `/api/v1/patients/${fx.anchor}/recent-results?code=${encodeURIComponent('a b')}`,
        ];
        for (const path of cases) expectInvalid(await fx.get('dr.wang', path), path);
      });

      it('a catalog of another department or a patient of another team gives an empty page, not an error that confirms anything', async () => {
        expectEmpty(await fx.get('dr.wang', `/api/v1/records?catalog=CLIN_LAB_REPORT&patient=${fx.stranger}`));
        expectEmpty(await fx.get('dr.wang', `/api/v1/records?catalog=MGMT_PERSONNEL`));
        expectEmpty(await fx.get('dr.wang', `/api/v1/records?catalog=NO_SUCH_RESOURCE`));
        expectEmpty(await fx.get('dr.wang', `/api/v1/patients/${fx.stranger}/records?resource=CLIN_PATIENT`));
        expectEmpty(await fx.get('dr.wang', `/api/v1/patients/${fx.anchor}/records?resource=FIN_BILLING`));
        expectEmpty(await fx.get('dr.wang', `/api/v1/records?catalog=CLIN_LAB_REPORT&patient=no-such-patient`));
      });

      it('LIKE wildcards in the recent-results code match nothing but the literal code', async () => {
        const all = (await fx.get('dr.wang', `/api/v1/patients/${fx.anchor}/recent-results`)).json();
        expect(all.total).toBeGreaterThan(0);
        for (const code of ['%', '_', '%25', '\\', '%|%']) {
          const recent = (await fx.get('dr.wang', `/api/v1/patients/${fx.anchor}/recent-results?code=${encodeURIComponent(code)}`)).json();
          expect({ code, total: recent.total }).toEqual({ code, total: 0 });
        }
      });

      it('headers a client sets cannot choose the basis, and a repeated purpose header is refused', async () => {
        await expectRefusedRead('dr.wang', await fx.get('dr.wang', url(strangerPatient), 'treatment', { 'x-access-basis': 'department', 'x-grant-id': 'anything' }), strangerPatient);
        const twice = await fx.platform.app.inject({ url: url(anchorLab), headers: { authorization: `Bearer ${(await fx.session('dr.wang')).token}`, 'x-purpose-of-use': ['research', 'treatment'] } });
        expect(twice.statusCode).toBe(400);
      });
    });

    describe('accounts', () => {
      it('a suspended user is refused on the very next request with the old token, and cannot sign in again', async () => {
        const id = await fx.userId('dr.wang');
        const token = (await fx.session('dr.wang')).token;
        expect((await fx.get('dr.wang', url(anchorLab))).statusCode).toBe(200);
        const suspend = await fx.platform.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: { authorization: `Bearer ${(await fx.session('infoadmin')).token}` }, payload: { status: 'suspended' } });
        expect(suspend.statusCode).toBe(200);
        const refused = await fx.platform.app.inject({ url: url(anchorLab), headers: { authorization: `Bearer ${token}`, 'x-purpose-of-use': 'treatment' } });
        expect(refused.statusCode).toBe(401);
        expect(refused.body).not.toContain('resourceType');
        const denied = await fx.platform.audit.search({ objectId: anchorLab.id, outcome: 'denied' }, 20);
        expect(denied.items.some((e) => e.details.status === 401)).toBe(true);
        const login = await fx.platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dr.wang', password: 'Yixiang@2026' } });
        expect(login.statusCode).toBe(403);
        expect(login.json().code).toBe('ACCOUNT_SUSPENDED');
        // Back to work: a fresh sign-in reads again.
        const resume = await fx.platform.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: { authorization: `Bearer ${(await fx.session('infoadmin')).token}` }, payload: { status: 'active' } });
        expect(resume.statusCode).toBe(200);
        fx.resetSessions();
        expect((await fx.get('dr.wang', url(anchorLab))).statusCode).toBe(200);
      });

      it('a user whose roles change loses what the old roles opened at once, emergency windows included', async () => {
        const id = await fx.userId('staff.medical');
        expect((await fx.get('staff.medical', url(strangerPatient), 'management')).statusCode).toBe(200);
        const window = await fx.post('staff.medical', '/api/v1/emergency-access', { patientId: fx.stranger, reason: REASON });
        expect(window.statusCode).toBe(201);
        expect((await fx.get('staff.medical', url(strangerLab))).headers['x-access-basis']).toBe(`emergency:${window.json().id}`);
        const token = (await fx.session('staff.medical')).token;
        const changed = await fx.platform.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: { authorization: `Bearer ${(await fx.session('infoadmin')).token}` }, payload: { roles: ['privacy_officer'] } });
        expect(changed.statusCode).toBe(200);
        expect((await fx.platform.app.inject({ url: url(strangerPatient), headers: { authorization: `Bearer ${token}`, 'x-purpose-of-use': 'management' } })).statusCode).toBe(401);
        fx.resetSessions();
        await expectRefusedRead('staff.medical', await fx.get('staff.medical', url(strangerPatient), 'management'), strangerPatient);
        // The window opened as clinical staff does not carry over to the privacy officer's role.
        await expectRefusedRead('staff.medical', await fx.get('staff.medical', url(strangerLab)), strangerLab);
        expectEmpty(await fx.get('staff.medical', `/api/v1/records?catalog=CLIN_LAB_REPORT&patient=${fx.stranger}`));
      });
    });

    describe('as time passes (clock moved forward; these run in order)', () => {
      it('a shorter care-team window in the policy settings takes effect on the next request', async () => {
        const patient = await fx.recordOf(discharged, 'CLIN_PATIENT');
        expect((await fx.get('dr.li', url(patient))).headers['x-access-basis']).toBe('care-team');
        const change = async (hours: number) =>
          fx.platform.app.inject({ method: 'PUT', url: '/api/v1/policy/settings/access.careTeam', headers: { authorization: `Bearer ${(await fx.session('infoadmin')).token}` }, payload: { value: { afterDischargeHours: hours }, note: 'leak hunt' } });
        expect((await change(24)).statusCode).toBe(200);
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(patient)), patient);
        expect((await change(72)).statusCode).toBe(200);
        expect((await fx.get('dr.li', url(patient))).statusCode).toBe(200);
      });

      it('a policy change dated in the future leaves the rule in force until then', async () => {
        const patient = await fx.recordOf(discharged, 'CLIN_PATIENT');
        const change = async (hours: number, effectiveFrom?: string) =>
          fx.platform.app.inject({ method: 'PUT', url: '/api/v1/policy/settings/access.careTeam', headers: { authorization: `Bearer ${(await fx.session('infoadmin')).token}` }, payload: { value: { afterDischargeHours: hours }, ...(effectiveFrom && { effectiveFrom }), note: 'leak hunt' } });
        expect((await change(1, new Date(fx.clock().getTime() + 30 * 60_000).toISOString())).statusCode).toBe(200);
        expect((await fx.get('dr.li', url(patient))).statusCode).toBe(200);
        fx.clock.advanceMinutes(31);
        fx.resetSessions();
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(patient)), patient);
        expect((await change(72)).statusCode).toBe(200);
        expect((await fx.get('dr.li', url(patient))).statusCode).toBe(200);
      });

      it('an expired grant opens nothing, before any job marks it expired', async () => {
        const id = await grant({ validTo: isoPlus(fx.clock(), 1) });
        expect((await fx.get('dr.li', url(strangerLab), 'referral')).headers['x-access-basis']).toBe(`grant:${id}`);
        fx.clock.advanceMinutes(61);
        fx.resetSessions();
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(strangerLab), 'referral'), strangerLab);
        expectEmpty(await fx.get('dr.li', '/api/v1/records?catalog=CLIN_LAB_REPORT', 'referral'));
        expect((await fx.get('infoadmin', `/api/v1/grants/${id}`, null)).json()).toMatchObject({ status: 'active', effectiveStatus: 'expired' });
        // …and it cannot be resumed or re-activated into use.
        expect((await fx.post('infoadmin', `/api/v1/grants/${id}/resume`, { reason: 'extend please' })).statusCode).toBe(409);
      });

      it('the care team loses the patient once the window after discharge has passed', async () => {
        const end = await fx.platform.database.db
          .selectFrom('care_team_members as c')
          .innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id')
          .select((eb) => eb.fn.max('c.period_end').as('end'))
          .where('s.staff_key', '=', 'dr.li')
          .where('c.patient_id', '=', discharged)
          .executeTakeFirstOrThrow();
        const until = Date.parse(String(end.end)) + 72 * 3_600_000;
        expect(fx.clock().getTime()).toBeLessThan(until);
        const patient = await fx.recordOf(discharged, 'CLIN_PATIENT');
        expect((await fx.get('dr.li', url(patient))).statusCode).toBe(200);
        fx.clock.set(new Date(until + 60_000));
        fx.resetSessions();
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(patient)), patient);
        // The open admission keeps its team however long it lasts.
        expect((await fx.get('dr.wang', url(anchorLab))).headers['x-access-basis']).toBe('care-team');
      });
      it('an emergency window closes itself at its end, and at once when its owner closes it', async () => {
        const opened = await fx.post('dr.li', '/api/v1/emergency-access', { patientId: fx.stranger, reason: REASON });
        expect(opened.statusCode).toBe(201);
        const window = opened.json();
        expect(Date.parse(window.expiresAt) - Date.parse(window.openedAt)).toBe(240 * 60_000);
        expect((await fx.get('dr.li', url(strangerPatient))).headers['x-access-basis']).toBe(`emergency:${window.id}`);
        const other = await fx.post('img.zhou', '/api/v1/emergency-access', { patientId: fx.stranger, reason: REASON });
        expect((await fx.get('img.zhou', url(strangerPatient))).statusCode).toBe(200);
        expect((await fx.post('img.zhou', `/api/v1/emergency-access/${other.json().id}/close`, {})).statusCode).toBe(200);
        await expectRefusedRead('img.zhou', await fx.get('img.zhou', url(strangerPatient)), strangerPatient);

        fx.clock.advanceMinutes(239);
        fx.resetSessions();
        expect((await fx.get('dr.li', url(strangerPatient))).statusCode).toBe(200);
        fx.clock.advanceMinutes(2);
        fx.resetSessions();
        await expectRefusedRead('dr.li', await fx.get('dr.li', url(strangerPatient)), strangerPatient);
        expect((await fx.get('dr.li', `/api/v1/patients/${fx.stranger}`)).statusCode).toBe(404);
        expectEmpty(await fx.get('dr.li', `/api/v1/records?catalog=CLIN_LAB_REPORT&patient=${fx.stranger}`));
        expect((await fx.get('dr.li', `/api/v1/emergency-access/${window.id}`, null)).json()).toMatchObject({ state: 'ended', reviewStatus: 'pending' });
        // Closing an ended window does not reopen it.
        expect((await fx.post('dr.li', `/api/v1/emergency-access/${window.id}/close`, {})).statusCode).toBe(200);
        expect((await fx.get('dr.li', url(strangerPatient))).statusCode).toBe(404);
      });
    });
  });
}
