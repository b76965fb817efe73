import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, loadMasterKey } from '../../src/crypto/index.js';
import { openMigratedDatabase } from '../../src/db/index.js';
import { revealPayload } from '../../src/records/index.js';
import { createTestDatabase, DIALECTS, skipDialect, type TestDatabase } from '../support/databases.js';

const BIN = path.resolve('bin/yixiang.js');

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`yixiang import (${dialect})`, () => {
    let database: TestDatabase;
    let env: NodeJS.ProcessEnv;
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 120_000 });

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      env = { PATH: process.env.PATH, YIXIANG_DATA_DIR: database.dataDir, YIXIANG_DEMO_PATIENTS: '0', ...(database.databaseUrl && { DATABASE_URL: database.databaseUrl }) };
      expect(cli('demo', 'load').status).toBe(0);
    });
    afterAll(async () => database?.drop());

    /**
     * The command prepares and encrypts in a worker thread when it has a second core, and seals
     * again in the writing thread when a record turns out to exist; whichever thread sealed a
     * payload, it must open under the row's id and carry the row's version.
     */
    async function expectReadable(version: number) {
      const handle = await openMigratedDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
      try {
        const keyring = createKeyring({ db: handle.db, profile: 'standard', masterKey: loadMasterKey({ env: {}, dataDir: database.dataDir }) });
        const rows = await handle.db.selectFrom('records').selectAll().where('encrypted', '=', 1).where('resource_type', 'in', ['Observation', 'Encounter', 'Patient']).limit(100).execute();
        expect(rows.length).toBeGreaterThan(50);
        for (const row of rows) {
          expect(row.version_id).toBe(version);
          const resource = await revealPayload(keyring, row);
          expect(resource).toMatchObject({ resourceType: row.resource_type, id: row.id, meta: { versionId: String(version), lastUpdated: row.last_updated } });
        }
      } finally {
        await handle.close();
      }
    }

    it('imports a generated NDJSON file with a summary, and re-importing updates instead of duplicating', async () => {
      const file = path.join(database.dataDir, 'hospital.ndjson');
      // Forty patients make more than one chunk of a thousand lines, so the import runs as a pipeline.
      expect(cli('demo', 'generate', '--patients', '40', '--out', file).stdout).toMatch(/Wrote \d+ resources for 40 synthetic patients/);
      const first = cli('import', file);
      expect(first.stderr).toBe('');
      // Staff and equipment came with the demo organisation already, so those lines update.
      const [, created, updated] = /: (\d+) created, (\d+) updated, 0 refused/.exec(first.stdout)!.map(Number);
      expect(created).toBeGreaterThan(100);
      await expectReadable(1);
      const second = cli('import', file);
      expect(second.stdout).toContain(`0 created, ${created! + updated!} updated, 0 refused`);
      await expectReadable(2);
    });

    it('reports refused lines with their line numbers and exits non-zero', () => {
      const file = path.join(database.dataDir, 'bad.ndjson');
      writeFileSync(file, ['{"resourceType":"Spaceship"}', 'not json', JSON.stringify({ resourceType: 'Device', identifier: [{ system: 'urn:yixiang:asset', value: 'X1' }] })].join('\n'));
      const result = cli('import', file);
      expect(result.status).toBe(3);
      expect(result.stdout).toContain('1 created, 0 updated, 2 refused');
      expect(result.stdout).toContain('line 1: Spaceship is not a resource type the catalog knows');
      expect(result.stdout).toContain('line 2: not valid JSON');
    });

    it('imports personnel and equipment CSV exports, and refuses a file missing a column before writing anything', () => {
      const staff = path.join(database.dataDir, 'staff.csv');
      writeFileSync(staff, '工号,姓名,科室编码,职称\nS9001,测试医生,NK,主治医师\nS9002,"测试, 护士",HLB,护师\n');
      expect(cli('import', '--csv', 'personnel', staff).stdout).toContain('2 created, 0 updated, 0 refused');
      const devices = path.join(database.dataDir, 'devices.csv');
      writeFileSync(devices, '资产编号,设备名称,科室编码,型号\nA-001,CT 扫描仪,YXK,CT-64\n');
      expect(cli('import', '--csv', 'equipment', devices).stdout).toContain('1 created');
      const renamed = path.join(database.dataDir, 'renamed.csv');
      writeFileSync(renamed, '员工编号,姓名,科室编码\nS9003,某医生,WK\n');
      expect(cli('import', '--csv', 'personnel', renamed, '--map', 'staffId=员工编号').stdout).toContain('1 created');
      const broken = path.join(database.dataDir, 'broken.csv');
      writeFileSync(broken, '工号,姓名\nS9004,无科室\n');
      const refused = cli('import', '--csv', 'personnel', broken);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('missing column(s): 科室编码');
      expect(cli('import', '--csv', 'payroll', broken).stderr).toContain('--csv must be one of personnel, equipment');
    });
  });
}
