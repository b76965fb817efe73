import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/index.js';
import enUS from '../../web/src/i18n/en-US.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { apiCall, apiToken, openConsole, skipWithoutChromium, type ConsoleSession, type Json } from './browser-support.js';


const DENIALS = 5;

/**
 * 异常告警 and 违规处理 in one story (issue 7, policy 6.1 and Ch.7): a member of staff keeps poking at
 * the audit log and is refused each time; the scan raises a repeated-denials alert. The information
 * administrator opens it, sees every evidence entry's inclusion proof verified in the browser,
 * escalates it to a case, notes the investigation, suspends the subject (whose session ends at once),
 * is refused bogus evidence, and decides a warning in English. The subject, back in, is refused the
 * alert page but sees their own case without the investigation note and files an appeal.
 */
describe.skipIf(skipWithoutChromium('alerts-violations'))('anomaly alerts and violation cases (Chromium)', () => {
  let session: ConsoleSession;

  async function signInApi(username: string): Promise<Response> {
    return fetch(`${session.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  }

  const token = (username: string): Promise<string> => apiToken(session.server.url, username);

  const api = (bearer: string, method: 'GET' | 'POST', url: string) => apiCall(session.server.url, bearer, method, url);

  beforeAll(async () => {
    session = await openConsole('alerts-violations');
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('raises an alert, verifies its evidence, escalates it, suspends and warns the subject, who appeals', async () => {
    const { page, step, signIn, signOut } = session;
    let wang = '';
    let admin = '';
    let alertId = '';
    let caseId = '';
    const note = '已调取该账号近一周的访问记录';

    await step('repeated-denials-raise-an-alert', async () => {
      wang = await token('dr.wang');
      for (let i = 0; i < DENIALS; i += 1) expect((await api(wang, 'GET', '/audit/events')).status).toBe(403);
      admin = await token('infoadmin');
      const scan = await api(admin, 'POST', '/alerts/scan');
      expect(scan.status).toBe(200);
      expect(scan.body.raised).toBeGreaterThanOrEqual(1);
      const open = (await api(admin, 'GET', '/alerts?status=open&rule=repeated-denials')).body.items as Json[];
      const alert = open.find((a) => a.subject.username === 'dr.wang');
      expect(alert?.evidence).toHaveLength(DENIALS);
      alertId = alert!.id as string;
    });

    await step('alert-evidence-verified', async () => {
      await page.goto('/login');
      await signIn('infoadmin');
      const menu = page.getByTestId('menu-alerts');
      expect(await menu.textContent()).toBe(zhCN.nav.alerts);
      await menu.click();
      await page.waitForURL('**/alerts');
      const row = page.getByTestId(`alert-row-${alertId}`);
      await row.waitFor();
      expect(await row.textContent()).toContain(zhCN.alertRule['repeated-denials']);
      await page.getByTestId(`alert-open-${alertId}`).click();
      const detail = page.getByTestId('alert-detail');
      await detail.getByTestId('alert-subject').filter({ hasText: 'dr.wang' }).waitFor();
      // Every evidence entry's proof recomputed in this browser against the signed checkpoint.
      const verified = detail.locator('[data-testid="audit-proof-status"][data-status="verified"]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="alert-detail"] [data-testid="audit-proof-status"][data-status="verified"]').length === n, DENIALS);
      expect(await verified.count()).toBe(DENIALS);
      expect(await detail.locator('[data-testid="audit-proof-status"]').count()).toBe(DENIALS);
      expect(await detail.getByTestId('alert-facts').textContent()).toContain(zhCN.alertFact.denials);
    });

    await step('escalate-to-a-case', async () => {
      await page.getByTestId('alert-escalate').click();
      await page.getByTestId('triage-form').waitFor();
      await page.getByTestId('triage-reason').fill('多次尝试查看审计日志，需调查');
      await page.getByTestId('triage-form-submit').click();
      const link = page.getByTestId('alert-case-link');
      await link.waitFor();
      expect(await page.getByTestId('alert-detail').getByTestId('alert-status').getAttribute('data-status')).toBe('escalated');
      caseId = decodeURIComponent((await link.getAttribute('href'))!.split('/').pop()!);
      await link.click();
      await page.waitForURL(`**/violations/${caseId}`);
      await page.getByTestId('case-title').waitFor();
      expect(await page.getByTestId('case-subject').textContent()).toContain('dr.wang');
      expect(await page.getByTestId('case-status').getAttribute('data-status')).toBe('open');
      expect(await page.getByTestId('case-evidence').textContent()).toContain(zhCN.violations.evidenceAlert);
    });

    await step('note-and-suspend', async () => {
      await page.getByTestId('case-note-text').fill(note);
      await page.getByTestId('case-note-submit').click();
      await page.getByTestId('case-event-note').filter({ hasText: note }).waitFor();

      await page.getByTestId('case-action-suspend').click();
      const warning = page.getByTestId('suspension-form').getByTestId('suspension-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toContain(zhCN.violations.suspendWarning);
      await page.getByTestId('suspension-reason').fill('调查期间暂停其权限');
      await page.getByTestId('suspension-form-submit').click();
      await page.getByTestId('case-suspended').waitFor();
      await page.getByTestId('case-event-suspended').waitFor();
      // In force at once: the subject's session is gone and a new sign-in is refused.
      expect((await api(wang, 'GET', '/me')).status).toBe(401);
      expect((await signInApi('dr.wang')).status).toBeGreaterThanOrEqual(400);
    });

    await step('bogus-evidence-refused', async () => {
      await page.getByTestId('case-action-evidence').click();
      await page.getByTestId('case-form-seqs').fill('99999999');
      await page.getByTestId('evidence-form-submit').click();
      // The server's problem+json, in the console's language, inside the form.
      const error = page.getByTestId('evidence-form-error');
      await error.waitFor();
      expect(await error.textContent()).toMatch(/证据不存在.*99999999/);
      await page.keyboard.press('Escape');
      await page.getByTestId('evidence-form').waitFor({ state: 'hidden' });
    });

    await step('decide-a-warning-in-english', async () => {
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-option-en-US').click();
      await page.getByTestId('case-status').filter({ hasText: enUS.violationStatus.open }).waitFor();
      await page.getByTestId('case-action-decide').click();
      const form = page.getByTestId('decision-form');
      await form.waitFor();
      // Termination is worded for a member of staff.
      expect(await form.textContent()).toContain(enUS.violationDecision.terminationUser);
      await page.getByTestId('decision-kind-warning').click();
      await page.getByTestId('decision-reason').fill('First offence: a warning');
      await page.getByTestId('decision-form-submit').click();
      await page.locator('[data-testid="case-status"][data-status="decided"]').waitFor();
      expect(await page.getByTestId('case-decision').textContent()).toBe(enUS.violationDecision.warning);
      await page.getByTestId('case-suspended').waitFor({ state: 'detached' });
      // The warning ends the suspension: the subject can sign in again.
      wang = await token('dr.wang');
    });

    await step('subject-sees-own-case-and-appeals', async () => {
      await signOut();
      await signIn('dr.wang');
      expect(await page.getByTestId('menu-alerts').count()).toBe(0);
      await page.goto('/alerts');
      await page.getByText(enUS.error.forbidden).waitFor();
      expect(await page.getByTestId('alerts-table').count()).toBe(0);

      await page.goto('/violations');
      await page.getByTestId('violations-intro').filter({ hasText: enUS.violations.introSubject }).waitFor();
      await page.getByTestId(`violation-row-${caseId}`).waitFor();
      expect(await page.getByTestId('violations-new').count()).toBe(0);
      await page.getByTestId(`violation-open-${caseId}`).click();
      await page.getByTestId('case-subject-note').waitFor();
      // The subject sees the decision but not the investigation note, and has nothing to act on but the appeal.
      expect(await page.getByTestId('case-timeline').textContent()).not.toContain(note);
      expect(await page.locator('[data-testid^="case-action-"]').count()).toBe(0);
      await page.getByTestId('case-appeal-text').fill('I was checking whether my own access had been logged.');
      await page.getByTestId('case-appeal-submit').click();
      await page.getByTestId('case-event-appeal').waitFor();
      const handled = await api(admin, 'GET', `/violations/${caseId}`);
      expect((handled.body.history as Json[]).map((h) => h.kind)).toEqual(['opened', 'note', 'suspended', 'decision_in_force', 'suspension_lifted', 'appeal']);
    });
  }, 180_000);
});
