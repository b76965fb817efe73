import { generateRecipientKeyPair } from '../../src/sharing/package/index.js';
import { canonicalEntry, checkpointText } from '../../src/audit/index.js';
import { leafHash, nodeCryptoHash, verifyInclusion } from '../../src/audit/merkle/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { labPatientsOutsideCareTeam } from '../support/sharing.js';
import { openAlertFixture, ruleAndSubject, T0, type AlertFixture } from './alert-fixture.js';

const LAB_FIELDS = ['patient', 'testCode', 'resultQuantity', 'collectedAt'];

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`anomaly alerts raised from real traffic (${dialect})`, () => {
    let f: AlertFixture;
    let careTeam: string[];
    let stranger: string;
    let labRecord: { patient: string; type: string; id: string };
    let exportPatients: string[];
    let exportRecords: number;
    let bulkCursor: string;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      f = await openAlertFixture(dialect, 40);
      const db = f.platform.database.db;
      // dr.wang's patients: encounters with him on the care team, open or ended recently enough that
      // the treating relationship still holds on the night of the test.
      careTeam = (
        await db
          .selectFrom('care_team_members as c')
          .innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id')
          .select('c.patient_id')
          .distinct()
          .where('s.staff_key', '=', 'dr.wang')
          .where((eb) => eb.or([eb('c.period_end', 'is', null), eb('c.period_end', '>=', new Date(T0.getTime() - 48 * 3_600_000).toISOString())]))
          .where('c.period_start', '<=', T0.toISOString())
          .orderBy('c.patient_id')
          .execute()
      ).map((row) => row.patient_id);
      expect(careTeam.length).toBeGreaterThanOrEqual(1);
      exportPatients = await labPatientsOutsideCareTeam(db, 'dr.wang', 3);
      stranger = (await db.selectFrom('records').select('id').where('resource_type', '=', 'Patient').where('id', 'not in', [...careTeam, ...exportPatients]).orderBy('id').executeTakeFirstOrThrow()).id;
      const lab = await db.selectFrom('records').select(['patient_id', 'resource_type', 'id']).where('catalog_code', '=', 'CLIN_LAB_REPORT').where('patient_id', 'in', exportPatients).orderBy('id').executeTakeFirstOrThrow();
      labRecord = { patient: lab.patient_id!, type: lab.resource_type, id: lab.id };
      exportRecords = Number((await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('catalog_code', '=', 'CLIN_LAB_REPORT').where('patient_id', 'in', exportPatients).executeTakeFirstOrThrow()).n);
      for (const name of ['dr.wang', 'dr.li', 'nurse.zhao', 'fin.zheng', 'pharm.wu', 'img.zhou', 'head.medical']) ids[name] = await f.userId(name);

      // Thresholds small enough for a test hospital: 10 patients an hour; an export day above one package.
      const settings = (await f.call('infoadmin', 'GET', '/policy/settings/supervision.alertRules')).json().value;
      const changed = await f.call('infoadmin', 'PUT', '/policy/settings/supervision.alertRules', { value: { ...settings, bulkAccess: { ...settings.bulkAccess, maxPatients: 10 }, exportSpike: { ...settings.exportSpike, floor: exportRecords } }, note: '测试阈值' });
      expect(changed.statusCode, changed.body).toBe(200);
    }, 120_000);
    afterAll(async () => f?.close());

    it('raises nothing for ordinary work', async () => {
      // The first scan places the cursor a week back, which here is the beginning of the log.
      expect(await f.scan()).toMatchObject({ raised: 0 });
      const anchor = careTeam[0]!;
      expect((await f.read('dr.wang', `/patients/${anchor}`)).statusCode).toBe(200);
      expect((await f.read('dr.wang', `/records?catalog=CLIN_LAB_REPORT&patient=${anchor}`)).statusCode).toBe(200);
      expect((await f.read('nurse.zhao', `/patients/${anchor}`)).statusCode).toBe(200);
      const page = await f.read('head.medical', '/records?catalog=CLIN_PATIENT&limit=5', 'management');
      expect(page.json().items).toHaveLength(5);
      bulkCursor = page.json().nextCursor;
      expect((await f.read('lab.sun', '/records?catalog=CLIN_LAB_REPORT&limit=5', 'quality-control')).statusCode).toBe(200);
      // One refused read and one mistyped password are part of any day.
      expect((await f.read('dr.wang', `/records/${labRecord.type}/${labRecord.id}`)).statusCode).toBe(404);
      await f.failSignIn('dr.li');
      expect((await f.call('auditor', 'GET', '/audit/events?limit=5')).statusCode).toBe(200);

      const scanned = await f.scan();
      expect(scanned.raised).toBe(0);
      expect(scanned.scannedTo).toBeGreaterThan(0);
      expect(await f.newAlerts()).toEqual([]);
    });

    it('raises bulk access when a user reaches more than the limit of patients within the hour, counting what earlier scans saw', async () => {
      f.advanceMinutes(5);
      // Six more patients: alone below the limit, with the five read earlier this hour above it.
      const next = await f.read('head.medical', `/records?catalog=CLIN_PATIENT&limit=6&cursor=${bulkCursor}`, 'management');
      expect(next.json().items).toHaveLength(6);
      expect((await f.scan()).raised).toBe(1);
      const [alert, ...more] = await f.newAlerts();
      expect(more).toEqual([]);
      expect(alert).toMatchObject({ rule: 'bulk-access', severity: 'high', status: 'open', subject: { userId: ids['head.medical'], username: 'head.medical' }, facts: { patients: 11, threshold: 10, windowMinutes: 60, entries: 2 } });
    });

    it("raises access to a colleague's records once the patient is linked to the colleague's account", async () => {
      f.advanceMinutes(5);
      const anchor = careTeam[0]!;
      const linked = await f.call('infoadmin', 'PUT', `/staff-patient-links/${anchor}`, { userId: ids['nurse.zhao'] });
      expect(linked.statusCode, linked.body).toBe(200);
      expect((await f.read('dr.wang', `/patients/${anchor}`)).statusCode).toBe(200);
      await f.scan();
      const alerts = await f.newAlerts();
      expect(ruleAndSubject(alerts)).toEqual(['staff-patient dr.wang']);
      // A care-team read: still raised, at the lowest severity.
      expect(alerts[0]).toMatchObject({ severity: 'low', facts: { colleagueUserId: ids['nurse.zhao'], bases: ['care-team'] } });
      // Once unlinked, the patient is an ordinary patient again.
      expect((await f.call('infoadmin', 'DELETE', `/staff-patient-links/${anchor}`)).statusCode).toBe(200);
    });

    it('raises repeated denials for failed sign-ins under one name', async () => {
      f.advanceMinutes(5);
      for (let i = 0; i < 5; i += 1) await f.failSignIn('pharm.wu');
      await f.scan();
      const alerts = await f.newAlerts();
      expect(ruleAndSubject(alerts)).toEqual(['repeated-denials pharm.wu']);
      expect(alerts[0]!.subject.userId).toBe(ids['pharm.wu']);
      expect(alerts[0]!.facts.denials).toBe(5);
    });

    it('raises the use of a revoked grant, which access now records on the refused read', async () => {
      f.advanceMinutes(5);
      const created = await f.call('infoadmin', 'POST', '/grants', {
        grantee: { kind: 'user', id: ids['fin.zheng'] },
        catalogCode: 'CLIN_LAB_REPORT',
        fields: LAB_FIELDS,
        patientScope: { kind: 'patients', patientIds: [labRecord.patient] },
        purpose: 'quality-control',
        channel: 'api',
        validTo: new Date(T0.getTime() + 30 * 86_400_000).toISOString(),
        maskingProfile: 'identified',
        reason: '财务质控抽查检验收费',
      });
      expect(created.statusCode, created.body).toBe(201);
      const grantId = created.json().id as string;
      const url = `/records/${labRecord.type}/${labRecord.id}`;
      expect((await f.read('fin.zheng', url, 'quality-control')).headers['x-access-basis']).toBe(`grant:${grantId}`);
      expect((await f.call('infoadmin', 'POST', `/grants/${grantId}/revoke`, { reason: '抽查已结束' })).statusCode).toBe(200);
      expect((await f.read('fin.zheng', url, 'quality-control')).statusCode).toBe(404);
      const refused = (await f.call('auditor', 'GET', `/audit/events?actor=${ids['fin.zheng']}&outcome=denied`)).json().items[0];
      // No grant served the read, so the entry names none; the details say which lapsed one was relied on.
      expect(refused).toMatchObject({ action: 'read', grantId: null, details: { refused: 'no-rule', lapsedGrant: { id: grantId, status: 'revoked' } } });

      await f.scan();
      const alerts = await f.newAlerts();
      expect(ruleAndSubject(alerts)).toEqual(['lapsed-grant fin.zheng']);
      expect(alerts[0]).toMatchObject({ severity: 'high', facts: { grantId, grantStatus: 'revoked', attempts: 1 }, evidence: [refused.seq] });
    });

    it('raises an export spike when a day exceeds the floor, not at the floor', async () => {
      f.advanceMinutes(5);
      const created = await f.call('infoadmin', 'POST', '/grants', {
        grantee: { kind: 'user', id: ids['dr.wang'] },
        catalogCode: 'CLIN_LAB_REPORT',
        fields: LAB_FIELDS,
        patientScope: { kind: 'patients', patientIds: exportPatients },
        purpose: 'quality-control',
        channel: 'export',
        validTo: new Date(T0.getTime() + 30 * 86_400_000).toISOString(),
        maskingProfile: 'identified',
        reason: '质控数据导出给内科分析',
      });
      expect(created.statusCode, created.body).toBe(201);
      const build = async () => {
        const built = await f.call('dr.wang', 'POST', `/grants/${created.json().id}/packages`, { recipientPublicKey: generateRecipientKeyPair(f.platform.keyring.profile.name).publicKeyPem, format: 'ndjson' });
        expect(built.statusCode, built.body).toBe(201);
        expect(built.json().recordCount).toBe(exportRecords);
      };
      await build();
      await f.scan();
      expect(await f.newAlerts()).toEqual([]);
      await build();
      await f.scan();
      const alerts = await f.newAlerts();
      expect(ruleAndSubject(alerts)).toEqual(['export-spike dr.wang']);
      expect(alerts[0]).toMatchObject({ facts: { records: 2 * exportRecords, packages: 2, limit: exportRecords }, evidence: expect.any(Array) });
      expect(alerts[0]!.evidence).toHaveLength(2);
    });

    let emergencyId: string;
    it('raises nothing for an emergency window until its review is overdue', async () => {
      f.advanceMinutes(5);
      const opened = await f.call('dr.li', 'POST', '/emergency-access', { patientId: stranger, reason: '急诊抢救，需查看既往病史与用药' });
      expect(opened.statusCode, opened.body).toBe(201);
      emergencyId = opened.json().id;
      expect((await f.read('dr.li', `/patients/${stranger}`)).statusCode).toBe(200);
      await f.scan();
      expect(await f.newAlerts()).toEqual([]);
    });

    it('raises off-hours access to level-4 data at night, but not the care team on night duty', async () => {
      // 23:00 in the hospital.
      f.moveTo('2026-11-26T15:00:00.000Z');
      expect((await f.read('head.medical', `/records/Patient/${stranger}`, 'management')).statusCode).toBe(200);
      expect((await f.read('dr.wang', `/patients/${careTeam[0]!}`)).statusCode).toBe(200);
      await f.scan();
      const alerts = await f.newAlerts();
      expect(ruleAndSubject(alerts)).toEqual(['off-hours head.medical']);
      expect(alerts[0]).toMatchObject({ severity: 'medium', facts: { reads: 1, maxLevel: 4, catalogs: ['CLIN_PATIENT'], window: '22:00–06:00' } });
    });

    it('raises an emergency window left unreviewed for 24 hours, with its opening entry as evidence', async () => {
      // The window was opened at 09:30 the day before.
      f.moveTo('2026-11-27T01:31:00.000Z');
      await f.scan();
      const alerts = await f.newAlerts();
      expect(ruleAndSubject(alerts)).toEqual(['emergency-unreviewed dr.li']);
      expect(alerts[0]!.facts.emergencyAccessId).toBe(emergencyId);
      const opening = (await f.call('auditor', 'GET', `/audit/events/${alerts[0]!.evidence[0]}`)).json().entry;
      expect(opening).toMatchObject({ action: 'emergency_access', objectId: emergencyId, patientId: stranger, outcome: 'success' });
      // Scanning again raises it no second time.
      await f.scan();
      expect(await f.newAlerts()).toEqual([]);
    });

    it('shows each evidence entry with an inclusion proof that verifies against a signed checkpoint', async () => {
      const bulk = (await f.call('privacy', 'GET', '/alerts?rule=bulk-access')).json().items[0];
      const response = await f.call('auditor', 'GET', `/alerts/${bulk.id}`);
      expect(response.statusCode, response.body).toBe(200);
      const { alert, evidence } = response.json();
      expect(alert.id).toBe(bulk.id);
      expect(evidence.map((e: { seq: number }) => e.seq)).toEqual(alert.evidence);
      const hash = nodeCryptoHash('sha256');
      for (const { entry, proof } of evidence) {
        expect(entry).toMatchObject({ actor: { name: 'head.medical' }, action: 'search', details: { catalog: 'CLIN_PATIENT' } });
        expect(proof.leafHash).toBe(leafHash(hash, canonicalEntry(entry)).toString('hex'));
        const root = Buffer.from(proof.checkpoint.rootHash, 'hex');
        expect(verifyInclusion(hash, proof.leafIndex, proof.treeSize, Buffer.from(proof.leafHash, 'hex'), proof.hashes.map((h: string) => Buffer.from(h, 'hex')), root)).toBe(true);
        expect(await f.platform.audit.verifySignature(proof.checkpoint, checkpointText(proof.checkpoint))).toBe(true);
      }
      expect((await f.call('dr.wang', 'GET', '/alerts')).statusCode).toBe(403);
      expect((await f.call('dr.wang', 'GET', `/alerts/${bulk.id}`)).statusCode).toBe(403);
    });

    it('raises nothing again when a stretch is scanned twice, and one alert when two scans race', async () => {
      const db = f.platform.database.db;
      // Rewind the cursor to the beginning: every alert found again has its dedupe key already.
      await db.updateTable('alert_scan_cursors').set({ next_seq: 0 }).execute();
      expect((await f.scan()).raised).toBe(0);
      expect(await f.newAlerts()).toEqual([]);

      for (let i = 0; i < 5; i += 1) await f.failSignIn('img.zhou');
      const [a, b] = await Promise.all([f.scan(), f.scan()]);
      expect(a.raised + b.raised).toBe(1);
      expect(ruleAndSubject(await f.newAlerts())).toEqual(['repeated-denials img.zhou']);
    });

    it('raises a dormant account when it signs in after the dormancy period', async () => {
      f.advanceMinutes(100 * 24 * 60);
      expect((await f.call('dr.li', 'GET', '/me')).statusCode).toBe(200);
      await f.scan();
      // The administrator running the scan was away just as long.
      const alerts = await f.newAlerts();
      expect(ruleAndSubject(alerts)).toEqual(['dormant-account dr.li', 'dormant-account infoadmin']);
      // dr.li last acted when opening the emergency window, a day before the clock moved on.
      expect(alerts[0]).toMatchObject({ subject: { userId: ids['dr.li'] }, facts: { thresholdDays: 90, wokeWith: 'login', idleDays: 101 } });
    });
  });
}
