import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHospitalData } from '../../src/demo/clinical/index.js';
import { DEMO_USERS } from '../../src/demo/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

const PATIENTS = 25;

/** Values that must never appear readable at rest: names, ID card numbers, phones, and text of level ≥ 3 records. */
function secretsOf(patients: number): string[] {
  const secrets = new Set<string>();
  for (const resource of generateHospitalData({ patients })) {
    const r = resource as Record<string, any>;
    if (r.resourceType !== 'Patient') continue;
    for (const name of r.name ?? []) if (name.text) secrets.add(name.text);
    for (const identifier of r.identifier ?? []) if (identifier.system === 'urn:yixiang:id:resident-id-card') secrets.add(identifier.value);
    for (const telecom of r.telecom ?? []) if (telecom.system === 'phone') secrets.add(telecom.value);
  }
  // Staff who are also patients share their name with the staff directory, which is not patient data.
  for (const user of DEMO_USERS) secrets.delete(user.displayName);
  return [...secrets];
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`the demo hospital's records at rest (${dialect})`, () => {
    let platform: TestApp;
    beforeAll(async () => {
      platform = await createTestApp(dialect, { config: { demoPatients: PATIENTS } });
    }, 120_000);
    afterAll(async () => platform?.close());

    it('loads every generated record with none refused, in every catalog class', async () => {
      const entry = (await platform.audit.search({ objectType: 'demo_hospital' }, 1)).items[0]!;
      const records = entry.details.records as { resources: number; created: number; refused: number; firstProblem: string | null };
      expect(records.firstProblem).toBeNull();
      expect(records.refused).toBe(0);
      expect(records.created).toBe(records.resources);
      const byCatalog = await platform.database.db.selectFrom('records').select(['catalog_code', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('catalog_code').execute();
      const codes = byCatalog.map((row) => row.catalog_code);
      for (const code of ['CLIN_PATIENT', 'CLIN_ENCOUNTER', 'CLIN_DIAGNOSIS', 'CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT', 'CLIN_PROCEDURE', 'CLIN_PRESCRIPTION', 'FIN_BILLING', 'FIN_REIMBURSEMENT', 'MGMT_PERSONNEL', 'MGMT_EQUIPMENT']) {
        expect(codes, code).toContain(code);
      }
    });

    it('shows no readable names, ID numbers or phone numbers anywhere in the stored data', async () => {
      const secrets = secretsOf(PATIENTS);
      expect(secrets.length).toBeGreaterThan(PATIENTS * 2);
      let stored: string;
      if (dialect === 'sqlite') {
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(platform.database.db);
        const file = path.join(platform.config.dataDir, 'yixiang.sqlite');
        stored = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('utf8')).join('\n');
      } else {
        const tables = ['records', 'patient_identifiers', 'audit_entries', 'catalog_resources', 'users'];
        const dumps = await Promise.all(tables.map((table) => sql<{ row: unknown }>`SELECT row_to_json(t) AS row FROM ${sql.table(table)} t`.execute(platform.database.db)));
        stored = JSON.stringify(dumps.map((d) => d.rows));
      }
      const leaked = secrets.filter((secret) => stored.includes(secret));
      expect(leaked).toEqual([]);
      const readable = await platform.database.db.selectFrom('records').select(['catalog_code', 'level']).where('encrypted', '=', 0).execute();
      expect(readable.every((row) => row.level < 3)).toBe(true);
    });
  });
}
