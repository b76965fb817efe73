import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { apiCall, apiToken, openConsole, skipWithoutChromium, type ConsoleSession, type Json } from './browser-support.js';

const TITLE = '检验质控抽查（e2e）';
const JUSTIFICATION = '核对检验人员操作规范';


/**
 * A share request from form to closed share through the console (policy 5.3): dr.wang files it with the
 * wizard and sees the live pre-check, the owning department's head narrows it, the privacy officer and the
 * information administrator approve it, dr.wang sees the grant and reports on its use, and each step
 * reaches the people concerned through the inbox.
 */
describe.skipIf(skipWithoutChromium('sharing'))('share request wizard, review queue, grant and usage feedback (Chromium)', () => {
  let session: ConsoleSession;
  let patients: string[];
  let requestId = '';

  const token = (username: string): Promise<string> => apiToken(session.server.url, username);

  const api = (bearer: string, path: string, purpose = 'treatment') => apiCall(session.server.url, bearer, 'GET', path, { purpose });

  beforeAll(async () => {
    session = await openConsole('sharing', {}, { config: { demoPatients: 10 } });
    // Two patients with lab reports, worked out through the API: 医务部 holds every Patient record,
    // 检验科 every lab report.
    const medical = await token('head.medical');
    const lab = await token('lab.sun');
    const everyone = (await api(medical, '/patients?limit=50')).body.items as Json[];
    patients = [];
    for (const patient of everyone) {
      const reports = await api(lab, `/patients/${patient.patientId as string}/records?resource=CLIN_LAB_REPORT&limit=1`, 'quality-control');
      if (reports.status === 200 && (reports.body.total as number) > 0) patients.push(patient.patientId as string);
      if (patients.length === 2) break;
    }
    if (patients.length < 2) throw new Error('the demo has fewer than two patients with lab reports');
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  async function pick(testId: string, text: string): Promise<void> {
    const { page } = session;
    await page.getByTestId(testId).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).click();
  }

  /** Opens the request from the review queue and decides the current step. */
  async function decide(username: string, decision: 'approve' | 'narrow', reason: string, narrow?: () => Promise<void>): Promise<void> {
    const { page } = session;
    await session.signInAs(username);
    await page.getByTestId('menu-reviews').click();
    await page.waitForURL('**/reviews');
    const row = page.getByTestId(`review-row-${requestId}`);
    await row.getByTestId('review-open').click();
    await page.waitForURL(`**/reviews/${requestId}`);
    const panel = page.getByTestId('review-panel');
    await panel.waitFor();
    await page.getByTestId(`review-decision-${decision}`).click();
    if (narrow) await narrow();
    await page.getByTestId('review-reason').fill(reason);
    await page.getByTestId('review-submit').click();
    // Decided, the request leaves this reviewer's queue.
    await page.waitForURL((url) => url.pathname === '/reviews');
    await page.getByTestId(`review-row-${requestId}`).waitFor({ state: 'detached' });
    await session.signOut();
  }

  it('goes from the wizard through narrowing and two approvals to a grant, feedback and a closed share', async () => {
    const { page, step } = session;
    const precheck = page.getByTestId('precheck-panel');

    await step('wizard-basics', async () => {
      await session.signInAs('dr.wang');
      const menu = page.getByTestId('menu-shareRequests');
      expect(await menu.textContent()).toBe(zhCN.nav.shareRequests);
      // Staff file requests; reviewing is for others. Grants are listed too: those of their own requests and department.
      expect(await page.getByTestId('menu-reviews').count()).toBe(0);
      expect(await page.getByTestId('menu-grants').count()).toBe(1);
      await menu.click();
      await page.waitForURL('**/share-requests');
      await page.getByTestId('share-request-new').click();
      await page.waitForURL('**/share-requests/new');
      // Nothing to pre-check yet: the panel lists what is missing.
      await page.locator('[data-testid="precheck-panel"][data-state="incomplete"]').waitFor();
      // Moving on with an empty first step names what is missing.
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-problems').filter({ hasText: zhCN.wizard.problem.title }).waitFor();
      await page.getByTestId('wizard-title').fill(TITLE);
      // The recipient starts as the requester's own department.
      await page.getByTestId('wizard-recipient').filter({ hasText: '内科' }).waitFor();
      await pick('wizard-purpose', '质量控制');
      await page.getByTestId('wizard-purpose').filter({ hasText: '质量控制' }).waitFor();
      await page.getByTestId('wizard-legal-basis-legal-duty').click();
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-add-resource').waitFor();
    });

    await step('wizard-resources', async () => {
      const add = page.getByTestId('wizard-add-resource');
      await add.click();
      await add.locator('input').fill('CLIN_LAB_REPORT');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'CLIN_LAB_REPORT' }).click();
      const resource = page.getByTestId('wizard-resource-CLIN_LAB_REPORT');
      await resource.waitFor();
      await page.getByTestId('wizard-field-row-CLIN_LAB_REPORT-performer').waitFor();
      // The quality-control template's necessary fields come ticked and marked; the rest are not.
      for (const field of ['testCode', 'collectedAt', 'resultQuantity', 'resultCode', 'interpretation']) {
        expect(await page.getByTestId(`wizard-field-CLIN_LAB_REPORT-${field}`).isChecked(), field).toBe(true);
        await page.getByTestId(`wizard-field-row-CLIN_LAB_REPORT-${field}`).getByTestId('wizard-necessary').waitFor();
      }
      expect(await page.getByTestId('wizard-field-CLIN_LAB_REPORT-performer').isChecked()).toBe(false);
      // One field beyond the template, with the reason for it.
      await page.getByTestId('wizard-field-CLIN_LAB_REPORT-performer').check();
      await page.getByTestId('wizard-field-row-CLIN_LAB_REPORT-performer').getByTestId('wizard-extra').waitFor();
      await page.getByTestId('wizard-justification-CLIN_LAB_REPORT-performer').fill(JUSTIFICATION);
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-patient-ids').waitFor();
    });

    await step('wizard-scope-and-live-precheck', async () => {
      await page.getByTestId('wizard-patient-ids').fill(patients.join('\n'));
      await page.getByText(zhCN.wizard.patientIdsHint.replace('{{count}}', '2')).waitFor();
      // Complete, the form is pre-checked live: the extra field is a warning, the conditional share a note, nothing blocks.
      const extra = precheck.locator('[data-testid="finding"][data-check="fields-necessary"][data-severity="warn"]');
      await extra.waitFor();
      expect(await extra.textContent()).toContain('performer');
      await precheck.locator('[data-testid="finding"][data-check="share-condition"][data-severity="info"]').waitFor();
      expect(await precheck.locator('[data-testid="finding"][data-severity="block"]').count()).toBe(0);
      // The live check follows the form: 120 days is beyond the purpose's 90 and blocks.
      await page.getByTestId('wizard-access-days').fill('120');
      await precheck.locator('[data-testid="finding"][data-check="access-period"][data-severity="block"]').waitFor();
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-confirm').waitFor();
    });

    await step('wizard-blocked-submission', async () => {
      // Submitting anyway saves the draft, and the server refuses it (422) for the blocking finding.
      await page.getByTestId('wizard-submit').click();
      const refused = page.getByTestId('wizard-error');
      await refused.waitFor();
      expect(await refused.textContent()).toMatch(/预审/);
      expect(new URL(page.url()).pathname).toBe('/share-requests/new');
      // Shortened to 30 days, nothing blocks any more; the saved draft is updated and submitted.
      await page.getByTestId('wizard-prev').click();
      await page.getByTestId('wizard-access-days').fill('30');
      await precheck.locator('[data-testid="finding"][data-check="access-period"]').waitFor({ state: 'detached' });
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('wizard-confirm').waitFor();
    });

    await step('wizard-submit', async () => {
      // The read-back sets the requested fields beside the purpose's necessary ones.
      expect(await page.getByTestId('compare-row-CLIN_LAB_REPORT-performer').getAttribute('data-verdict')).toBe('extra');
      expect(await page.getByTestId('compare-row-CLIN_LAB_REPORT-testCode').getAttribute('data-verdict')).toBe('necessary');
      expect(await page.getByTestId('compare-row-CLIN_LAB_REPORT-performer').textContent()).toContain(JUSTIFICATION);
      await page.getByTestId('wizard-submit').click();
      await page.waitForURL((url) => /^\/share-requests\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
      requestId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
      await page.locator('[data-testid="request-state"][data-state="in_review"]').waitFor();
      expect(await page.getByTestId('request-title').textContent()).toBe(TITLE);
      // Steps by risk: 检验科's head (level-4 data owned by 检验科), the privacy officer, the information administrator.
      const steps = page.getByTestId('request-steps');
      expect(await steps.textContent()).toContain(`${zhCN.reviewerRole.dept_head}（检验科）`);
      expect(await steps.textContent()).toContain(zhCN.reviewerRole.privacy_officer);
      expect(await steps.textContent()).toContain(zhCN.reviewerRole.info_admin);
      await page.getByTestId('request-step-due').waitFor();
      await page.getByTestId('request-findings').locator('[data-check="fields-necessary"]').waitFor();
      // Listed under my requests, in review: the draft saved by the refused submission is the one submitted.
      await page.getByTestId('menu-shareRequests').click();
      await page.locator(`[data-testid="request-row-${requestId}"][data-state="in_review"]`).waitFor();
      expect(await page.getByTestId('share-request-table').locator('tbody tr.ant-table-row', { hasText: TITLE }).count()).toBe(1);
      await session.signOut();
    });

    await step('head-lab-narrows', async () => {
      await session.signInAs('head.lab');
      // The new review item waits in the inbox…
      await page.locator('[data-testid="inbox-unread"]:not([data-count="0"])').waitFor();
      await page.getByTestId('header-inbox').click();
      await page.waitForURL('**/inbox');
      const notice = page.locator(`[data-testid="inbox-item"][data-kind="review-item"][data-subject="${requestId}"]`);
      await notice.waitFor();
      expect(await notice.textContent()).toContain(TITLE);
      // …and leads into the review queue's view of the request.
      await notice.getByTestId('inbox-open').click();
      await page.waitForURL(`**/reviews/${requestId}`);
      await page.getByTestId('review-panel').waitFor();
      // Requested beside necessary, field by field.
      expect(await page.getByTestId('compare-row-CLIN_LAB_REPORT-performer').getAttribute('data-verdict')).toBe('extra');
      expect(await page.getByTestId('compare-row-CLIN_LAB_REPORT-resultQuantity').getAttribute('data-verdict')).toBe('necessary');
      await session.signOut();
      await decide('head.lab', 'narrow', '检验人员信息非质控必要', async () => {
        await page.getByTestId('review-narrowing').waitFor();
        await page.getByTestId('narrow-drop-CLIN_LAB_REPORT-performer').check();
      });
    });

    await step('privacy-and-infoadmin-approve', async () => {
      await decide('privacy', 'approve', '已去除非必要字段，同意');
      await decide('infoadmin', 'approve', '合法且必要，同意授权');
    });

    await step('infoadmin-sees-the-grant', async () => {
      await session.signInAs('infoadmin');
      await page.getByTestId('menu-grants').click();
      await page.waitForURL('**/grants');
      const row = page.getByTestId('grant-table').locator('tbody tr.ant-table-row').filter({ has: page.locator(`a[href="/share-requests/${requestId}"]`) });
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('active');
      await row.getByTestId('grant-open').click();
      const fields = page.getByTestId('grant-detail-fields');
      await fields.waitFor();
      // Exactly the narrowed fields: the performer is gone.
      expect(await fields.textContent()).toContain('检验项目');
      expect(await fields.textContent()).not.toContain('检验者');
      await page.keyboard.press('Escape');
      await fields.waitFor({ state: 'hidden' });
      await session.signOut();
    });

    await step('dr-wang-sees-grant-and-reports', async () => {
      await session.signInAs('dr.wang');
      await page.getByTestId('header-inbox').click();
      await page.waitForURL('**/inbox');
      const approved = page.locator(`[data-testid="inbox-item"][data-kind="approved"][data-subject="${requestId}"]`);
      await approved.waitFor();
      await approved.getByTestId('inbox-open').click();
      await page.waitForURL(`**/share-requests/${requestId}`);
      await page.locator('[data-testid="request-state"][data-state="granted"]').waitFor();
      // The history of decisions: narrowed, approved, approved, each with its reason.
      const history = page.getByTestId('review-history').locator('[data-testid="review-history-row"]');
      expect(await history.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-decision')))).toEqual(['narrow', 'approve', 'approve']);
      expect(await page.getByTestId('review-history').textContent()).toContain('检验人员信息非质控必要');
      // The grant, with the narrowed fields.
      const grants = page.getByTestId('request-grants');
      const grant = grants.locator('tbody tr.ant-table-row').first();
      await grant.waitFor();
      expect(await grant.getByTestId('grant-fields').textContent()).not.toContain('检验者');
      expect(await grant.getByTestId('grant-fields').textContent()).toContain('检验项目');
      await grant.locator('[data-testid^="grant-feedback-"]').click();
      const form = page.getByTestId('feedback-form');
      await form.waitFor();
      await page.getByTestId('feedback-used-for').fill('检验科质控抽查：核对两名患者的检验结果');
      await page.getByTestId('feedback-records-used').fill('12');
      await page.getByTestId('feedback-outcome').fill('结果符合室内质控要求');
      await form.getByText(zhCN.feedback.destroyed, { exact: true }).click();
      await page.getByTestId('feedback-form-submit').click();
      await form.waitFor({ state: 'hidden' });
      // The only grant reported on, the share closes.
      await page.locator('[data-testid="request-state"][data-state="closed"]').waitFor();
      await page.getByText(zhCN.shareRequest.closedTitle).waitFor();
      await grants.locator('[data-testid="feedback-state"][data-state="submitted"]').waitFor();
      // Listed under usage feedback as submitted.
      await page.getByTestId('menu-feedback').click();
      await page.waitForURL('**/feedback');
      await page.getByTestId('feedback-table').locator('[data-state="submitted"]').filter({ hasText: TITLE }).waitFor();
    });

    await step('inbox-marks-read', async () => {
      await page.getByTestId('header-inbox').click();
      await page.waitForURL('**/inbox');
      await page.getByTestId('inbox-filter').getByText(zhCN.inbox.filterAll, { exact: true }).click();
      // The approval, read when it was opened.
      await page.locator(`[data-testid="inbox-item"][data-kind="approved"][data-subject="${requestId}"][data-read="true"]`).waitFor();
      const unread = await page.locator('[data-testid="inbox-item"][data-read="false"]').count();
      if (unread > 0) await page.getByTestId('inbox-mark-all').click();
      await page.locator('[data-testid="inbox-unread"][data-count="0"]').waitFor();
      expect(await page.locator('[data-testid="inbox-item"][data-read="false"]').count()).toBe(0);
    });
  }, 240_000);
});
