import { describe, expect, it } from 'vitest';
import type { UploadedConsentForm } from '../../../api/types';
import { consentBody, draftProblem, isClinician, isWithdrawable, lastDay, type ConsentDraft } from './consent-draft';

const now = new Date(2026, 10, 26, 10, 30);
const today = '2026-11-26';
const verbal: ConsentDraft = { recipientId: 'inst-1', purpose: 'referral', evidenceKind: 'verbal', recordedAt: new Date(2026, 10, 26, 10, 0) };
const form: UploadedConsentForm = { fileId: 'file-1', patientId: 'p1', fileName: 'consent.pdf', mediaType: 'application/pdf', bytes: 10, sha256: 'ab', uploadedAt: now.toISOString() };

describe('consentBody', () => {
  it('leaves out what the server defaults: every resource, from now, until withdrawn, taken by me', () => {
    expect(consentBody({ ...verbal, catalogCodes: [], note: '  ' }, today)).toEqual({
      recipientId: 'inst-1',
      purpose: 'referral',
      evidence: { kind: 'verbal', recordedAt: verbal.recordedAt.toISOString() },
    });
  });

  it('runs the period from the first day to the end of the last day', () => {
    const body = consentBody({ ...verbal, validFromDay: '2026-12-01', validToDay: '2026-12-31' }, today);
    expect(body.validFrom).toBe(new Date(2026, 11, 1).toISOString());
    expect(body.validTo).toBe(new Date(2027, 0, 1).toISOString());
  });

  it('starts a period beginning today now, not at midnight', () => {
    expect(consentBody({ ...verbal, validFromDay: today }, today)).not.toHaveProperty('validFrom');
  });

  it('names the clinician, the resources (once each) and the note', () => {
    const body = consentBody({ ...verbal, clinicianId: 'u-2', catalogCodes: ['CLIN_LAB', 'CLIN_LAB', 'CLIN_IMG'], note: ' family present ' }, today);
    expect(body.catalogCodes).toEqual(['CLIN_LAB', 'CLIN_IMG']);
    expect(body.evidence).toEqual({ kind: 'verbal', clinicianId: 'u-2', recordedAt: verbal.recordedAt.toISOString(), note: 'family present' });
  });

  it('attaches the uploaded form by its file id', () => {
    const body = consentBody({ ...verbal, evidenceKind: 'signed-form', clinicianId: 'u-2', form }, today);
    expect(body.evidence).toEqual({ kind: 'signed-form', fileId: 'file-1', recordedAt: verbal.recordedAt.toISOString() });
  });
});

describe('draftProblem', () => {
  it('accepts a complete draft', () => {
    expect(draftProblem(verbal, today, now)).toBeNull();
    expect(draftProblem({ ...verbal, evidenceKind: 'signed-form', form }, today, now)).toBeNull();
    expect(draftProblem({ ...verbal, validToDay: today }, today, now)).toBeNull();
  });

  it('asks for the form of a signed-form consent', () => {
    expect(draftProblem({ ...verbal, evidenceKind: 'signed-form' }, today, now)).toBe('formMissing');
  });

  it('refuses a period that ends before it starts', () => {
    expect(draftProblem({ ...verbal, validToDay: '2026-11-25' }, today, now)).toBe('periodOrder');
    expect(draftProblem({ ...verbal, validFromDay: '2026-12-10', validToDay: '2026-12-09' }, today, now)).toBe('periodOrder');
  });

  it('refuses a consent given in the future', () => {
    expect(draftProblem({ ...verbal, recordedAt: new Date(now.getTime() + 60_000) }, today, now)).toBe('recordedInFuture');
  });
});

describe('isWithdrawable', () => {
  it('is true while the consent opens or will open access', () => {
    expect(isWithdrawable({ state: 'in-force' })).toBe(true);
    expect(isWithdrawable({ state: 'not-yet-valid' })).toBe(true);
    expect(isWithdrawable({ state: 'expired' })).toBe(false);
    expect(isWithdrawable({ state: 'withdrawn' })).toBe(false);
  });
});

describe('lastDay', () => {
  it('is the day before an exclusive midnight end', () => {
    expect(lastDay(new Date(2027, 0, 1).toISOString())?.getDate()).toBe(31);
  });

  it('is null for an end at another time', () => {
    expect(lastDay(new Date(2027, 0, 1, 10, 30).toISOString())).toBeNull();
  });
});

describe('isClinician', () => {
  it('is an active member of staff or department head', () => {
    expect(isClinician({ status: 'active', roles: ['staff'] })).toBe(true);
    expect(isClinician({ status: 'active', roles: ['dept_head'] })).toBe(true);
    expect(isClinician({ status: 'active', roles: ['info_admin'] })).toBe(false);
    expect(isClinician({ status: 'active', roles: ['privacy_officer'] })).toBe(false);
    expect(isClinician({ status: 'suspended', roles: ['staff'] })).toBe(false);
  });
});
