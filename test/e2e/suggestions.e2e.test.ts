import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/index.js';
import enUS from '../../web/src/i18n/en-US.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { openConsole, skipWithoutChromium, type ConsoleSession } from './browser-support.js';

const TEXT = '导出包下载前建议增加二次确认，避免误发给外部机构（e2e）。';
const ANSWER = '已在下载前增加二次确认，下周上线。';
const FILE = { name: '截图说明.txt', mimeType: 'text/plain', buffer: Buffer.from('下载按钮旁没有确认提示。\n', 'utf8') };

/**
 * The suggestion channel (反馈渠道, policy Ch.7 (2)) through the console: a nurse submits an anonymous
 * complaint with a file, the information administrator finds it in the queue without her name, downloads
 * the file and answers, and the nurse reads the answer by following her inbox notice. Someone else's
 * suggestion is a 404 to her.
 */
describe.skipIf(skipWithoutChromium('suggestions'))('suggestion channel (Chromium)', () => {
  let session: ConsoleSession;
  let othersId = '';

  beforeAll(async () => {
    session = await openConsole('suggestions', { acceptDownloads: true });
    // A named suggestion by a colleague, through the API: hers to be refused, the queue's to show by name.
    const login = await fetch(`${session.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'dr.wang', password: DEMO_PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${session.server.url}/api/v1/suggestions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ kind: 'suggestion', category: 'review', text: '审查意见希望能附上依据条款。' }),
    });
    expect(created.status).toBe(201);
    othersId = ((await created.json()) as { id: string }).id;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('takes an anonymous complaint from staff to an answer the handler gives without knowing who sent it', async () => {
    const { page, step } = session;
    // The console is loaded once; each sign-out leaves the login page where the next person signs in.
    let id = '';

    await step('nurse-submits-anonymously', async () => {
      await session.signInAs('nurse.zhao');
      const menu = page.getByTestId('menu-suggestions');
      expect(await menu.textContent()).toBe(zhCN.nav.suggestions);
      await menu.click();
      await page.waitForURL('**/suggestions');
      await page.getByTestId('suggestion-table').getByText(zhCN.suggestion.emptyMine).waitFor();
      // Staff see only their own: no queue to switch to.
      expect(await page.getByTestId('suggestion-scope').count()).toBe(0);
      await page.getByTestId('suggestion-new').click();
      const form = page.getByTestId('suggestion-form');
      await form.waitFor();
      // Sent empty, the form names what is missing and sends nothing.
      await page.getByTestId('suggestion-form-submit').click();
      await form.getByText(zhCN.suggestion.textTooShort.replace('{{min}}', '5')).waitFor();
      await form.getByText(zhCN.suggestion.categoryRequired).waitFor();
      await page.getByTestId('suggestion-form-kind-complaint').click();
      await page.getByTestId('suggestion-form-category').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '安全与隐私' }).click();
      await page.getByTestId('suggestion-form-text').fill(TEXT);
      await page.getByTestId('suggestion-attachment').locator('input[type="file"]').setInputFiles(FILE);
      await page.getByTestId('suggestion-attachment-name').filter({ hasText: FILE.name }).waitFor();
      expect(await page.getByTestId('suggestion-anonymous-help').textContent()).toBe(zhCN.suggestion.anonymousHelp);
      await page.getByTestId('suggestion-form-anonymous').click();
      await page.getByTestId('suggestion-form-submit').click();
      await page.waitForURL(/\/suggestions\/[^/]+$/);
      id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      const detail = page.locator('[data-testid="suggestion-detail"][data-status="open"]');
      await detail.waitFor();
      await detail.getByTestId('suggestion-anonymous-mine').waitFor();
      expect(await page.getByTestId('suggestion-text').textContent()).toBe(TEXT);
      await session.signOut();
    });

    await step('handler-queue-hides-the-name', async () => {
      await session.signIn('infoadmin');
      await page.getByTestId('menu-suggestions').click();
      await page.waitForURL('**/suggestions');
      // The handlers' queue opens by default; anonymous shows as such, a named one by name.
      const row = page.locator(`[data-testid="suggestion-row-${id}"][data-anonymous="true"]`);
      await row.waitFor();
      const rowText = (await row.textContent()) ?? '';
      expect(rowText).toContain(zhCN.suggestion.anonymousSubmitter);
      expect(rowText).not.toContain('赵丽');
      expect(await page.getByTestId(`suggestion-row-${othersId}`).getByTestId('suggestion-submitter').textContent()).toContain('王明');
      // This quarter's figures, as the quarterly report counts them.
      await page.getByTestId('suggestion-stats-load').click();
      await page.locator('[data-testid="suggestion-stats-category-security-privacy"][data-count="1"]').waitFor();
      expect(Number(await page.getByTestId('suggestion-stats-received').locator('.ant-statistic-content-value').textContent())).toBeGreaterThanOrEqual(2);
    });

    await step('handler-downloads-and-answers', async () => {
      await page.getByTestId(`suggestion-row-${id}`).getByTestId('suggestion-open').click();
      await page.waitForURL(`**/suggestions/${id}`);
      const detail = page.getByTestId('suggestion-detail');
      await detail.getByTestId('suggestion-anonymous').waitFor();
      const detailText = (await detail.textContent()) ?? '';
      for (const trace of ['赵丽', 'nurse.zhao', '护理部']) expect(detailText).not.toContain(trace);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('suggestion-download').click()]);
      expect(download.suggestedFilename()).toBe(FILE.name);
      expect(readFileSync(await download.path()).equals(FILE.buffer)).toBe(true);
      await page.getByTestId('suggestion-reply-text').fill(ANSWER);
      await page.getByTestId('suggestion-reply-submit').click();
      await page.locator('[data-testid="suggestion-detail"][data-status="answered"]').waitFor();
      const answer = page.locator('[data-testid="suggestion-event"][data-action="answer"]');
      expect(await answer.getByTestId('suggestion-event-text').textContent()).toBe(ANSWER);
      expect(await answer.textContent()).toContain('张信安');
      await session.signOut();
    });

    await step('nurse-reads-the-answer-from-her-inbox', async () => {
      await session.signIn('nurse.zhao');
      await page.getByTestId('header-inbox').click();
      await page.waitForURL('**/inbox');
      // The notice of an anonymous suggestion does not name it: it leads to her own list.
      await page.locator('[data-testid="inbox-item"][data-kind="suggestion-answered"]').getByTestId('inbox-open').click();
      await page.waitForURL((url) => url.pathname === '/suggestions');
      await page.locator(`[data-testid="suggestion-row-${id}"][data-status="answered"]`).getByTestId('suggestion-open').click();
      await page.waitForURL(`**/suggestions/${id}`);
      await page.locator('[data-testid="suggestion-event"][data-action="answer"]').getByText(ANSWER).waitFor();
      // Within the window she may contest the answer or close it.
      await page.getByTestId('suggestion-reopen').waitFor();
      await page.getByTestId('suggestion-close').waitFor();
    });

    await step('someone-elses-is-not-found', async () => {
      // As a typed or shared link would; moved to in the page, so the console is not loaded again.
      await page.evaluate((path) => {
        window.history.pushState(null, '', path);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, `/suggestions/${othersId}`);
      const missing = page.getByTestId('suggestion-not-found');
      await missing.getByText(zhCN.suggestion.notFound).waitFor();
      expect(await page.getByTestId('suggestion-detail').count()).toBe(0);
    });

    await step('in-english', async () => {
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-option-en-US').click();
      await page.getByTestId('suggestion-not-found').getByText(enUS.suggestion.notFound).waitFor();
      expect(await page.getByTestId('menu-suggestions').textContent()).toBe(enUS.nav.suggestions);
    });
  }, 120_000);
});
