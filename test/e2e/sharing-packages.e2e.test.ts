import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRecipientKeyPair, openPackage } from '../../src/sharing/package/index.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { apiCall, apiToken, openConsole, skipWithoutChromium, type ConsoleSession, type Json } from './browser-support.js';
import { labRequestForm } from '../support/sharing.js';


/**
 * Delivery of an export package through the console (policy 5.3 step 3): an export-channel grant
 * made through the workflow, then dr.wang — a member of the grantee department — finds it under
 * 授权管理, builds a package for a recipient key, downloads it, and the downloaded file opens with the
 * recipient's private key. The owning department's head sees the package but cannot download it.
 */
describe.skipIf(skipWithoutChromium('sharing-packages'))('export package build and download (Chromium)', () => {
  let session: ConsoleSession;
  let grantId = '';
  let dir = '';

  const token = (username: string): Promise<string> => apiToken(session.server.url, username);

  const api = (bearer: string, method: 'GET' | 'POST', url: string, body?: unknown, purpose?: string) => apiCall(session.server.url, bearer, method, url, { body, purpose });

  beforeAll(async () => {
    session = await openConsole('sharing-packages', { acceptDownloads: true }, { config: { demoPatients: 10 } });
    dir = mkdtempSync(path.join(tmpdir(), 'yixiang-e2e-package-'));
    // Two patients with lab reports (检验科 sees them all), and an approved export grant to 内科.
    const lab = await token('lab.sun');
    const medical = await token('head.medical');
    const patients: string[] = [];
    for (const patient of (await api(medical, 'GET', '/patients?limit=50', undefined, 'treatment')).body.items as Json[]) {
      const reports = await api(lab, 'GET', `/patients/${patient.patientId as string}/records?resource=CLIN_LAB_REPORT&limit=1`, undefined, 'quality-control');
      if (reports.status === 200 && (reports.body.total as number) > 0) patients.push(patient.patientId as string);
      if (patients.length === 2) break;
    }
    const wang = await token('dr.wang');
    const me = (await api(wang, 'GET', '/me')).body;
    const form = labRequestForm(me.user.departmentId, patients, [{ name: 'patient' }, { name: 'testCode' }, { name: 'resultQuantity' }]);
    const draft = await api(wang, 'POST', '/share-requests', { title: '检验质控导出（e2e）', form });
    if (draft.status !== 201) throw new Error(`draft refused: ${JSON.stringify(draft.body)}`);
    let view = (await api(wang, 'POST', `/share-requests/${draft.body.id as string}/submit`)).body;
    const reviewers: Record<string, string> = { dept_head: await token('head.lab'), privacy_officer: await token('privacy'), info_admin: await token('infoadmin') };
    for (const step of view.steps as { role: string }[]) view = (await api(reviewers[step.role]!, 'POST', `/share-requests/${draft.body.id as string}/reviews`, { decision: 'approve', reason: '同意导出' })).body;
    if (view.state !== 'granted') throw new Error(`not granted: ${JSON.stringify(view)}`);
    grantId = view.grantIds[0] as string;
  }, 240_000);

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('builds a package for a pasted recipient key, downloads it, and the file opens with the private key', async () => {
    const { page, step } = session;
    const keys = generateRecipientKeyPair('standard');
    let packageId = '';

    await step('requester-finds-the-grant', async () => {
      await page.goto('/login');
      await session.signIn('dr.wang');
      await page.getByTestId('menu-grants').click();
      await page.waitForURL('**/grants');
      await page.getByTestId('grant-scoped-note').waitFor();
      const row = page.getByTestId(`grant-row-${grantId}`);
      await row.waitFor();
      // Seeing is not administering: the requester is offered no revocation.
      expect(await row.getByTestId(`grant-revoke-${grantId}`).count()).toBe(0);
      await row.getByTestId('grant-open').click();
      await page.getByTestId('packages-panel').waitFor();
      await page.getByTestId('packages-panel').getByText(zhCN.package.empty).waitFor();
    });

    await step('build', async () => {
      await page.getByTestId('package-key').fill(keys.publicKeyPem);
      await page.getByTestId('package-format-csv').click();
      await page.getByTestId('package-build').click();
      const row = page.locator('[data-testid^="package-row-"][data-status="ready"]');
      await row.waitFor({ timeout: 60_000 });
      packageId = (await row.getAttribute('data-testid'))!.replace('package-row-', '');
      expect(await page.getByTestId(`package-left-${packageId}`).textContent()).toBe('3 / 3');
    });

    await step('download', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`package-download-${packageId}`).click()]);
      expect(download.suggestedFilename()).toBe(`${packageId}.yxpk`);
      const file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      const opened = await openPackage(file, { privateKeyPem: keys.privateKeyPem, outDir: path.join(dir, 'opened') });
      expect(opened.manifest).toMatchObject({ packageId, grantId, dataFormat: 'csv' });
      // The count went down; the list shows it once read again.
      await page.getByTestId('package-refresh').click();
      await page.getByTestId(`package-left-${packageId}`).filter({ hasText: '2 / 3' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('packages-panel').waitFor({ state: 'hidden' });
      await page.getByTestId('logout').click();
      await page.waitForURL('**/login');
    });

    await step('owning-head-sees-but-cannot-download', async () => {
      await session.signIn('head.lab');
      await page.goto(`/grants/${grantId}`);
      await page.getByTestId(`package-row-${packageId}`).waitFor();
      await page.getByText(zhCN.package.granteeOnly).waitFor();
      expect(await page.getByTestId(`package-download-${packageId}`).count()).toBe(0);
      expect(await page.getByTestId('package-build-form').count()).toBe(0);
      // 检验科 owns lab reports: its head may revoke this grant.
      await page.getByTestId(`grant-revoke-${grantId}`).waitFor();
      await page.getByTestId('logout').click();
      await page.waitForURL('**/login');
    });
  }, 240_000);

  it('finds patients for an explicit patient scope by MRN in the request wizard', async () => {
    const { page, step } = session;
    // A patient dr.wang may see for treatment (his care team), and that patient's MRN.
    const wang = await token('dr.wang');
    const visible = (await api(wang, 'GET', '/patients?limit=5', undefined, 'treatment')).body.items as Json[];
    const patient = visible[0]!;
    const mrn = ((patient.resource.identifier ?? []) as { system?: string; value?: string }[]).find((i) => i.system === 'urn:yixiang:mrn')?.value;
    expect(mrn).toBeTruthy();
    const patientId = patient.patientId as string;

    await step('wizard-to-scope', async () => {
      await session.signIn('dr.wang');
      await page.goto('/share-requests/new');
      await page.getByTestId('wizard-title').fill('按病历号选择患者（e2e）');
      await page.getByTestId('wizard-purpose').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '质量控制' }).click();
      await page.getByTestId('wizard-legal-basis-legal-duty').click();
      await page.getByTestId('wizard-next').click();
      const add = page.getByTestId('wizard-add-resource');
      await add.click();
      await add.locator('input').fill('CLIN_LAB_REPORT');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'CLIN_LAB_REPORT' }).click();
      await page.getByTestId('wizard-resource-CLIN_LAB_REPORT').waitFor();
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-patient-ids').waitFor();
    });

    await step('pick-by-mrn', async () => {
      await page.getByTestId('patient-picker-query').locator('input').fill(mrn!);
      await page.getByTestId('patient-picker-query').locator('input').press('Enter');
      const hit = page.getByTestId(`patient-hit-${patientId}`);
      await hit.waitFor();
      expect(await hit.textContent()).toContain(mrn!);
      await page.getByTestId(`patient-add-${patientId}`).click();
      expect(await page.getByTestId('wizard-patient-ids').inputValue()).toContain(patientId);
      await page.getByText(zhCN.wizard.patientIdsHint.replace('{{count}}', '1')).waitFor();
      await page.getByTestId(`patient-add-${patientId}`).filter({ hasText: zhCN.wizard.pickerAdded }).waitFor();
      // An MRN the requester may not see (or that does not exist) finds nothing.
      await page.getByTestId('patient-picker-query').locator('input').fill('NO-SUCH-MRN-000');
      await page.getByTestId('patient-picker-query').locator('input').press('Enter');
      await page.getByTestId('patient-picker-hits').getByText(zhCN.wizard.pickerEmpty).waitFor();
    });
  }, 240_000);
});
