/**
 * Referrals (转诊) in the console. Out: dr.wang opens a patient on his care team; without the
 * patient's consent the form warns and the server refuses; with a verbal consent recorded he refers
 * the patient to 江城市第一人民医院 (urgent), leaving a resource and a field out → head.internal finds
 * it under 待我审核 with its deadline and approves it → dr.wang sees it approved with the minutes it
 * took, and the partner's read. In: the partner's system posts a ServiceRequest for 内科 → dr.wang
 * sees it under 转入 and in his inbox, and declines it with a reason the partner reads back. The
 * auditor sees the patient's referrals without a Refer button.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import enUS from '../../web/src/i18n/en-US.js';
import zhCN from '../../web/src/i18n/zh-CN.js';
import { apiCall, apiToken, openConsole, skipWithoutChromium, type ConsoleSession, type Json } from './browser-support.js';

const PARTNER_CODE = 'JCRM1';
const MRN_SYSTEM = 'urn:yixiang:mrn';
const DEPARTMENT_SYSTEM = 'urn:yixiang:department';
const KID = 'e2e-referral';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Title (discharge summary) >>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const INBOUND_REASON = '慢性心衰急性加重，转回贵院内科继续治疗';
const DECLINE_REASON = '本科床位已满，建议转心内科';

/** A referral as a partner's system sends it: the patient and a discharge summary contained, for 内科. */
function serviceRequest(mrn: string): Json {
  return {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    priority: 'urgent',
    subject: { reference: '#patient' },
    performer: [{ type: 'Organization', identifier: { system: DEPARTMENT_SYSTEM, value: 'NK' }, display: '内科' }],
    reasonCode: [{ text: INBOUND_REASON }],
    authoredOn: new Date().toISOString(),
    supportingInfo: [{ reference: '#summary' }],
    contained: [
      { resourceType: 'Patient', id: 'patient', identifier: [{ system: MRN_SYSTEM, value: mrn }], name: [{ text: '转诊患者' }], gender: 'male' },
      { resourceType: 'DocumentReference', id: 'summary', status: 'current', description: '出院小结', content: [{ attachment: { contentType: 'application/pdf', title: '出院小结.pdf', data: PDF.toString('base64') } }] },
    ],
  };
}

