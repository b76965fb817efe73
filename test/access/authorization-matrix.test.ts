/**
 * The authorisation matrix (issue 5): every data endpoint × each relevant demo role × each rule of
 * the access decision (department, care team, grant, emergency, none) → the expected allow (200
 * and the basis) or deny (404, an empty page, or 403 for actions the role lacks), on both databases.
 * The system administrator has no path to patient data at all (三员分立): every data endpoint
 * answers 403 PATIENT_DATA_FORBIDDEN, not the 404 or empty page of a reader without a rule.
 *
 * Institution (API client) principals are not covered: they do not exist yet (FHIR/SMART issue).
 * The FHIR read/search interactions (/fhir/R4) go through the same AccessService and are covered by
 * test/fhir; here the REST data endpoints are the subject.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { isoPlus, KIND_CATALOG, KINDS, openAccessFixture, outcome, T0, type AccessFixture, type Kind, type RecordRef } from './fixture.js';

type Expected = Partial<Record<Kind, string>>;

const ON_TEAM: Expected = { patient: 'care-team', encounter: 'care-team', diagnosis: 'care-team', note: 'care-team', lab: 'care-team', imaging: 'care-team', prescription: 'care-team', nursing: 'care-team' };
const MEDICAL_AFFAIRS: Expected = { patient: 'department', encounter: 'department', diagnosis: 'department', note: 'department' };

/**
 * Single reads of the anchor patient's records (dr.wang, nurse.zhao and head.internal on the open
 * encounter's team) for purpose `treatment`. Anything not listed is a 404. Money is never reached
 * through the care team; nursing records are 护理部's own, which outranks the team.
 */
const ANCHOR_TREATMENT: Record<string, Expected> = {
  'dr.wang': ON_TEAM,
  'head.internal': ON_TEAM,
  'nurse.zhao': { ...ON_TEAM, nursing: 'department' },
  'dr.li': {},
  'lab.sun': { lab: 'department' },
  'head.lab': { lab: 'department' },
  'img.zhou': { imaging: 'department' },
  'pharm.wu': { prescription: 'department' },
  'fin.zheng': { billing: 'department', reimbursement: 'department' },
  'head.medical': MEDICAL_AFFAIRS,
  'staff.medical': MEDICAL_AFFAIRS,
  privacy: {},
  infoadmin: {},
  auditor: {},
  sysadmin: {},
};
const USERS = Object.keys(ANCHOR_TREATMENT);
/** What a reader gets for a record no rule opens: 404, except whom the data routes refuse outright. */
const UNREACHED: Record<string, number> = { sysadmin: 403 };
/** The department rule does not depend on the purpose; the care-team rule needs `treatment`. */
const departmentOnly = (expected: Expected): Expected => Object.fromEntries(Object.entries(expected).filter(([, basis]) => basis === 'department'));

