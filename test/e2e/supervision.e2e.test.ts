import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/lib/clock.js';
import { previousQuarter, quarterOf, quarterPeriod } from '../../src/reports/index.js';
import enUS from '../../web/src/i18n/en-US.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { apiCall, apiToken, openConsole, skipWithoutChromium, type ConsoleSession, type Json } from './browser-support.js';


/**
 * 监督看板 and 季度审计报告 (policy Ch.7 (1)) in the console: the information administrator reads the
 * dashboard of a quarter with activity, writes the findings of the finished quarter's report, issues
 * it and downloads the PDF; the auditor verifies it, the inclusion proof recomputed in the browser;
 * staff are refused. The server's clock starts five days before the end of the previous quarter, where
 * the activity is seeded, then returns to real time (monotonic, as audit sequence numbers need), so
 * that quarter is over and the browser's session cookies expire by the browser's own clock.
 */
describe.skipIf(skipWithoutChromium('supervision'))('supervision dashboard and quarterly report (Chromium)', () => {
  let session: ConsoleSession;
  let offset = 0;
  const clock: Clock = () => new Date(Date.now() + offset);
  const current = quarterOf(new Date());
  const previous = previousQuarter(current);

  const token = (username: string): Promise<string> => apiToken(session.server.url, username);

  const api = (bearer: string, method: 'GET' | 'POST', url: string, body?: unknown, purpose?: string) => apiCall(session.server.url, bearer, method, url, { body, purpose });

  beforeAll(async () => {
    offset = Date.parse(quarterPeriod(previous).to) - 5 * 86_400_000 - Date.now();
    session = await openConsole('supervision', { acceptDownloads: true }, { clock, config: { demoPatients: 4 } });
    // In the previous quarter: 检验科 searches three lab reports and reads each (six records delivered),
    // dr.wang is refused one, and dr.li opens an emergency access nobody reviews.
    const lab = await token('head.lab');
    const page = await api(lab, 'GET', '/records?catalog=CLIN_LAB_REPORT&limit=3', undefined, 'quality-control');
    if (page.status !== 200 || (page.body.items as Json[]).length !== 3) throw new Error(`lab search failed: ${JSON.stringify(page.body)}`);
    const records = page.body.items as Json[];
    for (const record of records) {
      const read = await api(lab, 'GET', `/records/${record.resource.resourceType as string}/${record.resource.id as string}`, undefined, 'quality-control');
      if (read.status !== 200) throw new Error(`lab read failed: ${read.status}`);
    }
    const wang = await token('dr.wang');
    expect((await api(wang, 'GET', `/records/${records[0]!.resource.resourceType as string}/${records[0]!.resource.id as string}`, undefined, 'quality-control')).status).toBe(404);
    const emergency = await api(await token('dr.li'), 'POST', '/emergency-access', { patientId: records[0]!.patientId, reason: '急诊抢救需查看既往检验结果' });
    if (emergency.status !== 201) throw new Error(`emergency access refused: ${JSON.stringify(emergency.body)}`);
    offset = 0;
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  it('lets the information administrator read the dashboard and issue the finished quarter; the auditor verifies it; staff are refused', async () => {
    const { page, step, signIn, signOut } = session;
    const findings = '本季度检验科质控读取均在授权范围内。\n\n一名医师越权查询被拒绝，已提醒。';

    await step('dashboard-of-the-current-quarter', async () => {
      await page.goto('/login');
      await signIn('infoadmin');
      const menu = page.getByTestId('menu-supervision');
      expect(await menu.textContent()).toBe(zhCN.nav.supervision);
      await menu.click();
      await page.waitForURL('**/supervision');
      // The hospital's current quarter by default.
      await page.locator(`[data-testid="supervision-dashboard"][data-quarter="${current}"]`).waitFor();
    });

    await step('dashboard-of-the-seeded-quarter', async () => {
      await page.getByTestId('supervision-quarter').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: previous }).click();
      await page.locator(`[data-testid="supervision-dashboard"][data-quarter="${previous}"]`).waitFor();
      expect(await page.getByTestId('headline-reads').locator('.ant-statistic-content-value').textContent()).toBe('6');
      for (const chart of ['weekly', 'departments', 'purposes', 'channels']) {
        await page.locator(`[data-testid="chart-${chart}-canvas"] svg`).first().waitFor();
        expect(await page.getByTestId(`chart-${chart}`).getAttribute('data-empty')).toBe('false');
      }
      expect(await page.getByTestId('chart-departments').textContent()).toContain('检验科');
      // Nothing to draw is said plainly instead of an empty chart.
      const triage = page.getByTestId('chart-alert-triage');
      expect(await triage.getAttribute('data-empty')).toBe('true');
      expect(await triage.textContent()).toContain(zhCN.supervision.noData);
      expect(await page.getByTestId('chart-alert-triage-canvas').count()).toBe(0);
      expect(await page.getByTestId('supervision-alerts-link').getAttribute('href')).toBe('/alerts');
      expect(await page.getByTestId('supervision-violations-link').getAttribute('href')).toBe('/violations');
    });

    await step('write-findings-and-issue', async () => {
      await page.getByTestId('supervision-report-link').click();
      await page.waitForURL(`**/reports/${previous}`);
      await page.locator('[data-testid="report-status"] [data-status="draft"]').waitFor();
      expect(await page.getByTestId('report-by-department').textContent()).toContain('检验科');
      await page.getByTestId('report-findings-input').fill(findings);
      await page.getByTestId('report-findings-save').click();
      await page.locator('[data-testid="report-findings-save"]:disabled').waitFor();
      await page.getByTestId('report-issue').click();
      const confirm = page.getByTestId('report-issue-confirm');
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain(zhCN.reports.issue.confirmText);
      await page.getByTestId('report-issue-ok').click();
      await page.locator('[data-testid="report-status"] [data-status="issued"]').waitFor();
      expect(await page.getByTestId('report-issue-hash').textContent()).toMatch(/^[0-9a-f]{64}$/);
      // Frozen: the findings are text now, and there is nothing left to issue.
      expect(await page.getByTestId('report-findings-text').textContent()).toContain('一名医师越权查询被拒绝');
      expect(await page.getByTestId('report-issue').count()).toBe(0);
    });

    await step('download-pdf', async () => {
      const link = page.getByTestId('report-download-pdf-zh-CN');
      expect(await link.getAttribute('href')).toBe(`/api/v1/reports/quarterly/${previous}?format=pdf&locale=zh-CN`);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe(`yixiang-quarterly-audit-report-${previous}.pdf`);
      expect(readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');
    });

    await step('auditor-verifies-in-english', async () => {
      await signOut();
      await signIn('auditor');
      await page.getByTestId('menu-reports').click();
      await page.waitForURL('**/reports');
      const row = page.getByTestId('reports-table').locator('tr', { has: page.getByTestId(`report-link-${previous}`) });
      await row.locator('[data-status="issued"]').waitFor();
      await page.getByTestId(`report-link-${previous}`).click();
      await page.locator('[data-testid="report-verification-outcome"][data-status="passed"]').waitFor();
      for (const check of ['hash', 'signature', 'auditEntry']) expect(await page.getByTestId(`report-check-${check}`).getAttribute('data-ok')).toBe('true');
      await page.locator('[data-testid="audit-proof-status"][data-status="verified"]').waitFor();
      // Read-only for the auditor.
      expect(await page.getByTestId('report-findings-input').count()).toBe(0);
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-option-en-US').click();
      await page.getByTestId('report-verification-outcome').filter({ hasText: enUS.reports.verify.outcome.passed }).waitFor();
      expect(await page.getByTestId('report-verification').textContent()).toContain(enUS.reports.verify.check.signature);
    });

    await step('staff-are-refused', async () => {
      await signOut();
      await signIn('dr.wang');
      expect(await page.getByTestId('menu-reports').count()).toBe(0);
      expect(await page.getByTestId('menu-supervision').count()).toBe(0);
      await page.goto('/reports');
      await page.getByText(enUS.error.forbidden).waitFor();
      expect(await page.getByTestId('reports-table').count()).toBe(0);
      expect((await page.request.get('/api/v1/reports/quarterly')).status()).toBe(403);
    });
  }, 180_000);
});
