import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/index.js';
import enUS from '../../web/src/i18n/en-US.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { openConsole, skipWithoutChromium, type ConsoleSession } from './browser-support.js';

/** The zh-CN template with its {{placeholders}} matching any value. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\{\s*[\w.]+\s*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('(\\d+)'));
}

describe.skipIf(skipWithoutChromium('audit'))('audit log page (Chromium)', () => {
  let session: ConsoleSession;

  beforeAll(async () => {
    session = await openConsole('audit', { acceptDownloads: true });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('lets an auditor find a failed sign-in, verify its proof in the browser and export the log; staff get 403', async () => {
    const { server, page, step, signIn } = session;
    const auditor = DEMO_USERS.find((u) => u.username === 'auditor')!;
    const rows = () => page.getByTestId('audit-table').locator('tbody tr.ant-table-row');

    await step('failed-sign-in-via-api', async () => {
      const response = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' },
        body: JSON.stringify({ username: 'dr.wang', password: 'definitely-not-the-password' }),
      });
      expect(response.status).toBe(401);
    });

    await step('sign-in-auditor', async () => {
      await page.goto('/');
      await page.waitForURL('**/login');
      await signIn('auditor', DEMO_PASSWORD);
      expect(await page.getByTestId('header-user-name').textContent()).toBe(auditor.displayName);
    });

    await step('open-audit-log', async () => {
      const menu = page.getByTestId('menu-audit');
      expect(await menu.textContent()).toBe(zhCN.nav.audit);
      await menu.click();
      await page.waitForURL('**/audit');
      await rows().first().waitFor();
    });

    await step('filter-failed-sign-ins', async () => {
      const action = page.getByTestId('audit-filter-action');
      await action.click();
      await action.locator('input').fill(zhCN.auditAction.login_failed);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active', { hasText: zhCN.auditAction.login_failed }).waitFor();
      await action.locator('input').press('Enter');
      await action.locator('.ant-select-content-has-value', { hasText: zhCN.auditAction.login_failed }).waitFor();
      await page.getByTestId('audit-apply').click();
      // Only failed sign-ins remain: the auditor's own successful one and every read are gone.
      await page.waitForFunction(
        ([selector, label]) => {
          const cells = Array.from(document.querySelectorAll(selector), (row) => row.textContent ?? '');
          return cells.length > 0 && cells.every((text) => text.includes(label));
        },
        ['[data-testid="audit-table"] tbody tr.ant-table-row', zhCN.auditAction.login_failed] as const,
      );
      const row = rows().filter({ hasText: 'dr.wang' });
      expect(await row.count()).toBe(1);
      const text = await row.textContent();
      expect(text).toContain(zhCN.auditOutcome.denied);
      expect(text).toContain(zhCN.auditActorType.anonymous);
    });

    await step('entry-detail-proof', async () => {
      await rows().filter({ hasText: 'dr.wang' }).locator('td').nth(2).click();
      const detail = page.getByTestId('audit-detail');
      await detail.waitFor();
      const status = page.getByTestId('audit-proof-status');
      await page.locator('[data-testid="audit-proof-status"][data-status="verified"]').waitFor();
      const statusText = (await status.textContent()) ?? '';
      const match = statusText.match(templatePattern(zhCN.auditProof.verified));
      expect(match, statusText).not.toBeNull();
      expect(Number(match![1])).toBeGreaterThan(0);
      const detailText = (await detail.textContent()) ?? '';
      expect(detailText).toContain('dr.wang');
      expect(detailText).toContain(zhCN.auditAction.login_failed);
      expect(await page.getByTestId('audit-detail-json').textContent()).toContain('/api/v1/auth/login');
      await page.keyboard.press('Escape');
      await detail.waitFor({ state: 'hidden' });
    });

    await step('checkpoints-tab', async () => {
      await page.getByTestId('audit-checkpoints-tab').click();
      const checkpointRows = page.getByTestId('audit-checkpoints-table').locator('tbody tr.ant-table-row');
      await checkpointRows.first().waitFor();
      expect(await checkpointRows.count()).toBeGreaterThanOrEqual(1);
      // Newest first, and the newest is the latest checkpoint.
      expect(await checkpointRows.first().textContent()).toContain(zhCN.checkpoint.latest);
    });

    await step('verification-run', async () => {
      await page.getByTestId('audit-verification-tab').click();
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/audit/verifications')),
        page.getByTestId('audit-verify-incremental').click(),
      ]);
      expect(response.status()).toBe(201);
      const run = (await response.json()) as { id: string; ok: boolean };
      expect(run.ok).toBe(true);
      const row = page.getByTestId('audit-verifications-table').locator(`tbody tr[data-row-key="${run.id}"]`);
      await row.locator('[data-result="passed"]').waitFor();
      expect(await row.getByTestId('audit-verification-trigger').textContent()).toBe(auditor.displayName);
      // The same row in English, then back: the later steps read Chinese labels.
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-option-en-US').click();
      await page.getByTestId('audit-verify-full').filter({ hasText: enUS.auditVerification.runFull }).waitFor();
      expect(await row.getByTestId('audit-verification-result').textContent()).toBe(enUS.auditVerification.passed);
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-option-zh-CN').click();
      await page.getByTestId('audit-verify-full').filter({ hasText: zhCN.auditVerification.runFull }).waitFor();
    });

    await step('export-ndjson', async () => {
      await page.getByTestId('audit-events-tab').click();
      const link = page.getByTestId('audit-export-ndjson');
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe('/api/v1/audit/export?format=ndjson');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('yixiang-audit.ndjson');
      const file = await download.path();
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { action: string; actor: { name: string | null } });
      expect(lines.some((entry) => entry.action === 'login_failed' && entry.actor.name === 'dr.wang')).toBe(true);
    });

    await step('sign-out', async () => {
      await page.getByTestId('logout').click();
      await page.waitForURL('**/login');
    });

    await step('staff-have-no-audit-log', async () => {
      await signIn('dr.wang', DEMO_PASSWORD);
      await page.getByTestId('menu-home').waitFor();
      expect(await page.getByTestId('menu-audit').count()).toBe(0);
      await page.goto('/audit');
      await page.getByText(zhCN.error.forbidden).waitFor();
      expect(await page.getByTestId('audit-table').count()).toBe(0);
      // The server refuses too, whatever the console shows.
      const response = await page.request.get('/api/v1/audit/events');
      expect(response.status()).toBe(403);
    });
  }, 120_000);
});
