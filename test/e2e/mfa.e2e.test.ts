import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/index.js';
import { totpCode, totpStep } from '../../src/org/totp.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { skippingClock } from '../support/clock.js';
import { apiCall, apiToken, openConsole, skipWithoutChromium, type ConsoleSession } from './browser-support.js';

const CJK = /[\u4e00-\u9fff]/;
const NURSE = 'nurse.zhao';

/** A six-digit code that none of the steps the server accepts around `at` (±1) would produce. */
function wrongCode(secret: string, at: Date): string {
  const accepted = new Set([-30_000, 0, 30_000].map((offset) => totpCode(secret, new Date(at.getTime() + offset))));
  let guess = Number(totpCode(secret, at));
  do guess = (guess + 1) % 1_000_000;
  while (accepted.has(String(guess).padStart(6, '0')));
  return String(guess).padStart(6, '0');
}

// The server's clock, skipped forward where a real authenticator would wait for the next step.
const clock = skippingClock();

/** Moves the server's clock into the step after `step`: a code of a step already used is refused as a replay. */
function stepAfter(step: number): void {
  clock.skipTo(new Date((step + 1) * 30_000 + 1_000));
}

describe.skipIf(skipWithoutChromium('mfa'))('two-step sign-in (Chromium)', () => {
  let session: ConsoleSession;

  beforeAll(async () => {
    session = await openConsole('mfa', {}, { clock });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('enrols an authenticator, signs in with a recovery code and a code, and is reset by the administrator', async () => {
    const { page, step, submitLogin, signIn, signInAs, signOut } = session;
    let secret = '';
    let confirmedStep = 0;
    let recoveryCodes: string[] = [];

    await step('enrol', async () => {
      await signInAs(NURSE);
      await page.getByTestId('menu-profile').click();
      const card = page.getByTestId('mfa-card');
      await card.waitFor();
      expect(await card.getAttribute('data-enrolled')).toBe('false');
      await page.getByTestId('mfa-enrol').click();
      const shown = (await page.getByTestId('mfa-secret').textContent()) ?? '';
      // Grouped in fours for typing by hand.
      expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
      secret = shown.replace(/\s/g, '');
      expect(await page.getByTestId('mfa-uri').textContent()).toContain(`secret=${secret}`);
      await page.getByTestId('mfa-qr').waitFor();
      const now = clock();
      confirmedStep = totpStep(now);
      await page.getByTestId('mfa-code').fill(totpCode(secret, now));
      await page.getByTestId('mfa-confirm').click();
      const list = page.getByTestId('mfa-recovery-codes');
      await list.waitFor();
      recoveryCodes = (await list.locator('li').allTextContents()).map((code) => code.trim());
      expect(recoveryCodes).toHaveLength(10);
      for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}$/);
      await page.getByTestId('mfa-recovery-done').click();
      await page.locator('[data-testid="mfa-card"][data-enrolled="true"]').waitFor();
      expect(await page.getByTestId('mfa-recovery-left').textContent()).toContain('10');
      await signOut();
    });

    await step('code-asked-and-wrong-code-refused', async () => {
      await submitLogin(NURSE, DEMO_PASSWORD);
      await page.getByTestId('login-otp').waitFor();
      // The password was right: the server asking for the code is not an error.
      expect(await page.getByTestId('login-error').count()).toBe(0);
      expect(await page.getByTestId('login-prompt').textContent()).toBe(zhCN.login.otpPrompt);
      await page.getByTestId('login-otp').fill(wrongCode(secret, clock()));
      await page.getByTestId('login-submit').click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      expect(await error.textContent()).toMatch(CJK);
      expect(new URL(page.url()).pathname).toBe('/login');
      // Still on the code step, with the code cleared for another try.
      expect(await page.getByTestId('login-otp').inputValue()).toBe('');
    });

    await step('recovery-code-signs-in', async () => {
      await page.getByTestId('login-use-recovery').click();
      await page.getByTestId('login-recovery').fill(recoveryCodes[0]!);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByTestId('home-welcome').waitFor();
      await page.getByTestId('menu-profile').click();
      await page.locator('[data-testid="mfa-card"][data-enrolled="true"]').waitFor();
      expect(await page.getByTestId('mfa-recovery-left').textContent()).toContain('9');
      await signOut();
    });

    await step('used-recovery-code-refused', async () => {
      await submitLogin(NURSE, DEMO_PASSWORD);
      await page.getByTestId('login-use-recovery').click();
      await page.getByTestId('login-recovery').fill(recoveryCodes[0]!);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('login-error').waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');
    });

    await step('fresh-code-signs-in', async () => {
      // The step used to confirm the enrolment counts as used; the next one is needed.
      stepAfter(confirmedStep);
      await page.getByTestId('login-use-otp').click();
      await page.getByTestId('login-otp').fill(totpCode(secret, clock()));
      await page.getByTestId('login-submit').click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByTestId('home-welcome').waitFor();
      await signOut();
    });

    await step('administrator-resets', async () => {
      await signIn('sysadmin');
      await page.getByTestId('menu-users').click();
      await page.waitForURL('**/admin/users');
      await page.getByTestId('users-search').locator('input').fill(NURSE);
      await page.getByTestId('users-search').locator('input').press('Enter');
      const row = page.getByTestId('users-table').locator('tbody tr.ant-table-row', { hasText: NURSE });
      await row.getByTestId(`user-mfa-${NURSE}`).filter({ hasText: zhCN.user.mfaOn }).waitFor();
      await row.getByTestId('user-mfa-reset').click();
      // A reason is required: sending without one keeps the dialog open.
      await page.getByTestId('user-mfa-reset-submit').click();
      await page.getByText(zhCN.user.mfaResetReasonRequired).waitFor();
      await page.getByTestId('user-mfa-reset-reason').fill('护士手机遗失，已当面核实身份');
      await page.getByTestId('user-mfa-reset-submit').click();
      await row.getByTestId(`user-mfa-${NURSE}`).filter({ hasText: zhCN.user.mfaOff }).waitFor();
      expect(await row.getByTestId('user-mfa-reset').count()).toBe(0);
      await signOut();
    });

    await step('password-alone-after-reset', async () => {
      await signIn(NURSE);
    });

    await step('policy-applies-at-once', async () => {
      const admin = await apiToken(session.server.url, 'infoadmin');
      const changed = await apiCall(session.server.url, admin, 'PUT', '/policy/settings/auth.mfa', { body: { value: { requiredRoles: ['staff'] }, note: 'e2e' } });
      expect(changed.status).toBe(200);
      // The next page's requests are refused (403 MFA_ENROLMENT_REQUIRED); the console sends her to enrol.
      await page.getByTestId('menu-patients').click();
      await page.waitForURL('**/profile');
      await page.getByTestId('mfa-required-banner').waitFor();
      // Nothing else is offered until the factor is set up.
      expect(await page.getByTestId('main-menu').locator('a[data-testid^="menu-"]').count()).toBe(1);
      await signOut();
    });

    await step('policy-sends-to-enrolment-at-sign-in', async () => {
      await submitLogin(NURSE, DEMO_PASSWORD);
      await page.waitForURL('**/profile');
      await page.getByTestId('mfa-required-banner').waitFor();
      // Other addresses lead back here.
      await page.goto('/patients');
      await page.waitForURL('**/profile');
      await page.getByTestId('mfa-required-banner').waitFor();
      await page.getByTestId('mfa-enrol').waitFor();
    });
  }, 90_000);
});
