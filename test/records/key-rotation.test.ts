import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEnvelope } from '../../src/crypto/index.js';
import { rewrapRecords } from '../../src/records/index.js';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { patientBundle } from './fhir-bundles.js';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`data key rotation (${dialect})`, () => {
    let platform: TestApp;
    let admin: Session;
    let lab: Session;
    const ingest = (suffix: string) =>
      platform.app.inject({ method: 'POST', url: '/fhir/R4', headers: { ...bearer(admin), 'content-type': 'application/fhir+json' }, payload: JSON.stringify(patientBundle('transaction', suffix)) });
    const keyIds = async () => (await platform.database.db.selectFrom('records').select('payload').where('encrypted', '=', 1).execute()).map((r) => decodeEnvelope(r.payload).keyId);
    const labTotal = async () => (await platform.app.inject({ url: '/api/v1/records?catalog=CLIN_LAB_REPORT', headers: { ...bearer(lab), 'x-purpose-of-use': 'treatment' } })).json().total;

    beforeAll(async () => {
      platform = await createTestApp(dialect);
      admin = await signIn(platform.app, 'infoadmin');
      lab = await signIn(platform.app, 'lab.sun');
      expect((await ingest('1')).statusCode).toBe(200);
    });
    afterAll(async () => platform?.close());

    it('keeps old records readable after rotation, writes new ones under the new key, and rewraps resumably', async () => {
      const [oldKey] = new Set(await keyIds());
      const rotated = await platform.keyring.rotateDataKey('records');
      expect(rotated.id).not.toBe(oldKey);
      expect(await labTotal()).toBe(1);
      expect((await ingest('2')).statusCode).toBe(200);
      expect(new Set(await keyIds())).toEqual(new Set([oldKey, rotated.id]));
      expect(await labTotal()).toBe(2);

      const first = await rewrapRecords(platform.database.db, platform.keyring);
      expect(first.rewrapped).toBe(4);
      expect(new Set(await keyIds())).toEqual(new Set([rotated.id]));
      const again = await rewrapRecords(platform.database.db, platform.keyring);
      expect(again).toMatchObject({ rewrapped: 0, checked: 8 });
      expect(await labTotal()).toBe(2);
    });
  });
}
