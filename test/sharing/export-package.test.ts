import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../../src/access/index.js';
import type { UserPrincipal } from '../../src/org/index.js';
import { buildPackage, openPackage, PACKAGE_SIGNING_PURPOSE, PackageError } from '../../src/sharing/package/index.js';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { labRequestForm } from '../support/sharing.js';

const BIN = path.resolve('bin/yixiang.js');
const yixiang = (args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`an export package from share request to recipient (${dialect})`, () => {
    let platform: TestApp;
    let sessions: Record<'wang' | 'headLab' | 'privacy' | 'admin', Session>;
    let wang: UserPrincipal;
    let patients: string[];
    let dir: string;

    const call = (session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      platform.app.inject({ method, url: `/api/v1${url}`, headers: bearer(session), ...(payload !== undefined ? { payload: payload as object } : {}) });

    /** Draft, submit and walk through every review step; the last approval creates the grant. */
    async function approvedGrant(form: Record<string, unknown>): Promise<Grant> {
      const id = (await call(sessions.wang, 'POST', '/share-requests', { title: '检验质控数据导出', form })).json().id as string;
      const submitted = (await call(sessions.wang, 'POST', `/share-requests/${id}/submit`)).json();
      expect(submitted.state).toBe('in_review');
      const reviewers = { dept_head: sessions.headLab, privacy_officer: sessions.privacy, info_admin: sessions.admin } as Record<string, Session>;
      let view = submitted;
      for (const step of submitted.steps as { role: string }[]) {
        const narrowing = step.role === 'dept_head' ? { decision: 'narrow', reason: '检验人员信息非必要', narrowing: { dropFields: { CLIN_LAB_REPORT: ['performer'] } } } : { decision: 'approve', reason: '同意' };
        view = (await call(reviewers[step.role]!, 'POST', `/share-requests/${id}/reviews`, narrowing)).json();
      }
      expect(view.state).toBe('granted');
      return platform.grants.get(view.grantIds[0]);
    }

    const form = (overrides: Record<string, unknown> = {}) =>
      labRequestForm(wang.departmentId!, patients, [{ name: 'patient' }, { name: 'testCode' }, { name: 'resultQuantity' }, { name: 'collectedAt' }, { name: 'performer' }], overrides);

    beforeAll(async () => {
      platform = await createTestApp(dialect, { config: { demoPatients: 12 } });
      const [w, h, p, a] = await Promise.all(['dr.wang', 'head.lab', 'privacy', 'infoadmin'].map((u) => signIn(platform.app, u)));
      sessions = { wang: w!, headLab: h!, privacy: p!, admin: a! };
      const row = await platform.database.db.selectFrom('users').select(['id', 'username', 'display_name', 'department_id']).where('username', '=', 'dr.wang').executeTakeFirstOrThrow();
      wang = { kind: 'user', userId: row.id, username: row.username, displayName: row.display_name, departmentId: row.department_id, roles: ['staff'], permissions: [], sessionTokenHash: '', via: 'bearer', csrfToken: '' };
      const rows = await platform.database.db.selectFrom('records').select('patient_id').distinct().where('catalog_code', '=', 'CLIN_LAB_REPORT').orderBy('patient_id').limit(3).execute();
      patients = rows.map((r) => r.patient_id!);
      dir = mkdtempSync(path.join(tmpdir(), 'yixiang-export-'));
    }, 120_000);
    afterAll(async () => {
      await platform?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('delivers exactly the approved fields, and the recipient decrypts and verifies it with the CLI', async () => {
      const grant = await approvedGrant(form());
      expect(grant).toMatchObject({ channel: 'export', fields: ['patient', 'testCode', 'resultQuantity', 'collectedAt'] });

      const keys = path.join(dir, 'nk');
      const keygen = yixiang(['package', 'keygen', '--out', keys]);
      expect(keygen.code).toBe(0);
      expect(statSync(`${keys}.key`).mode & 0o777).toBe(0o600);

      const built = await buildPackage({ access: platform.access, keyring: platform.keyring, grant, principal: wang, recipientPublicKey: readFileSync(`${keys}.pub`, 'utf8'), format: 'ndjson', outFile: path.join(dir, 'qc.yxpkg'), pageSize: 5 });
      const expected = await platform.database.db.selectFrom('records').select('id').where('catalog_code', '=', 'CLIN_LAB_REPORT').where('patient_id', 'in', patients).execute();
      expect(built.recordCount).toBe(expected.length);

      const signer = (await platform.keyring.getPublicSigningKeys()).find((k) => k.purpose === PACKAGE_SIGNING_PURPOSE && k.status === 'active')!;
      writeFileSync(path.join(dir, 'hospital.pem'), signer.publicKey);
      const out = path.join(dir, 'opened');
      const opened = yixiang(['package', 'open', built.file, '--key', `${keys}.key`, '--trust', path.join(dir, 'hospital.pem'), '--out', out]);
      expect(opened.stderr).toBe('');
      expect(opened.code).toBe(0);
      expect(opened.stdout).toContain(`OK: ${built.file}: ${expected.length} record(s) for grant ${grant.id}`);
      expect(opened.stdout).toContain('"shareRequestId"');
      const lines = readFileSync(path.join(out, 'CLIN_LAB_REPORT.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(new Set(lines.map((line) => line.id))).toEqual(new Set(expected.map((r) => r.id)));
      // The granted fields, plus the status FHIR requires of every report (it says nothing about the patient).
      const allowed = new Set(['resourceType', 'id', 'meta', 'status', 'subject', 'code', 'valueQuantity', 'effectiveDateTime', 'effectivePeriod']);
      for (const line of lines) for (const key of Object.keys(line)) expect(allowed).toContain(key);

      // Tampering and a wrong key: a clear line and a non-zero exit, and nothing written.
      const bytes = readFileSync(built.file);
      bytes[bytes.length - 200]! ^= 1;
      writeFileSync(path.join(dir, 'tampered.yxpkg'), bytes);
      const tampered = yixiang(['package', 'open', path.join(dir, 'tampered.yxpkg'), '--key', `${keys}.key`, '--out', path.join(dir, 'never')]);
      expect(tampered.code).toBe(2);
      expect(tampered.stderr.trim().split('\n')).toHaveLength(1);
      expect(yixiang(['package', 'keygen', '--out', path.join(dir, 'other')]).code).toBe(0);
      const wrongKey = yixiang(['package', 'open', built.file, '--key', path.join(dir, 'other.key')]);
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stderr).toMatch(/^yixiang: wrong key: the package is encrypted to X25519 key SHA-256:/);

      // The same package opens in-process too, and the manifest names this share.
      const inProcess = await openPackage(built.file, { privateKeyPem: readFileSync(`${keys}.key`, 'utf8'), trustedSignerKey: signer.publicKey });
      expect(inProcess.manifest).toMatchObject({ grantId: grant.id, shareRequestId: grant.shareRequestId, recordCount: expected.length });
    });

    it('refuses a de-identified package of three patients for k-anonymity, and builds one over a wider cohort', async () => {
      const research = { purpose: 'research', identification: 'de-identified' };
      const narrow = await approvedGrant(form(research));
      const recipient = path.join(dir, 'deid');
      yixiang(['package', 'keygen', '--out', recipient]);
      const attempt = (grant: Grant, file: string) =>
        buildPackage({ access: platform.access, keyring: platform.keyring, grant, principal: wang, recipientPublicKey: readFileSync(`${recipient}.pub`, 'utf8'), format: 'csv', outFile: path.join(dir, file) });
      const refused = await attempt(narrow, 'three.yxpkg').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(PackageError);
      expect(refused).toMatchObject({ code: 'PACKAGE_K_ANONYMITY', details: { threshold: 5 } });
      expect((refused as PackageError).details.k).toBeLessThan(5);

      const all = await platform.database.db.selectFrom('records').select('patient_id').distinct().where('catalog_code', '=', 'CLIN_LAB_REPORT').execute();
      const wide = await approvedGrant(form({ ...research, patients: { kind: 'patients', patientIds: all.map((r) => r.patient_id!) }, resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'patient' }, { name: 'testCode' }, { name: 'resultQuantity' }] }] }));
      // While the narrow grant stands, it opens its three patients' records first: not this grant's data.
      await expect(attempt(wide, 'overlap.yxpkg')).rejects.toThrow(new RegExp(`another rule \\(grant:${narrow.id}\\) before grant ${wide.id}`));
      await platform.grants.revoke(narrow.id, sessions.admin.userId, '已由覆盖全部患者的授权取代');
      const built = await attempt(wide, 'wide.yxpkg');
      expect(built.kAnonymity).toMatchObject({ k: all.length, individuals: all.length });
      const opened = await openPackage(built.file, { privateKeyPem: readFileSync(`${recipient}.key`, 'utf8'), outDir: path.join(dir, 'wide') });
      const csv = readFileSync(path.join(dir, 'wide', 'CLIN_LAB_REPORT.csv'), 'utf8');
      expect(csv.split('\r\n')[0]).toBe('\uFEFFresourceType,id,patient,testCode,resultQuantity');
      for (const id of all.map((r) => r.patient_id!)) expect(csv).not.toContain(id);
      expect(opened.manifest.deidentification).toMatchObject({ level: 'de-identified', kAnonymity: { k: all.length } });
    });
  });
}
