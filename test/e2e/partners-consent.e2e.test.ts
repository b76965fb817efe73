import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enUS from '../../web/src/i18n/en-US.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { apiCall, apiToken, openConsole, skipWithoutChromium, type ConsoleSession, type Json } from './browser-support.js';

const REFERRAL_CODE = 'JCRM1';
const FORM_TYPE_ERROR = '书面同意书须为 PDF、JPEG 或 PNG 文件，且内容与声明的类型一致';
/** The smallest bytes the server takes as a PDF: it checks the signature, not the document. */
const PDF_BYTES = Buffer.from('%PDF-1.4\n% e2e signed consent form\n%%EOF\n');

/** A client assertion (SMART Backend Services) signed with the partner's private key. */
async function tokenRequest(tokenEndpoint: string, clientId: string, key: KeyObject, kid: string): Promise<Response> {
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES384', kid, typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenEndpoint)
    .setIssuedAt()
    .setExpirationTime('2m')
    .sign(key);
  return fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: 'system/*.read',
    }).toString(),
  });
}

describe.skipIf(skipWithoutChromium('partners-consent'))('partner API clients and patient consent (Chromium)', () => {
  let session: ConsoleSession;
  let patientId: string;
  let referral: { id: string; name: string };

  beforeAll(async () => {
    session = await openConsole('partners-consent', {}, { config: { demoPatients: 20 } });
    const wang = await apiToken(session.server.url, 'dr.wang');
    // A patient dr.wang reaches through his care team (an open 内科 admission in the demo).
    const mine = await apiCall(session.server.url, wang, 'GET', '/patients?limit=50', { purpose: 'treatment' });
    const careTeam = (mine.body.items as Json[]).find((item) => item.basis === 'care-team');
    if (!careTeam) throw new Error('dr.wang has no care-team patient in the demo');
    patientId = careTeam.patientId as string;
    const institutions = (await apiCall(session.server.url, wang, 'GET', '/institutions')).body.items as Json[];
    const found = institutions.find((i) => i.code === REFERRAL_CODE);
    if (!found) throw new Error(`the demo has no institution ${REFERRAL_CODE}`);
    referral = { id: found.id as string, name: (found.name as Json).zh as string };
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  /** Clicks a Popconfirm's button once its opening animation is over (a click during it can be lost). */
  const confirm = async (testId: string, text?: string) => {
    const popup = session.page.locator('.ant-popconfirm:visible:not([class*="-appear"]):not([class*="-enter"])', text ? { hasText: text } : {});
    await popup.waitFor();
    await popup.getByTestId(testId).click();
  };

  /** An option of the open select, by its whole text (a closing dropdown may still show another's options). */
  const option = (text: string) =>
    session.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });

  it('registers a partner client with a generated key, connects with it, suspends and revokes', async () => {
    const { page, step, server } = session;
    await session.context.clearCookies();
    const kid = 'e2e-es384';
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    let clientId = '';

    await step('open-clients-drawer', async () => {
      await session.signInAs('infoadmin');
      await page.getByTestId('menu-institutions').click();
      await page.getByTestId(`institution-clients-${REFERRAL_CODE}`).click();
      const summary = page.getByTestId('institution-summary');
      await summary.waitFor();
      // The demo agreement runs 2026–2028: in force, so its clients can connect.
      expect(await summary.getByTestId('agreement-state').getAttribute('data-state')).toMatch(/^(current|ending-soon)$/);
      expect(await page.getByTestId('clients-blocked').count()).toBe(0);
      // How to connect: this server's endpoints and scopes, from its discovery document.
      const guide = page.getByTestId('connection-guide');
      expect(await guide.getByTestId('connect-token-endpoint').textContent()).toBe(`${server.url}/oauth2/token`);
      expect(await guide.getByTestId('connect-fhir-base').textContent()).toBe(`${server.url}/fhir/R4`);
      expect(await guide.getByTestId('connect-discovery').textContent()).toBe(`${server.url}/.well-known/smart-configuration`);
      expect(await guide.getByTestId('connect-scope').allTextContents()).toContain('system/*.read');
      expect(await guide.getByTestId('connect-algorithms').textContent()).toContain('ES384');
    });

    await step('refuse-private-key', async () => {
      await page.getByTestId('clients-register').click();
      await page.getByTestId('client-form-name').fill('转诊平台网关');
      // A private key pasted by mistake is stopped in the browser, before it is sent.
      const privateJwk = privateKey.export({ format: 'jwk' });
      let sent = false;
      const watch = (request: { url(): string; method(): string }) => {
        if (request.method() === 'POST' && request.url().includes('/clients')) sent = true;
      };
      page.on('request', watch);
      await page.getByTestId('client-form-key').fill(JSON.stringify({ keys: [{ ...privateJwk, kid }] }));
      await page.getByTestId('client-form-submit').click();
      await page.getByText(zhCN.apiClient.privateKey).waitFor();
      page.off('request', watch);
      expect(sent).toBe(false);
    });

    await step('register-jwks', async () => {
      const publicJwk = publicKey.export({ format: 'jwk' });
      await page.getByTestId('client-form-key').fill(JSON.stringify({ keys: [{ ...publicJwk, kid }] }));
      await page.getByTestId('client-form-submit').click();
      const registered = page.getByTestId('client-registered');
      await registered.waitFor();
      clientId = (await registered.getByTestId('client-registered-id').textContent()) ?? '';
      expect(clientId).toMatch(/^jcrm1-/);
      // The server gave the P-384 key its algorithm.
      expect(await registered.getByTestId('client-key').getAttribute('data-alg')).toBe('ES384');
      expect(await registered.getByTestId('connect-client-id').textContent()).toBe(clientId);
      await page.getByTestId('client-registered-done').click();
      const row = page.getByTestId(`client-row-${clientId}`);
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('active');
      expect(await row.getByTestId('client-key').getAttribute('data-alg')).toBe('ES384');
      expect(await row.textContent()).toContain(kid);
      expect(await row.textContent()).toContain(zhCN.apiClientStatus.active);
    });

    await step('partner-connects', async () => {
      // The partner's system, with the private key the console never saw, gets a token.
      const answer = await tokenRequest(`${server.url}/oauth2/token`, clientId, privateKey, kid);
      const answerText = await answer.clone().text();
      expect(answer.status, answerText).toBe(200);
      expect(String(((await answer.json()) as Json).token_type).toLowerCase()).toBe('bearer');
    });

    await step('suspend', async () => {
      await page.getByTestId(`client-suspend-${clientId}`).click();
      await confirm('client-suspend-confirm');
      const row = page.getByTestId(`client-row-${clientId}`);
      await page.locator(`[data-testid="client-row-${clientId}"][data-status="suspended"]`).waitFor();
      expect(await row.textContent()).toContain(zhCN.apiClientStatus.suspended);
      await row.getByTestId(`client-activate-${clientId}`).waitFor();
      // Suspension is real at once: the same key no longer gets a token.
      const refused = await tokenRequest(`${server.url}/oauth2/token`, clientId, privateKey, kid);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as Json).error).toBe('invalid_client');
    });

    await step('register-pem-and-revoke', async () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      await page.getByTestId('clients-register').click();
      await page.getByTestId('client-form-name').fill('Legacy HIS');
      await page.getByTestId('client-form-format').getByText(zhCN.apiClient.pem).click();
      await page.getByTestId('client-form-key').fill(rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string);
      await page.getByTestId('client-form-submit').click();
      const registered = page.getByTestId('client-registered');
      await registered.waitFor();
      const pemClient = (await registered.getByTestId('client-registered-id').textContent()) ?? '';
      expect(await registered.getByTestId('client-key').getAttribute('data-alg')).toBe('RS384');
      await page.getByTestId('client-registered-done').click();
      await page.getByTestId(`client-revoke-${pemClient}`).click();
      // Revocation is final, and the confirmation says so.
      await confirm('client-revoke-confirm', zhCN.apiClient.revokeFinal);
      const row = page.locator(`[data-testid="client-row-${pemClient}"][data-status="revoked"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain(zhCN.apiClient.revokedFinal);
      expect(await row.getByTestId(`client-activate-${pemClient}`).count()).toBe(0);
      await page.locator('.ant-drawer-open .ant-drawer-close').click();
      await page.getByTestId('institution-summary').waitFor({ state: 'hidden' });
    });

    await step('agreement-ended', async () => {
      // An agreement that ended yesterday (China time) stops every client of the institution; the drawer says so.
      const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
      await page.getByTestId('institution-clients-DHCHC').click();
      const summary = page.getByTestId('institution-summary');
      await summary.getByTestId('institution-summary-edit').click();
      for (const [field, value] of [['agreement-start', '2020-01-01'], ['agreement-end', yesterday]] as const) {
        const input = page.locator(`input[data-testid="institution-form-${field}"], [data-testid="institution-form-${field}"] input`).first();
        await input.click();
        await input.fill(value);
        await input.press('Enter');
      }
      await page.getByTestId('institution-form-submit').click();
      await summary.locator('[data-testid="agreement-state"][data-state="ended"]').waitFor();
      expect(await page.getByTestId('clients-blocked').getAttribute('data-blocker')).toBe('ended');
      expect(await summary.textContent()).toContain(`2020-01-01 – ${yesterday}`);
      await page.locator('.ant-drawer-open .ant-drawer-close').click();
      await summary.waitFor({ state: 'hidden' });
      // The table shows it too.
      expect(await page.getByTestId('institutions-table').locator('tr', { hasText: 'DHCHC' }).getByTestId('agreement-state').getAttribute('data-state')).toBe('ended');
    });

    await session.signOut();
  });

  it('records a verbal consent, refuses a mislabelled form, attaches a signed one and withdraws', async () => {
    const { page, step } = session;
    await session.context.clearCookies();
    const panel = page.getByTestId('consents-panel');
    const rows = () => panel.locator('tr[data-testid^="consent-row-"]');
    let verbalId = '';

    await step('open-consents', async () => {
      await session.signInAs('dr.wang');
      await page.goto(`/patients/${patientId}`);
      await page.getByTestId('patient-name').waitFor();
      await page.getByTestId('tab-consents').click();
      await panel.waitFor();
      expect(await page.getByTestId('tab-consents').textContent()).toContain(zhCN.patientView.tabConsents);
      await panel.getByText(zhCN.consent.empty).waitFor();
    });

    await step('record-verbal', async () => {
      await panel.getByTestId('consent-record').click();
      const form = page.getByTestId('consent-record-form');
      await form.waitFor();
      await form.getByTestId('consent-record-recipient').click();
      await option(`${referral.name}（${zhCN.institutionKind.referral_hospital}）`).click();
      await form.getByTestId('consent-record-purpose').click();
      await option('转诊').click();
      // Verbal is the default evidence, taken by the signed-in clinician.
      expect(await form.getByTestId('consent-clinician').textContent()).toContain('王明');
      await form.getByTestId('consent-record-note').fill('已向患者说明转诊用途，患者当面同意');
      await page.getByTestId('consent-record-form-submit').click();
      await form.waitFor({ state: 'hidden' });
      const row = rows().first();
      await row.waitFor();
      verbalId = ((await row.getAttribute('data-testid')) ?? '').replace('consent-row-', '');
      expect(await row.getAttribute('data-state')).toBe('in-force');
      expect(await row.getByTestId('consent-state').textContent()).toBe(zhCN.consentState['in-force']);
      expect(await row.getByTestId('consent-recipient').textContent()).toBe(referral.name);
      expect(await row.getByTestId('consent-evidence').getAttribute('data-kind')).toBe('verbal');
      expect(await row.textContent()).toContain(zhCN.consent.allResources);
      expect(await row.textContent()).toContain(zhCN.consent.untilWithdrawn);
    });

    await step('fhir-consent', async () => {
      await page.getByTestId(`consent-fhir-${verbalId}`).click();
      const json = page.getByTestId('consent-fhir-json');
      await json.waitFor();
      const resource = JSON.parse((await json.textContent()) ?? '{}') as Json;
      expect(resource.resourceType).toBe('Consent');
      expect(resource.id).toBe(verbalId);
      expect(resource.status).toBe('active');
      await page.keyboard.press('Escape');
      await json.waitFor({ state: 'hidden' });
    });

    await step('refuse-mislabelled-form', async () => {
      await panel.getByTestId('consent-record').click();
      const form = page.getByTestId('consent-record-form');
      await form.getByTestId('consent-record-recipient').click();
      await option(`${referral.name}（${zhCN.institutionKind.referral_hospital}）`).click();
      await form.getByTestId('consent-record-purpose').click();
      await option('转诊').click();
      await form.getByTestId('consent-record-evidence').getByText(zhCN.evidenceKind['signed-form']).click();
      // No form yet: the console asks for one.
      await page.getByTestId('consent-record-form-submit').click();
      await form.getByText(zhCN.consent.problem.formMissing).waitFor();
      // A text file named .pdf passes the browser's check by name; the server reads its bytes and refuses it.
      const input = form.getByTestId('consent-form-upload').locator('input[type=file]');
      await input.setInputFiles({ name: '知情同意书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
      const error = form.getByTestId('consent-form-error');
      await error.waitFor();
      expect(await error.textContent()).toContain(FORM_TYPE_ERROR);
      expect(await form.getByTestId('consent-form-uploaded').count()).toBe(0);
    });

    await step('attach-signed-form', async () => {
      const form = page.getByTestId('consent-record-form');
      await form.getByTestId('consent-form-upload').locator('input[type=file]').setInputFiles({ name: '知情同意书.pdf', mimeType: 'application/pdf', buffer: PDF_BYTES });
      await form.getByTestId('consent-form-uploaded').waitFor();
      expect(await form.getByTestId('consent-form-error').count()).toBe(0);
      await page.getByTestId('consent-record-form-submit').click();
      await form.waitFor({ state: 'hidden' });
      await panel.locator('[data-testid="consent-evidence"][data-kind="signed-form"]').waitFor();
      expect(await rows().count()).toBe(2);
      const signedRow = rows().filter({ has: page.locator('[data-kind="signed-form"]') });
      const signedId = ((await signedRow.getAttribute('data-testid')) ?? '').replace('consent-row-', '');
      await page.getByTestId(`consent-form-${signedId}`).click();
      const details = page.getByTestId('consent-form-details');
      await details.waitFor();
      expect(await details.textContent()).toContain('知情同意书.pdf');
      expect(await page.getByTestId('consent-form-download').getAttribute('href')).toBe(`/api/v1/consents/${signedId}/form`);
      await page.keyboard.press('Escape');
      await details.waitFor({ state: 'hidden' });
    });

    await step('withdraw', async () => {
      await page.getByTestId(`consent-withdraw-${verbalId}`).click();
      const form = page.getByTestId('consent-withdraw-form');
      await form.waitFor();
      // The confirmation says access stops at once.
      expect(await form.textContent()).toContain('撤回立即生效');
      await form.getByTestId('consent-withdraw-reason').fill('患者本人要求撤回');
      await page.getByTestId('consent-withdraw-form-submit').click();
      await form.waitFor({ state: 'hidden' });
      const row = panel.locator(`[data-testid="consent-row-${verbalId}"][data-state="withdrawn"]`);
      await row.waitFor();
      expect(await row.getByTestId('consent-state').textContent()).toBe(zhCN.consentState.withdrawn);
      expect(await row.getByTestId(`consent-withdraw-${verbalId}`).count()).toBe(0);
      // The reason is kept with the consent.
      await row.locator('.ant-table-row-expand-icon').click();
      expect(await panel.getByTestId('consent-withdrawal-reason').textContent()).toBe('患者本人要求撤回');
    });

    await step('english-labels', async () => {
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-option-en-US').click();
      await page.getByTestId('tab-consents').filter({ hasText: enUS.patientView.tabConsents }).waitFor();
      const row = panel.locator(`[data-testid="consent-row-${verbalId}"]`);
      expect(await row.getByTestId('consent-state').textContent()).toBe(enUS.consentState.withdrawn);
      expect(await panel.getByTestId('consent-record').textContent()).toBe(enUS.consent.record);
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-option-zh-CN').click();
      await page.getByTestId('tab-consents').filter({ hasText: zhCN.patientView.tabConsents }).waitFor();
    });

    await session.signOut();
  });

  it('lets the information administrator record a verbal consent taken by a named clinician', async () => {
    const { page, step } = session;
    await session.context.clearCookies();
    const panel = page.getByTestId('consents-panel');

    await step('infoadmin-records', async () => {
      await session.signInAs('infoadmin');
      // He sees none of the patient's records but handles any patient's consents.
      await page.goto(`/patients/${patientId}`);
      await panel.waitFor();
      await panel.getByTestId('consent-record').click();
      const form = page.getByTestId('consent-record-form');
      await form.getByTestId('consent-record-recipient').click();
      await option(`${referral.name}（${zhCN.institutionKind.referral_hospital}）`).click();
      await form.getByTestId('consent-record-purpose').click();
      await option('转诊').click();
      // Not a clinician himself: the clinician who took the consent must be named.
      await page.getByTestId('consent-record-form-submit').click();
      await form.getByText(zhCN.consent.clinicianRequired).waitFor();
      const clinician = form.getByTestId('consent-clinician');
      await clinician.click();
      await clinician.locator('input').fill('王明');
      await session.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '王明（dr.wang）' }).click();
      await page.getByTestId('consent-record-form-submit').click();
      await form.waitFor({ state: 'hidden' });
      await panel.locator('tr[data-testid^="consent-row-"]').nth(2).waitFor();
      const newest = panel.locator('tr[data-testid^="consent-row-"]').first();
      expect(await newest.getAttribute('data-state')).toBe('in-force');
      expect(await newest.getByTestId('consent-evidence').getAttribute('data-kind')).toBe('verbal');
      // Taken by dr.wang, recorded by the administrator.
      expect(await newest.textContent()).toContain('王明');
      expect(await newest.textContent()).toContain('张信安');
    });

    await session.signOut();
  });

  it('shows the auditor the consents without recording or withdrawing', async () => {
    const { page, step } = session;
    await session.context.clearCookies();
    const panel = page.getByTestId('consents-panel');

    await step('auditor-reads', async () => {
      await session.signInAs('auditor');
      // The auditor sees no clinical record of the patient, so the page opens on the consents.
      await page.goto(`/patients/${patientId}`);
      await panel.waitFor();
      await page.getByTestId('consents-only').waitFor();
      const rows = panel.locator('tr[data-testid^="consent-row-"]');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(3);
      expect(await panel.locator('[data-state="in-force"]').count()).toBeGreaterThan(0);
      expect(await panel.getByTestId('consent-record').count()).toBe(0);
      expect(await panel.locator('[data-testid^="consent-withdraw-"]').count()).toBe(0);
      // Reading stays open to the auditor: the FHIR resource.
      expect(await panel.locator('[data-testid^="consent-fhir-"]').count()).toBe(3);
    });
  });
});
