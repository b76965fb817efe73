import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { apiCall, apiToken, openConsole, skipWithoutChromium, type ConsoleSession, type Json } from './browser-support.js';

const MRN_SYSTEM = 'urn:yixiang:mrn';
const REASON = '患者昏迷由急诊送入抢救，需要查阅既往检验结果和用药史';


/** The zh-CN template with its {{placeholders}} filled in. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => String(values[key]));
}

describe.skipIf(skipWithoutChromium('patients'))('patient search, integrated view and emergency access (Chromium)', () => {
  let session: ConsoleSession;

  // Worked out through the API before the browser starts, not hard-coded: the demo data decides them.
  let anchor: { id: string; mrn: string; name: string };
  let stranger: { id: string; name: string };
  let granted: { id: string; mrn: string; maskedName: string };

  const token = (username: string): Promise<string> => apiToken(session.server.url, username);

  const api = (bearer: string, method: 'GET' | 'POST', path: string, body?: unknown) => apiCall(session.server.url, bearer, method, path, { body, purpose: 'treatment' });

  const mrnOf = (patient: Json): string => (patient.identifier as Json[]).find((i) => i.system === MRN_SYSTEM)!.value as string;
  const nameOf = (patient: Json): string => (patient.name as Json[])[0]!.text as string;

  beforeAll(async () => {
    session = await openConsole('patients', {}, { config: { demoPatients: 20 } });
    const wang = await token('dr.wang');
    const medical = await token('head.medical');
    const info = await token('infoadmin');

    // dr.wang's own patients come through his care team (an open 内科 admission in the demo).
    const mine = await api(wang, 'GET', '/patients?limit=50');
    const careTeam = (mine.body.items as Json[]).find((item) => item.basis === 'care-team');
    if (!careTeam) throw new Error('dr.wang has no care-team patient in the demo');
    anchor = { id: careTeam.patientId as string, mrn: mrnOf(careTeam.resource), name: nameOf(careTeam.resource) };

    // 医务部 holds every Patient record; the others are outside dr.wang's reach when his view answers 404.
    const everyone = (await api(medical, 'GET', '/patients?limit=50')).body.items as Json[];
    const outside: Json[] = [];
    for (const patient of everyone) {
      if ((await api(wang, 'GET', `/patients/${patient.patientId as string}?limit=1`)).status === 404) outside.push(patient);
    }
    if (outside.length < 2) throw new Error('the demo has fewer than two patients outside dr.wang’s reach');
    stranger = { id: outside[0]!.patientId as string, name: nameOf(outside[0]!.resource) };

    // A second one opened to dr.wang by a grant of gender only: the rest of the record arrives masked.
    const target = outside[1]!;
    const userId = (await api(wang, 'GET', '/me')).body.user.id as string;
    const grant = await api(info, 'POST', '/grants', {
      grantee: { kind: 'user', id: userId },
      catalogCode: 'CLIN_PATIENT',
      fields: ['gender'],
      patientScope: { kind: 'patients', patientIds: [target.patientId] },
      purpose: 'treatment',
      channel: 'api',
      validTo: new Date(Date.now() + 24 * 3_600_000).toISOString(),
      maskingProfile: 'identified',
      reason: 'e2e: masked demographics',
    });
    if (grant.status !== 201) throw new Error(`grant refused: ${JSON.stringify(grant.body)}`);
    const seen = await api(wang, 'GET', `/patients/${target.patientId as string}?limit=1`);
    granted = { id: target.patientId as string, mrn: mrnOf(target.resource), maskedName: nameOf(seen.body.patient.resource) };
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  async function search(text: string): Promise<void> {
    const { page } = session;
    const input = page.getByTestId('patient-search').locator('input');
    await input.fill(text);
    await input.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === text);
  }

  it('finds a care-team patient, reads the timeline, opens emergency access for a stranger and has it reviewed', async () => {
    const { page, step } = session;
    const records = () => page.getByTestId('patient-timeline').getByTestId('timeline-record');

    await step('purpose-of-use', async () => {
      await session.signInAs('dr.wang');
      const menu = page.getByTestId('menu-patients');
      expect(await menu.textContent()).toBe(zhCN.nav.patients);
      // Reviewing emergency access is the information administrator's.
      expect(await page.getByTestId('menu-emergencyReview').count()).toBe(0);
      await menu.click();
      await page.waitForURL((url) => url.pathname === '/patients');
      // The purpose of use starts at treatment (诊疗); every read carries the chosen one (X-Purpose-Of-Use).
      await page.getByTestId('purpose-select').filter({ hasText: '诊疗' }).waitFor();
      const referral = page.waitForRequest((request) => request.url().includes('/api/v1/patients') && request.headers()['x-purpose-of-use'] === 'referral');
      await page.getByTestId('purpose-select').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '转诊' }).click();
      await referral;
      // The choice stays for the session, across pages.
      await page.getByTestId('menu-home').click();
      await page.getByTestId('home-welcome').waitFor();
      await menu.click();
      await page.getByTestId('purpose-select').filter({ hasText: '转诊' }).waitFor();
      const treatment = page.waitForRequest((request) => request.url().includes('/api/v1/patients') && request.headers()['x-purpose-of-use'] === 'treatment');
      await page.getByTestId('purpose-select').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '诊疗' }).click();
      await treatment;
    });

    await step('search-care-team-patient', async () => {
      // Without a search: everyone open to him (his care-team patient, and one opened by a grant).
      await page.getByTestId(`patient-row-${granted.id}`).waitFor();
      await search(anchor.mrn);
      await page.getByTestId(`patient-row-${granted.id}`).waitFor({ state: 'detached' });
      const row = page.getByTestId(`patient-row-${anchor.id}`);
      await row.waitFor();
      expect(await page.getByTestId('patient-count').textContent()).toBe(fill(zhCN.patients.count, { total: 1, count: 1 }));
      expect(await page.getByTestId('patient-table').locator('tbody tr.ant-table-row').count()).toBe(1);
      expect(await row.textContent()).toContain(anchor.name);
      const basis = row.getByTestId('basis-tag');
      expect(await basis.textContent()).toBe(zhCN.accessBasis.careTeam);
      expect(await basis.getAttribute('data-basis')).toBe('care-team');
    });

    await step('open-integrated-view', async () => {
      await page.getByTestId(`patient-row-${anchor.id}`).click();
      await page.waitForURL(`**/patients/${anchor.id}`);
      expect(await page.getByTestId('patient-name').textContent()).toBe(anchor.name);
      await page.getByTestId('purpose-select').filter({ hasText: '诊疗' }).waitFor();
      await records().first().waitFor();
      const count = await records().count();
      expect(count).toBeGreaterThan(5);
      // Every record carries its access basis; these are all through the care team, none flagged.
      expect(await page.getByTestId('patient-timeline').getByTestId('basis-tag').count()).toBeGreaterThanOrEqual(count);
      for (const tag of await page.getByTestId('patient-timeline').getByTestId('basis-tag').allTextContents()) expect(tag).toBe(zhCN.accessBasis.careTeam);
      expect(await page.locator('[data-testid="timeline-record"][data-emergency="true"]').count()).toBe(0);
      // Records from several departments, each named by its catalog resource.
      const catalogs = new Set(await records().evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-catalog'))));
      expect(catalogs.size).toBeGreaterThan(2);
      expect(await records().first().getByTestId('record-resource').textContent()).not.toMatch(/^[A-Z_]+$/);
      // Existing lab and imaging results of the last days sit beside the timeline.
      await page.getByTestId('recent-results').getByTestId('timeline-record').first().waitFor();
    });

    await step('timeline-load-more', async () => {
      const countText = await page.getByTestId('timeline-count').textContent();
      const total = Number(/共 (\d+) 条/.exec(countText ?? '')?.[1]);
      const shown = await records().count();
      if (total > shown) {
        await page.getByTestId('timeline-more').click();
        await page.getByTestId('timeline-count').filter({ hasText: fill(zhCN.patientView.timelineCount, { total, count: Math.min(total, shown + 50) }) }).waitFor();
      }
      expect(await page.getByTestId('timeline-more').isDisabled()).toBe(total <= shown + 50);
    });

    await step('masked-values-say-why', async () => {
      await page.getByTestId('menu-patients').click();
      await page.waitForURL((url) => url.pathname === '/patients');
      await search(granted.mrn);
      await page.getByTestId(`patient-row-${anchor.id}`).waitFor({ state: 'detached' });
      const row = page.getByTestId(`patient-row-${granted.id}`);
      await row.waitFor();
      expect(await row.getByTestId('basis-tag').textContent()).toBe(zhCN.accessBasis.grant);
      await row.click();
      await page.waitForURL(`**/patients/${granted.id}`);
      const name = page.getByTestId('patient-name').getByTestId('masked-value');
      // Shown as the server masked it, the reason on hover.
      expect(await name.textContent()).toBe(granted.maskedName);
      expect(granted.maskedName).toContain('*');
      await name.hover();
      // 超出授权范围，已按规则脱敏：姓名（只保留姓氏）, the field named by the catalog's dictionary.
      const why = fill(zhCN.masking.tooltip, { reason: zhCN.masking.outsideGrant, fields: fill(zhCN.masking.fieldWithStrategy, { field: '姓名', strategy: zhCN.masking.strategy.name }) });
      await page.locator('.ant-tooltip:visible', { hasText: why }).waitFor();
    });

    await step('stranger-answers-404', async () => {
      await page.getByTestId('menu-patients').click();
      await page.waitForURL((url) => url.pathname === '/patients');
      const input = page.getByTestId('patient-open-by-id').locator('input');
      await input.fill(stranger.id);
      await input.press('Enter');
      await page.waitForURL(`**/patients/${stranger.id}`);
      await page.getByTestId('patient-not-found').waitFor();
      expect(await page.getByTestId('patient-not-found').textContent()).toContain(zhCN.patientView.notFoundTitle);
      expect(await records().count()).toBe(0);
    });

    await step('open-emergency-access', async () => {
      await page.getByTestId('emergency-open').click();
      const form = page.getByTestId('emergency-form');
      await form.waitFor();
      expect(await page.getByTestId('emergency-warning').textContent()).toContain('审计');
      const reason = form.locator('textarea');
      // Too short for the setting (access.emergency.minReasonLength, 10 by default): refused in the form.
      await reason.fill('急救');
      await page.getByTestId('emergency-form-submit').click();
      await form.locator('.ant-form-item-explain-error', { hasText: fill(zhCN.emergency.reasonTooShort, { min: 10 }) }).waitFor();
      await reason.fill(REASON);
      await page.getByTestId('emergency-form-submit').click();
      await page.getByTestId('emergency-banner').waitFor();
      await form.waitFor({ state: 'hidden' });
    });

    await step('countdown-and-flagged-records', async () => {
      const countdown = page.getByTestId('emergency-countdown');
      const first = (await countdown.textContent()) ?? '';
      // Four hours by default: 剩余 4:00:00, then 3:59:59 and down.
      expect(first).toMatch(/^剩余 (4:00:00|3:\d\d:\d\d)$/);
      await page.waitForFunction((before) => document.querySelector('[data-testid="emergency-countdown"]')?.textContent !== before, first, { timeout: 5_000 });
      expect(await page.getByTestId('emergency-banner').textContent()).toContain(REASON);
      // The whole record opens, every read flagged as emergency and shown red.
      expect(await page.getByTestId('patient-name').textContent()).toBe(stranger.name);
      await records().first().waitFor();
      const flags = await records().evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-emergency')));
      expect(flags.length).toBeGreaterThan(0);
      expect(new Set(flags)).toEqual(new Set(['true']));
      const tags = page.getByTestId('patient-timeline').getByTestId('basis-tag');
      for (const text of await tags.allTextContents()) expect(text).toBe(zhCN.accessBasis.emergency);
      expect(await tags.first().getAttribute('class')).toContain('red');
      expect(await page.getByTestId('patient-demographics').getByTestId('basis-tag').getAttribute('data-basis')).toBe('emergency');
    });

    await step('countdown-survives-reload', async () => {
      await page.reload();
      await page.getByTestId('emergency-countdown').waitFor();
      await records().first().waitFor();
    });

    await step('close-window', async () => {
      await page.getByTestId('emergency-close').click();
      await page.getByTestId('emergency-close-confirm').click();
      await page.getByTestId('emergency-banner').waitFor({ state: 'detached' });
      // Closed early: the patient is out of reach again.
      await page.getByTestId('patient-not-found').waitFor();
      await session.signOut();
    });

    await step('infoadmin-reviews', async () => {
      await session.signInAs('infoadmin');
      const menu = page.getByTestId('menu-emergencyReview');
      expect(await menu.textContent()).toBe(zhCN.nav.emergencyReview);
      await menu.click();
      await page.waitForURL('**/emergency-reviews');
      const row = page.getByTestId('emergency-review-table').locator('tbody tr.ant-table-row', { hasText: stranger.id });
      await row.waitFor();
      expect(await row.textContent()).toContain(REASON);
      expect(await row.textContent()).toContain('dr.wang');
      expect(await row.getByTestId('emergency-review-status').getAttribute('data-status')).toBe('pending');
      await row.locator('[data-testid^="emergency-review-open-"]').click();
      const form = page.getByTestId('emergency-review-form');
      await form.waitFor();
      await form.getByText(zhCN.emergencyReview.justified, { exact: true }).click();
      await form.locator('textarea').fill('急诊抢救记录核实，理由正当');
      await page.getByTestId('emergency-review-form-submit').click();
      // Reviewed, it leaves the pending list…
      await row.waitFor({ state: 'detached' });
      // …and shows as justified among all of them.
      await page.getByTestId('emergency-review-filter').getByText(zhCN.emergencyReview.filterAll, { exact: true }).click();
      const reviewed = page.getByTestId('emergency-review-table').locator('tbody tr.ant-table-row', { hasText: stranger.id });
      await reviewed.getByTestId('emergency-review-status').filter({ hasText: zhCN.reviewStatus.justified }).waitFor();
    });

    await step('reads-were-flagged-in-the-audit-log', async () => {
      // Every read in the window carried the emergency basis into the audit log.
      const info = await token('infoadmin');
      const wangId = (await api(await token('dr.wang'), 'GET', '/me')).body.user.id as string;
      const audit = await api(info, 'GET', `/audit/events?patient=${stranger.id}&actor=${wangId}&action=read&limit=50`);
      const bases = (audit.body.items as Json[]).map((entry) => `${entry.outcome}:${String(entry.accessBasis).split(':')[0]}`);
      expect(bases).toContain('success:emergency');
      // …and the refused reads before it, as denied.
      expect(bases).toContain('denied:null');
    });
  }, 150_000);
});
