import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEPARTMENTS, DEMO_USERS } from '../../src/demo/index.js';
import enUS from '../../web/src/i18n/en-US.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { openConsole, skipWithoutChromium, type ConsoleSession } from './browser-support.js';

const CJK = /[\u4e00-\u9fff]/;

describe.skipIf(skipWithoutChromium('console'))('web console (Chromium)', () => {
  let session: ConsoleSession;

  beforeAll(async () => {
    session = await openConsole('console');
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('signs in, switches language, creates a user who can then sign in', async () => {
    const { page, step, submitLogin, signIn } = session;
    const infoAdmin = DEMO_USERS.find((u) => u.username === 'infoadmin')!;
    const internal = DEMO_DEPARTMENTS.find((d) => d.code === 'NK')!;
    const username = `e2e.${Date.now().toString(36)}`;
    const displayName = 'E2E Tester';
    const password = 'Welcome@2026x';

    await step('redirect-to-login', async () => {
      await page.goto('/');
      await page.waitForURL('**/login');
      // Chinese is the default language, whatever the browser prefers.
      await page.getByText(zhCN.login.subtitle).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    });

    await step('wrong-password', async () => {
      await submitLogin('infoadmin', 'not-the-password');
      const error = page.getByTestId('login-error');
      await error.waitFor();
      // The server's problem detail, in the language the console asked for.
      expect(await error.textContent()).toMatch(CJK);
    });

    await step('sign-in-infoadmin', async () => {
      await signIn('infoadmin');
      expect(await page.getByTestId('header-user-name').textContent()).toBe(infoAdmin.displayName);
      expect(await page.getByTestId('menu-users').textContent()).toBe(zhCN.nav.users);
    });

    await step('switch-to-english', async () => {
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-option-en-US').click();
      await page.getByTestId('menu-users').filter({ hasText: enUS.nav.users }).waitFor();
      expect(await page.getByTestId('menu-departments').textContent()).toBe(enUS.nav.departments);
      expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    });

    await step('create-user', async () => {
      await page.getByTestId('menu-users').click();
      await page.waitForURL('**/admin/users');
      await page.getByTestId('users-table').locator('tbody tr.ant-table-row').first().waitFor();
      await page.getByTestId('users-create').click();
      const form = page.getByTestId('user-form');
      await form.waitFor();
      await page.getByTestId('user-form-username').fill(username);
      await page.getByTestId('user-form-displayName').fill(displayName);
      // Pick the department by typing, as a keyboard user would; the list is virtualised.
      const department = page.getByTestId('user-form-department');
      await department.click();
      await department.locator('input').fill(internal.en);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option-active', { hasText: internal.en }).waitFor();
      await department.locator('input').press('Enter');
      await department.locator('.ant-select-content-has-value', { hasText: internal.en }).waitFor();
      // Staff is preselected for a new user; the form must show it under its English label.
      await form.locator('.ant-select-selection-item', { hasText: enUS.role.staff }).waitFor();
      await page.getByTestId('user-form-password').fill(password);
      await page.getByTestId('user-form-submit').click();
      await form.waitFor({ state: 'hidden' });
      const row = page.getByTestId('users-table').locator('tbody tr.ant-table-row', { hasText: username });
      await row.waitFor();
      expect(await row.textContent()).toContain(internal.en);
      expect(await row.textContent()).toContain(enUS.role.staff);
    });

    await step('sign-out', async () => {
      await page.getByTestId('logout').click();
      await page.waitForURL('**/login');
      await page.getByText(enUS.login.subtitle).waitFor();
    });

    await step('sign-in-new-user', async () => {
      await submitLogin(username, password);
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByTestId('home-welcome').filter({ hasText: displayName }).waitFor();
      expect(await page.getByTestId('home-welcome').textContent()).toBe(enUS.home.welcome.replace('{{name}}', displayName));
      expect(await page.getByTestId('header-user-name').textContent()).toBe(displayName);
      expect(await page.getByTestId('header-user-department').textContent()).toBe(internal.en);
      // Staff have no management pages.
      expect(await page.getByTestId('menu-users').count()).toBe(0);
    });
    // A whole browser session on a 2-core CI machine; each step still has its own 15 s wait limit.
  }, 120_000);
});
