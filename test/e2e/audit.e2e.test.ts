import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/index.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { startTestServer } from '../support/server.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(ROOT, 'test-results');

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[audit e2e] SKIPPED: ${CHROMIUM} not found (apt-get install chromium to run the browser tests)`);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = statSync(file);
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(file) : stat.mtimeMs);
  }
  return newest;
}

/**
 * Builds the console when it is missing, as the console suite does. A build older than the sources is
 * only reported, not rebuilt: another suite may be serving dist/web at the same moment.
 */
async function ensureWebBuilt(): Promise<void> {
  const index = path.join(ROOT, 'dist/web/index.html');
  if (existsSync(index)) {
    if (statSync(index).mtimeMs < newestMtime(path.join(ROOT, 'web/src'))) {
      console.warn('[audit e2e] dist/web is older than web/src; run `npm run build:web` if this suite fails on a missing element');
    }
    return;
  }
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
}

/** The zh-CN template with its {{placeholders}} matching any value. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\{\s*[\w.]+\s*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('(\\d+)'));
}

describe.skipIf(!hasChromium)('audit log page (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    });
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  /** Runs a step and keeps a screenshot of the page when it fails, for whoever reads the CI log. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      mkdirSync(RESULTS, { recursive: true });
      const file = path.join(RESULTS, `audit-e2e-${name}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      const text = await page.locator('body').innerText().catch(() => '');
      console.error(`[audit e2e] step "${name}" failed at ${page.url()}; screenshot: ${file}\npage text: ${text.slice(0, 500)}`);
      throw error;
    }
  }

  async function signIn(username: string, password: string): Promise<void> {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('home-welcome').waitFor();
  }

  it('lets an auditor find a failed sign-in, verify its proof in the browser and export the log; staff get 403', async () => {
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
