import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from '../../src/catalog/builtin/index.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { openConsole, skipWithoutChromium, type ConsoleSession } from './browser-support.js';

/** A transaction as a laboratory system would send it: the patient, then a result that points at it by fullUrl. */
function labTransaction(): object {
  const suffix = Date.now().toString(36);
  const patientUrl = 'urn:uuid:6f1c2b8e-3d4a-4c5b-9e7f-0a1b2c3d4e5f';
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: patientUrl,
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: 'urn:yixiang:mrn', value: `E2E-${suffix}` }],
          name: [{ family: '测试', given: ['患者'] }],
          gender: 'female',
          birthDate: '1980-05-17',
        },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: 'urn:uuid:0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
        resource: {
          resourceType: 'Observation',
          identifier: [{ system: 'urn:yixiang:lis:result', value: `E2E-HGB-${suffix}` }],
          status: 'final',
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', display: 'Laboratory' }] }],
          code: { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood' }] },
          subject: { reference: patientUrl },
          effectiveDateTime: '2026-03-02T08:30:00+08:00',
          valueQuantity: { value: 132, unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' },
        },
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  };
}

describe.skipIf(skipWithoutChromium('catalog'))('resource catalog and data import (Chromium)', () => {
  let session: ConsoleSession;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'yixiang-catalog-e2e-'));
    session = await openConsole('catalog');
  }, 180_000);

  afterAll(async () => {
    await session?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  async function signIn(username: string): Promise<void> {
    await session.page.goto('/login');
    await session.signIn(username);
  }

  async function signOut(): Promise<void> {
    const { page } = session;
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
  }

  async function openCatalog(): Promise<void> {
    const { page } = session;
    await page.getByTestId('menu-catalog').click();
    await page.waitForURL((url) => url.pathname === '/catalog');
    await page.getByTestId('catalog-row-CLIN_PATIENT').waitFor();
  }

  /** The validation message under the form item holding the input with this test id. */
  function fieldError(testId: string) {
    const { page } = session;
    return page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');
  }

  it('browses level-5 resources, edits a department’s own resource and imports a transaction', async () => {
    const { page, step } = session;
    await step('staff-catalog', async () => {
      await signIn('dr.wang');
      expect(await page.getByTestId('menu-catalog').textContent()).toBe(zhCN.nav.catalog);
      // Staff read the catalog but import nothing.
      expect(await page.getByTestId('menu-import').count()).toBe(0);
      await openCatalog();
      expect(await page.getByTestId('catalog-row-CLIN_LAB_REPORT').count()).toBe(1);
    });

    await step('filter-level-5', async () => {
      await page.getByTestId('catalog-filter-level').click();
      const level5 = zhCN.level.tag.replace('{{level}}', '5');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: level5 }).click();
      await page.waitForURL((url) => url.searchParams.get('level') === '5');
      await page.getByTestId('catalog-row-CLIN_LAB_REPORT').waitFor({ state: 'detached' });
      const row = page.getByTestId('catalog-row-CLIN_INFECTIOUS_RESULT');
      await row.waitFor();
      // The level tag names the special category on the red level-5 tag.
      const tag = row.locator('[data-level="5"]');
      expect(await tag.textContent()).toContain(zhCN.specialCategory.infectious_disease);
      expect(await tag.getAttribute('class')).toContain('red');
      const rows = page.getByTestId('catalog-table').locator('tbody tr.ant-table-row');
      for (const text of await rows.allTextContents()) expect(text).toContain(level5);
    });

    await step('open-infectious-result', async () => {
      await page.getByTestId('catalog-row-CLIN_INFECTIOUS_RESULT').click();
      await page.waitForURL('**/catalog/CLIN_INFECTIOUS_RESULT');
      const fields = page.getByTestId('resource-fields-table');
      await fields.getByTestId('resource-field-resultCode').waitFor();
      expect(await fields.getByTestId('resource-field-patient').textContent()).toContain(zhCN.identifierKind.direct);
      const infectious = BUILTIN_CATALOG.find((r) => r.code === 'CLIN_INFECTIOUS_RESULT')!;
      expect(await page.getByTestId('resource-name').textContent()).toBe(infectious.name.zh);
      expect(await page.getByTestId('resource-share-condition').count()).toBe(1);
      // Without catalog:write there is no way to edit.
      expect(await page.getByTestId('resource-edit').count()).toBe(0);
      await page.getByTestId('resource-back').click();
      await page.waitForURL((url) => url.pathname === '/catalog' && url.searchParams.get('level') === '5');
      await signOut();
    });

    await step('head-lab-opens-lab-report', async () => {
      await signIn('head.lab');
      await openCatalog();
      // Found by its Chinese name through the search box.
      const labReport = BUILTIN_CATALOG.find((r) => r.code === 'CLIN_LAB_REPORT')!;
      // The test id sits on the search box's wrapper (antd puts data-* there), the text goes into its input.
      const search = page.getByTestId('catalog-search').locator('input');
      await search.fill(labReport.name.zh);
      await search.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === labReport.name.zh);
      await page.getByTestId('catalog-row-CLIN_PATIENT').waitFor({ state: 'detached' });
      await page.getByTestId('catalog-row-CLIN_LAB_REPORT').click();
      await page.waitForURL('**/catalog/CLIN_LAB_REPORT');
      await page.getByTestId('resource-fields-table').getByTestId('resource-field-testCode').waitFor();
      await page.getByTestId('resource-edit').click();
      await page.waitForURL('**/catalog/CLIN_LAB_REPORT/edit');
      await page.getByTestId('resource-form').waitFor();
      expect(await page.getByTestId('resource-form-name-zh').inputValue()).toBe(labReport.name.zh);
    });

    await step('not-shareable-needs-legal-basis', async () => {
      await page.getByTestId('resource-form-share-type').getByText(zhCN.shareType.not_shareable, { exact: true }).click();
      await page.getByTestId('resource-form-legal-basis-zh').waitFor();
      expect(await page.getByTestId('resource-form-condition-zh').count()).toBe(0);
      await page.getByTestId('resource-form-submit').click();
      await page.getByTestId('resource-form-error').waitFor();
      await fieldError('resource-form-legal-basis-zh').filter({ hasText: zhCN.resourceForm.problem.legalBasisRequired }).waitFor();
      await fieldError('resource-form-legal-basis-en').filter({ hasText: zhCN.resourceForm.problem.legalBasisRequired }).waitFor();
      // Nothing was sent: the page is still the form.
      expect(new URL(page.url()).pathname).toBe('/catalog/CLIN_LAB_REPORT/edit');
    });

    await step('save-with-legal-basis', async () => {
      await page.getByTestId('resource-form-legal-basis-zh').fill('依据《医疗机构病历管理规定》，检验结果仅在本院诊疗中使用。');
      await page.getByTestId('resource-form-legal-basis-en').fill('Under the Medical Record Management Rules, results are used only for care in this hospital.');
      await fieldError('resource-form-legal-basis-zh').waitFor({ state: 'detached' });
      await page.getByTestId('resource-form-change-note').fill('改为不予共享并写明依据');
      await page.getByTestId('resource-form-submit').click();
      await page.waitForURL((url) => url.pathname === '/catalog/CLIN_LAB_REPORT' && url.searchParams.get('tab') === 'versions');
      const version2 = page.getByTestId('resource-version-2');
      await version2.waitFor();
      expect(await page.getByTestId('resource-version-2-by').textContent()).toBe('head.lab');
      expect(await version2.textContent()).toContain('改为不予共享并写明依据');
      expect(await version2.textContent()).toContain(zhCN.definitionKey.legalBasis);
      await page.getByTestId('resource-version-1').waitFor();
      expect(await page.getByTestId('resource-version').textContent()).toContain('2');
      expect(await page.getByTestId('resource-legal-basis').textContent()).toContain('医疗机构病历管理规定');
    });

    await step('versions-tab', async () => {
      // The tab itself lists the same history when chosen from the field dictionary.
      await page.getByTestId('resource-fields-tab').click();
      await page.getByTestId('resource-versions-tab').click();
      await page.getByTestId('resource-version-2').waitFor();
      await signOut();
    });

    await step('infoadmin-imports-transaction', async () => {
      const file = path.join(workDir, 'lab-transaction.json');
      writeFileSync(file, JSON.stringify(labTransaction(), null, 2));
      await signIn('infoadmin');
      expect(await page.getByTestId('menu-import').textContent()).toBe(zhCN.nav.import);
      await page.getByTestId('menu-import').click();
      await page.waitForURL('**/import');
      await page.getByTestId('import-file').setInputFiles(file);
      const summary = page.locator('[data-testid="import-summary"][data-finished="true"]');
      await summary.waitFor();
      expect(await page.getByTestId('import-created').locator('.ant-statistic-content-value').textContent()).toBe('2');
      expect(await page.getByTestId('import-refused').locator('.ant-statistic-content-value').textContent()).toBe('0');
      const results = page.getByTestId('import-results').locator('tbody tr.ant-table-row');
      expect(await results.count()).toBe(2);
      expect(await results.nth(0).textContent()).toContain('Patient/');
      expect(await results.nth(1).textContent()).toContain('201');
      expect(await results.nth(1).textContent()).toContain('Observation/');
    });
    // Three sign-ins and a save on a 2-core CI machine; each step still has its own 15 s wait limit.
  }, 150_000);
});