describe.skipIf(skipWithoutChromium('referrals'))('referrals out and in (Chromium)', () => {
  let session: ConsoleSession;
  let patient: { id: string; mrn: string };
  let partner: { id: string; name: string; clientId: string; key: KeyObject };
  let referralId = '';

  beforeAll(async () => {
    session = await openConsole('referrals', {}, { config: { demoPatients: 20 } });
    const url = session.server.url;
    const wang = await apiToken(url, 'dr.wang');
    // A patient dr.wang reaches through his care team (an open 内科 admission in the demo).
    const mine = await apiCall(url, wang, 'GET', '/patients?limit=50', { purpose: 'treatment' });
    const careTeam = (mine.body.items as Json[]).find((item) => item.basis === 'care-team');
    if (!careTeam) throw new Error('dr.wang has no care-team patient in the demo');
    const mrn = ((careTeam.resource as Json).identifier as Json[]).find((i) => i.system === MRN_SYSTEM)?.value as string;
    patient = { id: careTeam.patientId as string, mrn };
    const institution = ((await apiCall(url, wang, 'GET', '/institutions')).body.items as Json[]).find((i) => i.code === PARTNER_CODE);
    if (!institution) throw new Error(`the demo has no institution ${PARTNER_CODE}`);
    // The partner's system: an API client the information administrator registers with its public key.
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const client = await apiCall(url, await apiToken(url, 'infoadmin'), 'POST', `/institutions/${institution.id as string}/clients`, { body: { name: '转诊平台', jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID }] } } });
    expect(client.status, JSON.stringify(client.body)).toBe(201);
    partner = { id: institution.id as string, name: (institution.name as Json).zh as string, clientId: client.body.clientId as string, key: privateKey };
  }, 240_000);

  afterAll(async () => {
    await session?.close();
  });

  /** The partner's access token (SMART Backend Services: a signed assertion for a token). */
  async function partnerToken(): Promise<string> {
    const tokenEndpoint = `${session.server.url}/oauth2/token`;
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES384', kid: KID, typ: 'JWT' })
      .setIssuer(partner.clientId)
      .setSubject(partner.clientId)
      .setAudience(tokenEndpoint)
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(partner.key);
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope: 'system/*.read system/ServiceRequest.write' }).toString(),
    });
    const body = (await response.json()) as Json;
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body.access_token as string;
  }

  const fhir = async (token: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${session.server.url}/fhir/R4${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'X-Purpose-Of-Use': 'referral', ...(body !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  /** An option of the open select, by its whole text (a closing dropdown may still show another's options). */
  const option = (text: string) =>
    session.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });

  const chooseInstitution = async () => {
    const form = session.page.getByTestId('refer-form');
    await form.getByTestId('refer-institution').click();
    await option(`${partner.name}（${zhCN.institutionKind.referral_hospital}）`).click();
  };

  it('refers a patient on the fast track once the patient consents, and shows the approval against the target', async () => {
    const { page, step, server } = session;
    await session.context.clearCookies();
    const panel = page.getByTestId('referrals-panel');

    await step('refused-without-consent', async () => {
      await session.signInAs('dr.wang');
      await page.goto(`/patients/${patient.id}`);
      await page.getByTestId('patient-name').waitFor();
      expect(await page.getByTestId('tab-referrals').textContent()).toBe(zhCN.patientView.tabReferrals);
      await page.getByTestId('tab-referrals').click();
      await panel.getByText(zhCN.referral.emptyPatient).waitFor();
      await panel.getByTestId('referral-new').click();
      const form = page.getByTestId('refer-form');
      await form.waitFor();
      // The whole document set is offered, each resource with its period.
      await form.getByTestId('refer-doc-CLIN_IMAGING_REPORT').waitFor();
      expect(await form.getByTestId('refer-doc-CLIN_ALLERGY').textContent()).toContain(zhCN.referral.wholeHistory);
      await chooseInstitution();
      // No consent recorded: the form says so before anything is sent.
      const warning = form.getByTestId('refer-consent-missing');
      await warning.waitFor();
      expect(await warning.textContent()).toContain(partner.name);
      await form.getByTestId('refer-reason').fill('反复胸痛三天，拟行冠脉造影');
      await page.getByTestId('refer-form-submit').click();
      // The server refuses, in the reader's language, naming the patient.
      const error = form.getByTestId('refer-form-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('有效单独同意');
      expect(await error.textContent()).toContain(patient.id);
      expect((await apiCall(server.url, await apiToken(server.url, 'dr.wang'), 'GET', '/referrals?view=mine')).body.items).toEqual([]);
    });

    await step('to-consents', async () => {
      // The warning leads to the consents tab, where the consent is recorded.
      await page.getByTestId('refer-form').getByTestId('refer-record-consent').click();
      await page.getByTestId('refer-form').waitFor({ state: 'hidden' });
      await page.getByTestId('consents-panel').waitFor();
      expect(new URL(page.url()).searchParams.get('tab')).toBe('consents');
      const recorded = await apiCall(server.url, await apiToken(server.url, 'dr.wang'), 'POST', `/patients/${patient.id}/consents`, {
        body: { recipientId: partner.id, purpose: 'referral', evidence: { kind: 'verbal', recordedAt: new Date(Date.now() - 60_000).toISOString(), note: '已向患者说明转诊用途，患者当面同意' } },
      });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    });

    await step('refer', async () => {
      await page.getByTestId('tab-referrals').click();
      await panel.getByTestId('referral-new').click();
      const form = page.getByTestId('refer-form');
      await form.waitFor();
      await chooseInstitution();
      await form.getByTestId('refer-consent-ok').waitFor();
      await form.getByTestId('refer-urgency').getByText(zhCN.urgency.urgent).click();
      await form.getByTestId('refer-reason').fill('反复胸痛三天，拟行冠脉造影');
      await form.getByTestId('refer-summary').fill('心电图 ST 段压低，肌钙蛋白轻度升高');
      // Imaging reports stay home, and so does the text of clinical notes.
      await form.getByTestId('refer-doc-toggle-CLIN_IMAGING_REPORT').uncheck();
      expect(await form.getByTestId('refer-doc-CLIN_IMAGING_REPORT').getAttribute('data-kept')).toBe('0');
      await form.getByTestId('refer-doc-fields-CLIN_NOTE').click();
      await form.getByTestId('refer-field-CLIN_NOTE-content').uncheck();
      expect(await form.getByTestId('refer-doc-CLIN_NOTE').textContent()).toContain('5/6');
      await page.getByTestId('refer-form-submit').click();
      await form.waitFor({ state: 'hidden' });
      const row = panel.locator('tr[data-testid^="referral-row-"]').first();
      await row.waitFor();
      referralId = ((await row.getAttribute('data-testid')) ?? '').replace('referral-row-', '');
      expect(await row.getAttribute('data-status')).toBe('submitted');
      expect(await row.getByTestId('referral-urgency').getAttribute('data-urgency')).toBe('urgent');
      expect(await row.getByTestId('referral-institution').textContent()).toBe(partner.name);
      // The fast-track deadline counts down.
      expect(await row.getByTestId('referral-due').getAttribute('data-overdue')).toBe('false');
      expect(await row.getByTestId('referral-due').textContent()).toMatch(/^剩余 \d\d:\d\d$/);
      const sent = (await apiCall(server.url, await apiToken(server.url, 'dr.wang'), 'GET', `/referrals/${referralId}`)).body;
      const documents = new Map((sent.documents as Json[]).map((d) => [d.catalogCode as string, d.fields as string[]]));
      expect(documents.has('CLIN_IMAGING_REPORT')).toBe(false);
      expect(documents.get('CLIN_NOTE')).not.toContain('content');
      expect(documents.get('CLIN_LAB_REPORT')?.length).toBeGreaterThan(5);
    });

    await step('head-approves', async () => {
      await session.signOut();
      await session.signInAs('head.internal');
      await page.getByTestId('menu-referrals').click();
      await page.getByTestId('referrals-tab-to-review').click();
      const row = page.getByTestId('referrals-to-review').getByTestId(`referral-row-${referralId}`);
      await row.waitFor();
      expect(await row.getByTestId('referral-due').textContent()).toMatch(/^剩余 \d\d:\d\d$/);
      expect(await row.textContent()).toContain('王明');
      await row.getByTestId('referral-open').click();
      await page.getByTestId('referral-page').waitFor();
      // The deadline on the step, and what is shared.
      await page.getByTestId('referral-steps').getByTestId('referral-due').waitFor();
      expect(await page.getByTestId('referral-documents').locator('[data-testid^="referral-document-"]').count()).toBe(6);
      await page.getByTestId('review-panel').waitFor();
      await page.getByTestId('review-decision-approve').click();
      await page.getByTestId('review-reason').fill('病情需要，同意转诊');
      await page.getByTestId('review-submit').click();
      await page.locator('[data-testid="referral-page"][data-status="approved"]').waitFor();
      expect(await page.getByTestId('review-panel').count()).toBe(0);
      expect(await page.getByTestId('referral-fast-track').getByTestId('referral-approval').getAttribute('data-within')).toBe('true');
      await page.getByTestId('referral-grants').waitFor();
      await page.getByTestId('menu-referrals').click();
      await page.getByTestId('referrals-tab-to-review').click();
      await page.getByTestId('referrals-to-review').getByText(zhCN.referral.emptyToReview).waitFor();
    });

    await step('partner-reads', async () => {
      // The partner reads the referred patient over FHIR, under the referral's grants.
      const read = await fhir(await partnerToken(), 'GET', `/Patient/${patient.id}`);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
    });

    await step('referrer-sees-approval', async () => {
      await session.signOut();
      await session.signInAs('dr.wang');
      await page.getByTestId('menu-referrals').click();
      const row = page.getByTestId('referrals-mine').getByTestId(`referral-row-${referralId}`);
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('approved');
      const approval = row.getByTestId('referral-approval');
      expect(Number(await approval.getAttribute('data-minutes'))).toBeGreaterThanOrEqual(0);
      expect(await approval.getAttribute('data-within')).toBe('true');
      expect(await approval.textContent()).toContain('分钟');
      expect(await approval.textContent()).toContain(zhCN.referral.withinTarget.replace('{{minutes}}', '30'));
      // On the patient page, the partner's read shows beside the approval.
      await page.goto(`/patients/${patient.id}?tab=referrals`);
      const reads = page.getByTestId('referrals-panel').getByTestId(`referral-row-${referralId}`).getByTestId('referral-reads');
      await reads.waitFor();
      expect(Number(await reads.getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
    });

    await session.signOut();
  });

  it('lands a partner’s referral in 内科 and lets a clinician decline it with a reason the partner reads', async () => {
    const { page, step } = session;
    await session.context.clearCookies();
    let inboundId = '';
    const token = await partnerToken();

    await step('partner-sends', async () => {
      const sent = await fhir(token, 'POST', '/ServiceRequest', serviceRequest(patient.mrn));
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      inboundId = sent.body.id as string;
      expect(sent.body.status).toBe('active');
    });

    await step('inbound-list', async () => {
      await session.signInAs('dr.wang');
      await page.getByTestId('menu-referrals').click();
      await page.getByTestId('referrals-tab-inbound').click();
      const row = page.getByTestId('inbound-table').getByTestId(`inbound-row-${inboundId}`);
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('received');
      expect(await row.getByTestId('inbound-sender').textContent()).toBe(partner.name);
      expect(await row.textContent()).toContain(INBOUND_REASON);
      // Matched to our patient by the MRN, linked to the patient page.
      expect(await row.getByTestId('inbound-patient').getAttribute('data-matched')).toBe('true');
      expect(await row.getByTestId('inbound-patient').locator('a').getAttribute('href')).toBe(`/patients/${patient.id}`);
      // The document is there to download (nothing is downloaded here).
      const attachment = row.getByTestId('inbound-attachment-0');
      expect(await attachment.getAttribute('href')).toBe(`/api/v1/referrals/inbound/${inboundId}/attachments/0`);
      expect(await attachment.textContent()).toContain('出院小结.pdf');
    });

    await step('decline', async () => {
      await page.getByTestId(`inbound-decline-${inboundId}`).click();
      const form = page.getByTestId('inbound-decision-form');
      await form.waitFor();
      // A reason is required, of two characters at least (filled first: a click while the modal still opens can be lost).
      await form.getByTestId('inbound-decision-reason').fill('满');
      await page.getByTestId('inbound-decision-form-submit').click();
      await form.getByText(zhCN.inbound.decisionReasonRequired).waitFor();
      await form.getByTestId('inbound-decision-reason').fill(DECLINE_REASON);
      await page.getByTestId('inbound-decision-form-submit').click();
      await form.waitFor({ state: 'hidden' });
      await page.getByTestId(`inbound-row-${inboundId}`).waitFor({ state: 'detached' });
      await page.getByTestId('inbound-filter').getByText(zhCN.inboundStatus.declined).click();
      await page.locator(`[data-testid="inbound-row-${inboundId}"][data-status="declined"]`).waitFor();
      // The partner reads the decision back on its ServiceRequest.
      const read = await fhir(token, 'GET', `/ServiceRequest/${inboundId}`);
      expect(read.body.status).toBe('revoked');
      expect(JSON.stringify(read.body.note)).toContain(DECLINE_REASON);
    });

    await step('inbox-links', async () => {
      // The notice in 内科's inbox opens the inbound referral.
      await page.goto('/inbox');
      await page.getByTestId('inbox-filter').getByText(zhCN.inbox.filterAll).click();
      const notice = page.locator(`[data-testid="inbox-item"][data-kind="referral-received"][data-subject="${inboundId}"]`);
      await notice.waitFor();
      expect(await notice.textContent()).toContain(zhCN.notificationKind['referral-received']);
      await notice.getByTestId('inbox-open').click();
      await page.waitForURL(`**/referrals/inbound/${inboundId}`);
      await page.locator('[data-testid="inbound-page"][data-status="declined"]').waitFor();
      expect(await page.getByTestId('inbound-decision').textContent()).toBe(DECLINE_REASON);
      expect(await page.getByTestId('inbound-accept').count()).toBe(0);
    });

    await session.signOut();
  });

  it('shows the auditor the patient’s referrals without a Refer button, and an English label', async () => {
    const { page, step } = session;
    await session.context.clearCookies();

    await step('auditor-reads', async () => {
      await session.signInAs('auditor');
      await page.goto(`/patients/${patient.id}?tab=referrals`);
      const panel = page.getByTestId('referrals-panel');
      await panel.getByTestId(`referral-row-${referralId}`).waitFor();
      expect(await panel.getByTestId('referral-new').count()).toBe(0);
      // The auditor lists every referral, and refers no one.
      await page.getByTestId('menu-referrals').click();
      await page.getByTestId('referrals-all').getByTestId(`referral-row-${referralId}`).waitFor();
      expect(await page.getByTestId('referrals-tab-mine').count()).toBe(0);
    });

    await step('english-label', async () => {
      await page.goto(`/patients/${patient.id}?tab=referrals`);
      await page.getByTestId('referrals-panel').waitFor();
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-option-en-US').click();
      await page.getByTestId('tab-referrals').filter({ hasText: enUS.patientView.tabReferrals }).waitFor();
      expect(await page.getByTestId(`referral-row-${referralId}`).getByTestId('referral-status').textContent()).toBe(enUS.referralStatus.approved);
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('lang-option-zh-CN').click();
      await page.getByTestId('tab-referrals').filter({ hasText: zhCN.patientView.tabReferrals }).waitFor();
    });

    await session.signOut();
  });
});