const HIV = { hiv: 'CLIN_INFECTIOUS_RESULT' };
const EMERGENCY_REASON = '患者意识不清急诊抢救,需查阅既往检验与用药记录';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`authorisation matrix (${dialect})`, () => {
    let fx: AccessFixture;
    let anchorRecords: Record<Kind, RecordRef>;
    let strangerRecords: Record<Kind, RecordRef>;
    let level5Records: Partial<Record<Kind, RecordRef>>;
    let discharged: string;
    let lapsed: string;
    let g1: string;
    let g2: string;
    let g3: string;
    let emergency: string;
    const refused: { user: string; objectId: string; objectType: 'record' | 'patient' }[] = [];

    const recordsOf = async (patientId: string, required: boolean) => {
      const out: Partial<Record<Kind, RecordRef>> = {};
      for (const kind of KINDS) {
        try {
          out[kind] = await fx.recordOf(patientId, KIND_CATALOG[kind]);
        } catch (error) {
          if (required) throw error;
        }
      }
      return out;
    };

    /** Reads each record; the basis for a 200 (checked against the header), the status otherwise. */
    const readAll = async (user: string, records: Partial<Record<string, RecordRef>>, purpose: string, catalogs: Record<string, string> = KIND_CATALOG) => {
      const actual: Record<string, string | number> = {};
      for (const [kind, ref] of Object.entries(records) as [string, RecordRef][]) {
        const response = await fx.get(user, `/api/v1/records/${ref.type}/${ref.id}`, purpose);
        if (response.statusCode === 200) {
          const body = response.json();
          expect(response.headers['x-access-basis']).toBe(body.basis);
          expect(body.catalogCode).toBe(catalogs[kind]);
          actual[kind] = body.basis;
        } else {
          actual[kind] = response.statusCode;
          if (response.statusCode === 403) expect(response.json().code).toBe('PATIENT_DATA_FORBIDDEN');
          if (response.statusCode === 404) {
            expect(response.json().code).toBe('RECORD_NOT_FOUND');
            refused.push({ user, objectId: `${ref.type}/${ref.id}`, objectType: 'record' });
          }
        }
      }
      return actual;
    };
    const expectedFor = (records: Partial<Record<Kind, RecordRef>>, expected: Expected, unreached = 404) => Object.fromEntries(Object.keys(records).map((kind) => [kind, expected[kind as Kind] ?? unreached]));

    beforeAll(async () => {
      fx = await openAccessFixture(dialect);
      const team = await fx.careTeam('dr.wang');
      // The tables below assume the demo's anchor: dr.wang's only current patient, shared with nurse.zhao and head.internal.
      expect([...team]).toEqual([fx.anchor]);
      expect((await fx.careTeam('nurse.zhao')).has(fx.anchor)).toBe(true);
      expect((await fx.careTeam('head.internal')).has(fx.anchor)).toBe(true);
      for (const user of ['dr.li', 'lab.sun', 'img.zhou', 'pharm.wu', 'fin.zheng', 'head.medical', 'staff.medical', 'head.lab']) expect((await fx.careTeam(user)).has(fx.anchor)).toBe(false);

      const li = await fx.careTeam('dr.li');
      const recentlyDischarged = [...li].find((p) => p !== fx.anchor && p !== fx.level5Patient);
      if (!recentlyDischarged) throw new Error('fixture: dr.li has no patient discharged within the window');
      discharged = recentlyDischarged;
      const everWang = await fx.platform.database.db
        .selectFrom('care_team_members as c')
        .innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id')
        .select('c.patient_id')
        .where('s.staff_key', '=', 'dr.wang')
        .execute();
      const lapsedWang = everWang.map((r) => r.patient_id).find((p) => !team.has(p) && !li.has(p) && p !== fx.level5Patient);
      if (!lapsedWang) throw new Error('fixture: dr.wang has no patient whose care ended before the window');
      lapsed = lapsedWang;

      anchorRecords = (await recordsOf(fx.anchor, true)) as Record<Kind, RecordRef>;
      strangerRecords = (await recordsOf(fx.stranger, false)) as Record<Kind, RecordRef>;
      level5Records = await recordsOf(fx.level5Patient, false);

      const validTo = isoPlus(T0, 24 * 7);
      const create = async (body: Record<string, unknown>) => {
        const response = await fx.post('infoadmin', '/api/v1/grants', { channel: 'api', validTo, reason: 'authorisation matrix', ...body });
        if (response.statusCode !== 201) throw new Error(`grant refused: ${response.body}`);
        return response.json().id as string;
      };
      g1 = await create({
        grantee: { kind: 'user', id: await fx.userId('dr.li') },
        catalogCode: 'CLIN_LAB_REPORT',
        fields: ['patient', 'testCode', 'resultQuantity', 'collectedAt'],
        patientScope: { kind: 'patients', patientIds: [fx.stranger] },
        purpose: 'referral',
        maskingProfile: 'identified',
      });
      g2 = await create({
        grantee: { kind: 'department', id: await fx.departmentId('JYK') },
        catalogCode: 'CLIN_INFECTIOUS_RESULT',
        fields: ['patient', 'testCode', 'resultCode'],
        patientScope: { kind: 'patients', patientIds: [fx.level5Patient] },
        purpose: 'public-health',
        maskingProfile: 'identified',
      });
      g3 = await create({
        grantee: { kind: 'user', id: await fx.userId('img.zhou') },
        catalogCode: 'CLIN_PATIENT',
        fields: ['gender', 'birthDate'],
        patientScope: { kind: 'patients', patientIds: [fx.anchor] },
        purpose: 'referral',
        maskingProfile: 'pseudonymised',
      });
      const opened = await fx.post('dr.li', '/api/v1/emergency-access', { patientId: fx.level5Patient, reason: EMERGENCY_REASON });
      if (opened.statusCode !== 201) throw new Error(`emergency refused: ${opened.body}`);
      emergency = opened.json().id;
      for (const patient of [fx.anchor, fx.stranger, fx.level5Patient]) await fx.mrnOf(patient);
    }, 120_000);
    afterAll(async () => fx?.close());

    describe('GET /records/{type}/{id}: single reads', () => {
      it.each(USERS)('anchor patient, purpose treatment, as %s', async (user) => {
        expect(await readAll(user, anchorRecords, 'treatment')).toEqual(expectedFor(anchorRecords, ANCHOR_TREATMENT[user]!, UNREACHED[user]));
      });

      it.each(USERS)('anchor patient, purpose research (no care team), as %s', async (user) => {
        expect(await readAll(user, anchorRecords, 'research')).toEqual(expectedFor(anchorRecords, departmentOnly(ANCHOR_TREATMENT[user]!), UNREACHED[user]));
      });

      it.each(USERS)('a patient on no demo care team, purpose treatment, as %s', async (user) => {
        expect(await readAll(user, strangerRecords, 'treatment')).toEqual(expectedFor(strangerRecords, departmentOnly(ANCHOR_TREATMENT[user]!), UNREACHED[user]));
      });

      it('grant: dr.li reads the granted patient’s lab results for the granted purpose only', async () => {
        expect(await readAll('dr.li', strangerRecords, 'referral')).toEqual(expectedFor(strangerRecords, { lab: `grant:${g1}` }));
        expect(await readAll('dr.wang', { lab: strangerRecords.lab }, 'referral')).toEqual({ lab: 404 });
        expect(await readAll('dr.li', { lab: anchorRecords.lab }, 'referral')).toEqual({ lab: 404 });
      });

      it('grant: a data period limits what the grant opens, in single reads and in searches', async () => {
        const db = fx.platform.database.db;
        const labs = await db.selectFrom('records').select(['resource_type', 'id', 'effective_at']).where('catalog_code', '=', 'CLIN_LAB_REPORT').where('patient_id', '=', fx.stranger).where('effective_at', 'is not', null).orderBy('effective_at').execute();
        // The second distinct date: at least one report falls before the period.
        const dataFrom = labs.find((r) => r.effective_at! > labs[0]!.effective_at!)?.effective_at;
        if (!dataFrom) throw new Error('fixture: the stranger’s lab reports all share one date');
        const response = await fx.post('infoadmin', '/api/v1/grants', {
          grantee: { kind: 'user', id: await fx.userId('dr.li') },
          catalogCode: 'CLIN_LAB_REPORT',
          fields: ['patient', 'testCode'],
          patientScope: { kind: 'patients', patientIds: [fx.stranger] },
          purpose: 'quality-control',
          channel: 'api',
          validTo: isoPlus(T0, 24),
          maskingProfile: 'identified',
          dataFrom,
          reason: 'authorisation matrix: dated grant',
        });
        expect(response.statusCode, response.body).toBe(201);
        const dated = response.json().id as string;
        expect(response.json().dataFrom).toBe(dataFrom);
        const before = labs.find((r) => r.effective_at! < dataFrom)!;
        const after = labs.find((r) => r.effective_at! >= dataFrom)!;
        expect(await readAll('dr.li', { lab: { type: after.resource_type, id: after.id } }, 'quality-control')).toEqual({ lab: `grant:${dated}` });
        expect(await readAll('dr.li', { lab: { type: before.resource_type, id: before.id } }, 'quality-control')).toEqual({ lab: 404 });
        const search = await fx.get('dr.li', `/api/v1/patients/${fx.stranger}/records?resource=CLIN_LAB_REPORT&limit=200`, 'quality-control');
        expect(search.json().total).toBe(await fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [fx.stranger], since: dataFrom }));
        expect((await fx.post('infoadmin', `/api/v1/grants/${dated}/revoke`, { reason: 'matrix case done' })).statusCode).toBe(200);
      });

      it('grant: a department grant serves every member of the department and nobody else', async () => {
        const hiv = { hiv: fx.level5Record };
        expect(await readAll('lab.sun', hiv, 'public-health', HIV)).toEqual({ hiv: `grant:${g2}` });
        expect(await readAll('head.lab', hiv, 'public-health', HIV)).toEqual({ hiv: `grant:${g2}` });
        expect(await readAll('img.zhou', hiv, 'public-health', HIV)).toEqual({ hiv: 404 });
        expect(await readAll('pharm.wu', hiv, 'public-health', HIV)).toEqual({ hiv: 404 });
        // The grant's purpose binds: the same members reading for treatment get nothing.
        expect(await readAll('lab.sun', hiv, 'treatment', HIV)).toEqual({ hiv: 404 });
      });

      it('level 5: never by department or care team, only by grant or emergency', async () => {
        const hiv = { hiv: fx.level5Record };
        for (const user of ['lab.sun', 'head.lab', 'dr.wang', 'head.internal', 'head.medical', 'infoadmin']) expect({ user, read: await readAll(user, hiv, 'treatment', HIV) }).toEqual({ user, read: { hiv: 404 } });
        expect(await readAll('dr.li', hiv, 'treatment', HIV)).toEqual({ hiv: `emergency:${emergency}` });
      });

      it('emergency: every record of the window’s patient, for any purpose, flagged; nobody else’s', async () => {
        const expected = Object.fromEntries(Object.keys(level5Records).map((kind) => [kind, `emergency:${emergency}`]));
        expect(await readAll('dr.li', level5Records, 'treatment')).toEqual(expected);
        expect(await readAll('dr.li', level5Records, 'referral')).toEqual(expected);
        const one = await fx.get('dr.li', `/api/v1/records/${level5Records.patient!.type}/${level5Records.patient!.id}`);
        expect(one.json()).toMatchObject({ emergency: true, grantId: null, masked: [], omitted: [] });
        // Every read in the window is flagged in the audit log.
        const audited = await fx.platform.audit.search({ actorId: await fx.userId('dr.li'), objectId: `${level5Records.patient!.type}/${level5Records.patient!.id}`, outcome: 'success' }, 1);
        expect(audited.items[0]).toMatchObject({ accessBasis: `emergency:${emergency}`, patientId: fx.level5Patient, details: { emergency: true } });
        // The window is dr.li's alone.
        expect(await readAll('dr.wang', { patient: level5Records.patient! }, 'treatment')).toEqual({ patient: 404 });
      });

      it('care team: within the window after discharge, not after it', async () => {
        const recent = { patient: await fx.recordOf(discharged, 'CLIN_PATIENT'), lab: await fx.recordOf(discharged, 'CLIN_LAB_REPORT') };
        expect(await readAll('dr.li', recent, 'treatment')).toEqual({ patient: 'care-team', lab: 'care-team' });
        const old = { patient: await fx.recordOf(lapsed, 'CLIN_PATIENT') };
        expect(await readAll('dr.wang', old, 'treatment')).toEqual({ patient: 404 });
      });

      it('per-department resources: procedures are read by the department that performed them', async () => {
        const db = fx.platform.database.db;
        const li = await fx.careTeam('dr.li');
        const pick = async (department: string) => {
          const rows = await db.selectFrom('records').select(['resource_type', 'id', 'patient_id']).where('catalog_code', '=', 'CLIN_PROCEDURE').where('department_code', '=', department).orderBy('id').execute();
          const row = rows.find((r) => r.patient_id && !li.has(r.patient_id) && r.patient_id !== fx.anchor && r.patient_id !== fx.level5Patient);
          if (!row) throw new Error(`fixture: no ${department} procedure outside the care teams`);
          return { type: row.resource_type, id: row.id };
        };
        const surgical = await pick('WK');
        const medical = await pick('NK');
        const basis = async (user: string, ref: RecordRef) => outcome(await fx.get(user, `/api/v1/records/${ref.type}/${ref.id}`, 'quality-control'));
        expect(await basis('dr.li', surgical)).toMatchObject({ status: 200, basis: 'department' });
        expect(await basis('head.surgery', surgical)).toMatchObject({ status: 200, basis: 'department' });
        expect(await basis('dr.wang', surgical)).toMatchObject({ status: 404 });
        expect(await basis('dr.wang', medical)).toMatchObject({ status: 200, basis: 'department' });
        expect(await basis('head.internal', medical)).toMatchObject({ status: 200, basis: 'department' });
        expect(await basis('dr.li', medical)).toMatchObject({ status: 404 });
        expect(await basis('head.medical', medical)).toMatchObject({ status: 404 });
      });

      it('management data: only the owning department, never through a care team or an emergency', async () => {
        const row = await fx.platform.database.db.selectFrom('records').select(['resource_type', 'id']).where('catalog_code', '=', 'MGMT_PERSONNEL').orderBy('id').executeTakeFirstOrThrow();
        const url = `/api/v1/records/${row.resource_type}/${row.id}`;
        expect(outcome(await fx.get('head.medical', url, 'management'))).toMatchObject({ status: 200, basis: 'department' });
        expect(outcome(await fx.get('staff.medical', url, 'management'))).toMatchObject({ status: 200, basis: 'department' });
        for (const user of ['privacy', 'dr.wang', 'dr.li', 'infoadmin', 'sysadmin', 'auditor', 'fin.zheng']) expect({ user, status: (await fx.get(user, url, 'management')).statusCode }).toEqual({ user, status: UNREACHED[user] ?? 404 });
      });
    });

    describe('GET /records?catalog=&patient=: searches', () => {
      type Case = [user: string, purpose: string, catalog: string, patient: 'anchor' | 'stranger' | 'level5' | 'discharged' | null, basis: () => string, total: () => Promise<number>];
      const none = () => 'none';
      const zero = async () => 0;
      const patientOf = (which: Case[3]) => (which === 'anchor' ? fx.anchor : which === 'stranger' ? fx.stranger : which === 'level5' ? fx.level5Patient : which === 'discharged' ? discharged : undefined);
      const CASES: Case[] = [
        ['lab.sun', 'treatment', 'CLIN_LAB_REPORT', null, () => 'department', () => fx.count({ catalog: 'CLIN_LAB_REPORT', maxLevel: 4 })],
        ['head.lab', 'quality-control', 'CLIN_LAB_REPORT', null, () => 'department', () => fx.count({ catalog: 'CLIN_LAB_REPORT', maxLevel: 4 })],
        ['lab.sun', 'treatment', 'CLIN_LAB_REPORT', 'stranger', () => 'department', () => fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [fx.stranger] })],
        ['lab.sun', 'treatment', 'CLIN_INFECTIOUS_RESULT', null, none, zero],
        ['lab.sun', 'public-health', 'CLIN_INFECTIOUS_RESULT', null, () => `grant:${g2}`, () => fx.count({ catalog: 'CLIN_INFECTIOUS_RESULT', patients: [fx.level5Patient] })],
        ['img.zhou', 'public-health', 'CLIN_INFECTIOUS_RESULT', null, none, zero],
        ['img.zhou', 'treatment', 'CLIN_LAB_REPORT', null, none, zero],
        ['img.zhou', 'treatment', 'CLIN_IMAGING_REPORT', null, () => 'department', () => fx.count({ catalog: 'CLIN_IMAGING_REPORT', maxLevel: 4 })],
        ['pharm.wu', 'pharmacy', 'CLIN_PRESCRIPTION', null, () => 'department', () => fx.count({ catalog: 'CLIN_PRESCRIPTION', maxLevel: 4 })],
        ['fin.zheng', 'billing', 'FIN_BILLING', null, () => 'department', () => fx.count({ catalog: 'FIN_BILLING', maxLevel: 4 })],
        ['fin.zheng', 'billing', 'FIN_REIMBURSEMENT', null, () => 'department', () => fx.count({ catalog: 'FIN_REIMBURSEMENT', maxLevel: 4 })],
        ['fin.zheng', 'treatment', 'CLIN_PATIENT', null, none, zero],
        ['head.medical', 'management', 'CLIN_PATIENT', null, () => 'department', () => fx.count({ catalog: 'CLIN_PATIENT' })],
        ['head.medical', 'management', 'MGMT_PERSONNEL', null, () => 'department', () => fx.count({ catalog: 'MGMT_PERSONNEL', maxLevel: 4 })],
        ['head.medical', 'management', 'MGMT_EQUIPMENT', null, none, zero],
        ['privacy', 'management', 'CLIN_PATIENT', null, none, zero],
        ['privacy', 'management', 'MGMT_PERSONNEL', null, none, zero],
        ['infoadmin', 'management', 'CLIN_PATIENT', null, none, zero],
        ['infoadmin', 'treatment', 'CLIN_LAB_REPORT', null, none, zero],
        ['auditor', 'management', 'CLIN_PATIENT', null, none, zero],
        ['dr.wang', 'treatment', 'CLIN_LAB_REPORT', null, () => 'care-team', () => fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [fx.anchor], maxLevel: 4 })],
        ['dr.wang', 'treatment', 'CLIN_PATIENT', null, () => 'care-team', async () => 1],
        ['dr.wang', 'treatment', 'FIN_BILLING', null, none, zero],
        ['dr.wang', 'research', 'CLIN_LAB_REPORT', null, none, zero],
        ['dr.wang', 'treatment', 'CLIN_LAB_REPORT', 'stranger', none, zero],
        ['dr.wang', 'treatment', 'CLIN_INFECTIOUS_RESULT', null, none, zero],
        ['head.internal', 'treatment', 'CLIN_PATIENT', 'anchor', () => 'care-team', async () => 1],
        ['nurse.zhao', 'nursing', 'CLIN_NURSING', null, () => 'department', () => fx.count({ catalog: 'CLIN_NURSING', maxLevel: 4 })],
        ['nurse.zhao', 'treatment', 'CLIN_LAB_REPORT', 'anchor', () => 'care-team', () => fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [fx.anchor], maxLevel: 4 })],
        ['nurse.zhao', 'nursing', 'CLIN_LAB_REPORT', 'anchor', none, zero],
        ['dr.li', 'referral', 'CLIN_LAB_REPORT', null, () => `grant:${g1}`, () => fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [fx.stranger] })],
        ['dr.li', 'referral', 'CLIN_LAB_REPORT', 'anchor', none, zero],
        ['dr.li', 'referral', 'CLIN_IMAGING_REPORT', 'stranger', none, zero],
        ['dr.li', 'treatment', 'CLIN_LAB_REPORT', 'stranger', none, zero],
        ['dr.li', 'treatment', 'CLIN_LAB_REPORT', 'discharged', () => 'care-team', () => fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [discharged], maxLevel: 4 })],
        ['dr.li', 'treatment', 'CLIN_ENCOUNTER', 'level5', () => `emergency:${emergency}`, () => fx.count({ catalog: 'CLIN_ENCOUNTER', patients: [fx.level5Patient] })],
        ['dr.li', 'referral', 'FIN_BILLING', 'level5', () => `emergency:${emergency}`, () => fx.count({ catalog: 'FIN_BILLING', patients: [fx.level5Patient] })],
        ['dr.li', 'treatment', 'CLIN_INFECTIOUS_RESULT', null, () => `emergency:${emergency}`, () => fx.count({ catalog: 'CLIN_INFECTIOUS_RESULT', patients: [fx.level5Patient] })],
        ['dr.li', 'treatment', 'MGMT_PERSONNEL', null, none, zero],
        ['img.zhou', 'referral', 'CLIN_PATIENT', null, () => `grant:${g3}`, async () => 1],
        ['img.zhou', 'treatment', 'CLIN_PATIENT', null, none, zero],
      ];

      it.each(CASES)('%s (%s) searches %s for patient %s', async (user, purpose, catalog, which, basis, total) => {
        const patient = patientOf(which);
        const url = `/api/v1/records?catalog=${catalog}${patient ? `&patient=${patient}` : ''}&limit=200`;
        const response = await fx.get(user, url, purpose);
        const expectedTotal = await total();
        expect(outcome(response)).toEqual({ status: 200, basis: basis(), total: expectedTotal });
        const items = response.json().items as { basis: string; catalogCode: string; patientId: string | null }[];
        expect(items).toHaveLength(Math.min(expectedTotal, 200));
        for (const item of items) {
          expect(item.basis).toBe(basis());
          expect(item.catalogCode).toBe(catalog);
          if (patient && !item.basis.startsWith('grant:')) expect(item.patientId).toBe(patient);
        }
      });

      it('the system administrator is refused every search, whatever the resource and purpose', async () => {
        for (const [catalog, purpose] of [['CLIN_PATIENT', 'management'], ['CLIN_LAB_REPORT', 'treatment'], ['MGMT_PERSONNEL', 'management'], ['FIN_BILLING', 'billing']] as const) {
          const response = await fx.get('sysadmin', `/api/v1/records?catalog=${catalog}&limit=200`, purpose);
          expect({ catalog, status: response.statusCode, code: response.json().code, basis: response.headers['x-access-basis'] }).toEqual({ catalog, status: 403, code: 'PATIENT_DATA_FORBIDDEN', basis: undefined });
        }
      });

      it('a caller with two rules gets each row under the first that allows it', async () => {
        const team = await fx.careTeam('dr.li');
        expect(team.has(fx.level5Patient)).toBe(false);
        const response = await fx.get('dr.li', '/api/v1/records?catalog=CLIN_PATIENT&limit=200', 'treatment');
        expect(response.json().total).toBe(team.size + 1);
        expect(String(response.headers['x-access-basis']).split(', ').sort()).toEqual(['care-team', `emergency:${emergency}`].sort());
        for (const item of response.json().items as { basis: string; patientId: string }[]) expect(item.basis).toBe(item.patientId === fx.level5Patient ? `emergency:${emergency}` : 'care-team');
      });
    });

    describe('searches and single reads agree', () => {
      it.each<[string, string, string]>([
        ['dr.wang', 'treatment', 'CLIN_LAB_REPORT'],
        ['lab.sun', 'treatment', 'CLIN_LAB_REPORT'],
        ['dr.li', 'treatment', 'CLIN_PATIENT'],
        ['dr.li', 'treatment', 'CLIN_PROCEDURE'],
        ['dr.li', 'referral', 'CLIN_LAB_REPORT'],
        ['lab.sun', 'public-health', 'CLIN_INFECTIOUS_RESULT'],
        ['fin.zheng', 'billing', 'FIN_BILLING'],
      ])('every row %s (%s) finds in %s reads back singly under the same basis and shape', async (user, purpose, catalog) => {
        const items = (await fx.get(user, `/api/v1/records?catalog=${catalog}&limit=25`, purpose)).json().items as { basis: string; resource: { resourceType: string; id: string } }[];
        expect(items.length).toBeGreaterThan(0);
        for (const item of items) {
          const one = await fx.get(user, `/api/v1/records/${item.resource.resourceType}/${item.resource.id}`, purpose);
          expect({ status: one.statusCode, basis: one.json().basis }).toEqual({ status: 200, basis: item.basis });
          expect(one.json().resource).toEqual(item.resource);
        }
      });
    });

    describe('patient endpoints: /patients, /patients/{id}, /patients/{id}/records, /patients/{id}/recent-results', () => {
      const since = () => isoPlus(T0, -30 * 24);
      const recentCount = async (patient: string, catalogs: string[]) => {
        let n = 0;
        for (const catalog of catalogs) n += await fx.count({ catalog, patients: [patient], since: since(), maxLevel: 4 });
        return n;
      };
      const view = async (user: string, patient: string, purpose: string) => {
        const response = await fx.get(user, `/api/v1/patients/${patient}?limit=200`, purpose);
        if (response.statusCode !== 200) {
          refused.push({ user, objectId: `Patient/${patient}`, objectType: 'patient' });
          return { status: response.statusCode };
        }
        const body = response.json() as { patient: { basis: string; patientId: string | null; resource: { id: string } } | null; timeline: { total: number; items: { catalogCode: string; basis: string }[] }; bases: string[] };
        return { status: 200, header: response.headers['x-access-basis'], patient: body.patient, total: body.timeline.total, catalogs: [...new Set(body.timeline.items.map((i) => i.catalogCode))].sort(), bases: [...body.bases].sort() };
      };
      const find = async (user: string, patient: string, purpose: string) => outcome(await fx.get(user, `/api/v1/patients?q=${encodeURIComponent(await fx.mrnOf(patient))}`, purpose));
      const records = async (user: string, patient: string, catalog: string, purpose: string) => outcome(await fx.get(user, `/api/v1/patients/${patient}/records?resource=${catalog}&limit=200`, purpose));
      const recent = async (user: string, patient: string, purpose: string) => {
        const response = await fx.get(user, `/api/v1/patients/${patient}/recent-results`, purpose);
        expect(response.statusCode).toBe(200);
        const body = response.json() as { hasRecent: boolean; total: number; items: { catalogCode: string; basis: string }[] };
        return { hasRecent: body.hasRecent, total: body.total, basis: response.headers['x-access-basis'] };
      };

      it('care team (dr.wang, treatment): the anchor’s clinical records but not money; nothing of a stranger', async () => {
        const clinical = ['CLIN_ENCOUNTER', 'CLIN_DIAGNOSIS', 'CLIN_NOTE', 'CLIN_NURSING', 'CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT', 'CLIN_PRESCRIPTION', 'CLIN_PROCEDURE', 'CLIN_ALLERGY'];
        let total = 0;
        for (const catalog of clinical) total += await fx.count({ catalog, patients: [fx.anchor], maxLevel: 4 });
        const seen = await view('dr.wang', fx.anchor, 'treatment');
        expect(seen).toMatchObject({ status: 200, header: 'care-team', bases: ['care-team'], total, patient: { basis: 'care-team', patientId: fx.anchor } });
        expect(seen.catalogs!.some((code) => code.startsWith('FIN_'))).toBe(false);
        expect(await find('dr.wang', fx.anchor, 'treatment')).toEqual({ status: 200, basis: 'care-team', total: 1 });
        expect(await records('dr.wang', fx.anchor, 'CLIN_LAB_REPORT', 'treatment')).toEqual({ status: 200, basis: 'care-team', total: await fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [fx.anchor] }) });
        expect(await records('dr.wang', fx.anchor, 'FIN_BILLING', 'treatment')).toEqual({ status: 200, basis: 'none', total: 0 });
        const labAndImaging = await recentCount(fx.anchor, ['CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT']);
        expect(labAndImaging).toBeGreaterThan(0);
        expect(await recent('dr.wang', fx.anchor, 'treatment')).toEqual({ hasRecent: true, total: labAndImaging, basis: 'care-team' });

        expect(await view('dr.wang', fx.stranger, 'treatment')).toEqual({ status: 404 });
        expect(await find('dr.wang', fx.stranger, 'treatment')).toEqual({ status: 200, basis: 'none', total: 0 });
        expect(await records('dr.wang', fx.stranger, 'CLIN_LAB_REPORT', 'treatment')).toEqual({ status: 200, basis: 'none', total: 0 });
        expect(await recent('dr.wang', fx.stranger, 'treatment')).toEqual({ hasRecent: false, total: 0, basis: 'none' });
        expect(outcome(await fx.get('dr.wang', '/api/v1/patients?limit=200', 'treatment'))).toEqual({ status: 200, basis: 'care-team', total: 1 });
      });

      it('care team needs purpose treatment: the same calls for research see nothing', async () => {
        expect(await view('dr.wang', fx.anchor, 'research')).toEqual({ status: 404 });
        expect(await find('dr.wang', fx.anchor, 'research')).toEqual({ status: 200, basis: 'none', total: 0 });
        expect(await records('dr.wang', fx.anchor, 'CLIN_LAB_REPORT', 'research')).toEqual({ status: 200, basis: 'none', total: 0 });
        expect(await recent('dr.wang', fx.anchor, 'research')).toEqual({ hasRecent: false, total: 0, basis: 'none' });
      });

      it('department (lab.sun): the anchor’s lab results only, without the patient record', async () => {
        const labs = await fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [fx.anchor], maxLevel: 4 });
        expect(await view('lab.sun', fx.anchor, 'treatment')).toMatchObject({ status: 200, header: 'department', patient: null, total: labs, catalogs: ['CLIN_LAB_REPORT'] });
        expect(await find('lab.sun', fx.anchor, 'treatment')).toEqual({ status: 200, basis: 'none', total: 0 });
        expect(await records('lab.sun', fx.anchor, 'CLIN_LAB_REPORT', 'treatment')).toEqual({ status: 200, basis: 'department', total: labs });
        expect(await records('lab.sun', fx.anchor, 'CLIN_IMAGING_REPORT', 'treatment')).toEqual({ status: 200, basis: 'none', total: 0 });
        expect(await recent('lab.sun', fx.anchor, 'treatment')).toEqual({ hasRecent: true, total: await recentCount(fx.anchor, ['CLIN_LAB_REPORT']), basis: 'department' });
        // The same for a patient on nobody's team: ownership does not depend on the patient.
        expect(await view('lab.sun', fx.stranger, 'treatment')).toMatchObject({ status: 200, header: 'department', patient: null, catalogs: ['CLIN_LAB_REPORT'] });
      });

      it('department (fin.zheng, head.medical, nurse.zhao): each sees its own resources in the integrated view', async () => {
        expect(await view('fin.zheng', fx.anchor, 'billing')).toMatchObject({ status: 200, header: 'department', patient: null, catalogs: ['FIN_BILLING', 'FIN_REIMBURSEMENT'] });
        expect(await recent('fin.zheng', fx.anchor, 'billing')).toEqual({ hasRecent: false, total: 0, basis: 'none' });
        const medicalAffairs = ['CLIN_ENCOUNTER', 'CLIN_DIAGNOSIS', 'CLIN_NOTE', 'CLIN_ALLERGY'];
        let owned = 0;
        for (const catalog of medicalAffairs) owned += await fx.count({ catalog, patients: [fx.stranger], maxLevel: 4 });
        const affairs = await view('head.medical', fx.stranger, 'management');
        expect(affairs).toMatchObject({ status: 200, header: 'department', patient: { basis: 'department', patientId: fx.stranger }, total: owned });
        expect(affairs.catalogs!.every((code) => medicalAffairs.includes(code))).toBe(true);
        expect(await find('head.medical', fx.stranger, 'management')).toEqual({ status: 200, basis: 'department', total: 1 });
        expect(await find('staff.medical', fx.anchor, 'treatment')).toEqual({ status: 200, basis: 'department', total: 1 });
        expect(await view('nurse.zhao', fx.anchor, 'nursing')).toMatchObject({ status: 200, header: 'department', patient: null, catalogs: ['CLIN_NURSING'] });
      });

      it('grant (dr.li, referral): the granted patient’s lab results, not the patient record; nothing for another purpose', async () => {
        const labs = await fx.count({ catalog: 'CLIN_LAB_REPORT', patients: [fx.stranger] });
        expect(await view('dr.li', fx.stranger, 'referral')).toMatchObject({ status: 200, header: `grant:${g1}`, patient: null, total: labs, catalogs: ['CLIN_LAB_REPORT'] });
        expect(await records('dr.li', fx.stranger, 'CLIN_LAB_REPORT', 'referral')).toEqual({ status: 200, basis: `grant:${g1}`, total: labs });
        expect(await find('dr.li', fx.stranger, 'referral')).toEqual({ status: 200, basis: 'none', total: 0 });
        const recentLabs = await recentCount(fx.stranger, ['CLIN_LAB_REPORT']);
        expect(await recent('dr.li', fx.stranger, 'referral')).toEqual({ hasRecent: recentLabs > 0, total: recentLabs, basis: recentLabs > 0 ? `grant:${g1}` : 'none' });
        expect(await view('dr.li', fx.stranger, 'treatment')).toEqual({ status: 404 });
        expect(await view('dr.li', fx.anchor, 'referral')).toEqual({ status: 404 });
      });

      it('grant (img.zhou, pseudonymised patient record): listed under a pseudonym, never found by MRN or id', async () => {
        const listed = await fx.get('img.zhou', '/api/v1/records?catalog=CLIN_PATIENT', 'referral');
        expect(outcome(listed)).toEqual({ status: 200, basis: `grant:${g3}`, total: 1 });
        const [item] = listed.json().items;
        expect(item.patientId).toBeNull();
        expect(item.resource.id).not.toBe(fx.anchor);
        expect(JSON.stringify(item)).not.toContain(fx.anchor);
        expect(await find('img.zhou', fx.anchor, 'referral')).toEqual({ status: 200, basis: 'none', total: 0 });
        expect(await records('img.zhou', fx.anchor, 'CLIN_PATIENT', 'referral')).toEqual({ status: 200, basis: 'none', total: 0 });
        // The integrated view shows img.zhou's own department's imaging of the anchor, but not the pseudonymised patient record.
        const seen = await view('img.zhou', fx.anchor, 'referral');
        expect(seen).toMatchObject({ status: 200, bases: ['department'], patient: null, total: await fx.count({ catalog: 'CLIN_IMAGING_REPORT', patients: [fx.anchor] }), catalogs: ['CLIN_IMAGING_REPORT'] });
        expect(await find('img.zhou', fx.anchor, 'treatment')).toEqual({ status: 200, basis: 'none', total: 0 });
      });

      it('emergency (dr.li): everything of the window’s patient, level 5 and money included', async () => {
        const seen = await view('dr.li', fx.level5Patient, 'treatment');
        const everything = await fx.platform.database.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('patient_id', '=', fx.level5Patient).where('catalog_code', '!=', 'CLIN_PATIENT').executeTakeFirstOrThrow();
        expect(seen).toMatchObject({ status: 200, patient: { basis: `emergency:${emergency}`, patientId: fx.level5Patient }, total: Number(everything.n) });
        expect(seen.bases).toContain(`emergency:${emergency}`);
        expect(seen.catalogs).toEqual(expect.arrayContaining(['CLIN_INFECTIOUS_RESULT', 'FIN_BILLING']));
        // dr.li's own department's procedures on this patient come first, by the department rule; everything else by the window.
        const page = (await fx.get('dr.li', `/api/v1/patients/${fx.level5Patient}?limit=200`)).json().timeline.items as { basis: string; catalogCode: string }[];
        for (const item of page) expect(item.basis === 'department' ? item.catalogCode === 'CLIN_PROCEDURE' : item.basis === `emergency:${emergency}`).toBe(true);
        expect(await find('dr.li', fx.level5Patient, 'treatment')).toEqual({ status: 200, basis: `emergency:${emergency}`, total: 1 });
        expect(await records('dr.li', fx.level5Patient, 'CLIN_INFECTIOUS_RESULT', 'treatment')).toEqual({ status: 200, basis: `emergency:${emergency}`, total: await fx.count({ catalog: 'CLIN_INFECTIOUS_RESULT', patients: [fx.level5Patient] }) });
        const recentAll = await recentCount(fx.level5Patient, ['CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT']);
        expect(await recent('dr.li', fx.level5Patient, 'treatment')).toMatchObject({ hasRecent: recentAll > 0, total: recentAll });
      });

      // Readers without a rule are told "nothing found"; the auditor and the privacy officer open the
      // patient page for consents and referrals, so they keep that answer (src/org/roles.ts).
      it.each(['infoadmin', 'auditor', 'privacy'])('no rule (%s): every patient endpoint denies', async (user) => {
        for (const patient of [fx.anchor, fx.stranger, fx.level5Patient]) {
          expect(await view(user, patient, 'management')).toEqual({ status: 404 });
          expect(await find(user, patient, 'management')).toEqual({ status: 200, basis: 'none', total: 0 });
          expect(await records(user, patient, 'CLIN_PATIENT', 'management')).toEqual({ status: 200, basis: 'none', total: 0 });
          expect(await recent(user, patient, 'treatment')).toEqual({ hasRecent: false, total: 0, basis: 'none' });
        }
        expect(outcome(await fx.get(user, '/api/v1/patients', 'management'))).toEqual({ status: 200, basis: 'none', total: 0 });
      });

      it('no path at all (sysadmin): every patient endpoint refuses with 403 PATIENT_DATA_FORBIDDEN', async () => {
        const refusedAs = async (url: string, purpose: string) => {
          const response = await fx.get('sysadmin', url, purpose);
          return { url, status: response.statusCode, code: response.json().code, basis: response.headers['x-access-basis'] };
        };
        for (const patient of [fx.anchor, fx.stranger, fx.level5Patient]) {
          for (const [url, purpose] of [
            [`/api/v1/patients/${patient}?limit=200`, 'management'],
            [`/api/v1/patients?q=${encodeURIComponent(await fx.mrnOf(patient))}`, 'management'],
            [`/api/v1/patients/${patient}/records?resource=CLIN_PATIENT&limit=200`, 'management'],
            [`/api/v1/patients/${patient}/recent-results`, 'treatment'],
          ] as const) {
            expect(await refusedAs(url, purpose)).toEqual({ url, status: 403, code: 'PATIENT_DATA_FORBIDDEN', basis: undefined });
          }
        }
        expect(await refusedAs('/api/v1/patients', 'management')).toEqual({ url: '/api/v1/patients', status: 403, code: 'PATIENT_DATA_FORBIDDEN', basis: undefined });
      });
    });

    describe('grant, emergency and policy endpoints by role', () => {
      const grantBody = () => ({
        grantee: { kind: 'user', id: 'x' },
        catalogCode: 'CLIN_LAB_REPORT',
        fields: ['testCode'],
        patientScope: { kind: 'patients', patientIds: [fx.stranger] },
        purpose: 'referral',
        channel: 'api',
        validTo: isoPlus(T0, 24),
        maskingProfile: 'identified',
        reason: 'matrix case',
      });

      // Readers of all grants see every grant; the grantee and the head of the owning department (检验科
      // owns lab reports) see this one; everybody else sees only grants addressed to them or their department.
      it.each<[string, number, string[]]>([
        ['infoadmin', 200, ['g1', 'g2', 'g3']],
        ['auditor', 200, ['g1', 'g2', 'g3']],
        ['privacy', 200, ['g1', 'g2', 'g3']],
        ['dr.li', 200, ['g1']],
        ['head.lab', 200, ['g1', 'g2']],
        ['lab.sun', 404, ['g2']],
        ['img.zhou', 404, ['g3']],
        ['sysadmin', 404, []],
        // 医务部 owns the patient register, so its head sees the patient-record grant.
        ['head.medical', 404, ['g3']],
        ['dr.wang', 404, []],
      ])('GET /grants as %s → g1 %i, listing %j', async (user, status, visible) => {
        const names = new Map([[g1, 'g1'], [g2, 'g2'], [g3, 'g3']]);
        const listed = await fx.get(user, '/api/v1/grants?limit=200', null);
        expect(listed.statusCode).toBe(200);
        expect((listed.json().items as { id: string }[]).map((g) => names.get(g.id)).filter(Boolean).sort()).toEqual(visible);
        expect((await fx.get(user, `/api/v1/grants/${g1}`, null)).statusCode).toBe(status);
      });

      it.each(['auditor', 'privacy', 'sysadmin', 'head.medical', 'dr.wang', 'dr.li'])('POST /grants and grant changes as %s → 403', async (user) => {
        const body = { ...grantBody(), grantee: { kind: 'user', id: await fx.userId(user) } };
        expect((await fx.post(user, '/api/v1/grants', body)).statusCode).toBe(403);
        expect((await fx.post(user, `/api/v1/grants/${g1}/revoke`, { reason: 'not mine to revoke' })).statusCode).toBe(403);
        expect((await fx.post(user, `/api/v1/grants/${g1}/suspend`, { reason: 'not mine to suspend' })).statusCode).toBe(403);
        expect((await fx.get('infoadmin', `/api/v1/grants/${g1}`, null)).json().status).toBe('active');
      });

      it('refuses grants of not-shareable resources and self-grants, even to the information administrator', async () => {
        const psych = await fx.post('infoadmin', '/api/v1/grants', { ...grantBody(), grantee: { kind: 'user', id: await fx.userId('dr.wang') }, catalogCode: 'CLIN_PSYCH_NOTE', fields: ['patient'] });
        expect(psych.statusCode).toBe(422);
        expect(psych.json().code).toBe('GRANT_INVALID');
        const self = await fx.post('infoadmin', '/api/v1/grants', { ...grantBody(), grantee: { kind: 'user', id: await fx.userId('infoadmin') } });
        expect(self.statusCode).toBe(422);
      });

      it.each(['infoadmin', 'auditor', 'privacy', 'sysadmin'])('POST /emergency-access as %s → 403', async (user) => {
        expect((await fx.post(user, '/api/v1/emergency-access', { patientId: fx.anchor, reason: EMERGENCY_REASON })).statusCode).toBe(403);
      });

      it('emergency windows are visible to their owner and the reviewer only; only the reviewer reviews', async () => {
        expect((await fx.get('dr.li', `/api/v1/emergency-access/${emergency}`, null)).statusCode).toBe(200);
        expect((await fx.get('infoadmin', `/api/v1/emergency-access/${emergency}`, null)).statusCode).toBe(200);
        expect((await fx.get('dr.wang', `/api/v1/emergency-access/${emergency}`, null)).statusCode).toBe(404);
        expect((await fx.get('auditor', `/api/v1/emergency-access/${emergency}`, null)).statusCode).toBe(404);
        const wangAll = (await fx.get('dr.wang', '/api/v1/emergency-access?scope=all', null)).json().items as { id: string }[];
        expect(wangAll.map((e) => e.id)).not.toContain(emergency);
        const adminAll = (await fx.get('infoadmin', '/api/v1/emergency-access?scope=all&review=pending', null)).json().items as { id: string }[];
        expect(adminAll.map((e) => e.id)).toContain(emergency);
        expect((await fx.post('dr.wang', `/api/v1/emergency-access/${emergency}/close`, {})).statusCode).toBe(404);
        for (const user of ['dr.li', 'dr.wang', 'auditor', 'privacy', 'head.medical']) {
          expect({ user, status: (await fx.post(user, `/api/v1/emergency-access/${emergency}/review`, { justified: true, note: 'looks fine' })).statusCode }).toEqual({ user, status: 403 });
        }
        // The window stays open and pending after all of that.
        expect((await fx.get('dr.li', `/api/v1/emergency-access/${emergency}`, null)).json()).toMatchObject({ state: 'active', reviewStatus: 'pending' });
      });

      it('the information administrator reviews a window once; the verdict does not end it early', async () => {
        const reviewed = await fx.post('infoadmin', `/api/v1/emergency-access/${emergency}/review`, { justified: false, note: 'no emergency on record' });
        expect(reviewed.statusCode).toBe(200);
        expect(reviewed.json()).toMatchObject({ reviewStatus: 'unjustified', state: 'active' });
        expect((await fx.post('infoadmin', `/api/v1/emergency-access/${emergency}/review`, { justified: true, note: 'second thoughts' })).statusCode).toBe(409);
        expect((await fx.get('dr.li', `/api/v1/records/${fx.level5Record.type}/${fx.level5Record.id}`)).headers['x-access-basis']).toBe(`emergency:${emergency}`);
      });

      it.each<[string, number, number]>([
        ['infoadmin', 200, 200],
        ['dr.wang', 200, 403],
        ['auditor', 200, 403],
        ['privacy', 200, 403],
        ['sysadmin', 403, 403],
      ])('policy settings as %s: read %i, write %i', async (user, read, write) => {
        expect((await fx.get(user, '/api/v1/policy/settings/access.emergency', null)).statusCode).toBe(read);
        const response = await fx.platform.app.inject({ method: 'PUT', url: '/api/v1/policy/settings/access.recentResults', headers: { authorization: `Bearer ${(await fx.session(user)).token}` }, payload: { value: { days: 30, catalogCodes: ['CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT'] } } });
        expect(response.statusCode).toBe(write);
      });
    });

    describe('without a session or a purpose', () => {
      const urls = () => [
        `/api/v1/records?catalog=CLIN_LAB_REPORT`,
        `/api/v1/records/${anchorRecords.lab.type}/${anchorRecords.lab.id}`,
        `/api/v1/patients?q=x`,
        `/api/v1/patients/${fx.anchor}`,
        `/api/v1/patients/${fx.anchor}/records?resource=CLIN_LAB_REPORT`,
        `/api/v1/patients/${fx.anchor}/recent-results`,
      ];

      it('every data endpoint answers 401 without a session', async () => {
        for (const url of urls()) expect({ url, status: (await fx.platform.app.inject({ url, headers: { 'x-purpose-of-use': 'treatment' } })).statusCode }).toEqual({ url, status: 401 });
      });

      it('every data endpoint answers 400 without a purpose or with an unknown one, even where a rule would allow', async () => {
        for (const url of urls()) {
          expect({ url, code: (await fx.get('dr.wang', url, null)).json().code }).toEqual({ url, code: 'PURPOSE_REQUIRED' });
          expect({ url, code: (await fx.get('dr.wang', url, 'curiosity')).json().code }).toEqual({ url, code: 'PURPOSE_UNKNOWN' });
        }
      });
    });

    it('every refused single read and patient view left a denied audit entry naming the reader and the object', async () => {
      expect(refused.length).toBeGreaterThan(100);
      const byUser = new Map<string, typeof refused>();
      for (const entry of refused) byUser.set(entry.user, [...(byUser.get(entry.user) ?? []), entry]);
      for (const [user, expected] of byUser) {
        const denied = await fx.platform.audit.search({ actorId: await fx.userId(user), outcome: 'denied' }, 2000);
        const seen = new Set(denied.items.map((e) => `${e.objectType} ${e.objectId}`));
        const missing = expected.filter((r) => !seen.has(`${r.objectType} ${r.objectId}`));
        expect({ user, missing }).toEqual({ user, missing: [] });
        for (const entry of denied.items.filter((e) => e.objectType === 'record')) {
          expect(entry.purposeOfUse).not.toBeNull();
          expect(entry.accessBasis).toBeNull();
          expect(entry.details).toMatchObject({ refused: 'no-rule', status: 404 });
        }
      }
    });
  });
}
