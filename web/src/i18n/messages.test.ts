import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_ACTOR_TYPES,
  AUDIT_OUTCOMES,
  DELIVERY_CHANNELS,
  FEEDBACK_STATES,
  FINDING_SEVERITIES,
  GRANT_STATUSES,
  GRANTEE_KINDS,
  IDENTIFICATION_LEVELS,
  LEGAL_BASES,
  NOTIFICATION_KINDS,
  PACKAGE_STATUSES,
  PATIENT_SCOPE_KINDS,
  PRECHECK_NAMES,
  RECIPIENT_KINDS,
  REQUEST_STATES,
  REVIEW_DECISIONS,
  REVIEWER_ROLES,
  FIELD_TYPES,
  GB_CATEGORIES,
  IDENTIFIER_KINDS,
  POLICY_CATEGORIES,
  RESOURCE_STATUSES,
  REVIEW_STATUSES,
  SENSITIVITY_LEVELS,
  SHARE_TYPES,
  SPECIAL_CATEGORIES,
  UPDATE_FREQUENCIES,
} from '../api/types';
import { API_CLIENT_STATUSES, CONSENT_STATES, EVIDENCE_KINDS, INBOUND_STATUSES, REFERRAL_STATUSES, URGENCIES } from '../api/types';
import { CHOICE_PROBLEMS } from '../pages/referrals/referral-draft';
import { PROBLEM_CODES } from '../pages/catalog/resource-form';
import { AGREEMENT_STATES, CONNECTION_BLOCKERS } from '../pages/institutions/agreement';
import { DRAFT_PROBLEMS as CONSENT_PROBLEMS } from '../pages/patients/consents/consent-draft';
import { LOCAL_PROBLEMS } from '../pages/import/ingest';
import { BASIS_KINDS, basisKey } from '../pages/patients/access-basis';
import { DRAFT_PROBLEMS, WIZARD_STEPS } from '../pages/sharing/request-form';
import { NARROWING_PROBLEMS } from '../pages/sharing/workflow';
import { SUGGESTION_ACTIONS, SUGGESTION_KINDS, SUGGESTION_STATUSES } from '../api/types';
import { ATTACHMENT_PROBLEMS } from '../pages/suggestions/attachment';
import { SUGGESTION_PROBLEMS } from '../pages/suggestions/problems';
import enUS from './en-US';
import { flattenKeys, placeholders } from './messages';
import zhCN from './zh-CN';

function valueAt(tree: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
}

describe('translations', () => {
  const zhKeys = flattenKeys(zhCN);
  const enKeys = flattenKeys(enUS);

  it('zh-CN and en-US define exactly the same keys', () => {
    expect(enKeys).toEqual(zhKeys);
  });

  it('every message is a non-empty string', () => {
    for (const key of zhKeys) {
      for (const tree of [zhCN, enUS]) {
        const value = valueAt(tree, key);
        expect(typeof value, key).toBe('string');
        expect((value as string).trim().length, key).toBeGreaterThan(0);
      }
    }
  });

  it('uses the same {{placeholders}} in both languages', () => {
    for (const key of zhKeys) {
      expect(placeholders(valueAt(enUS, key) as string), key).toEqual(placeholders(valueAt(zhCN, key) as string));
    }
  });

  it('keeps Chinese text out of the English resources', () => {
    for (const key of enKeys) {
      expect(valueAt(enUS, key) as string, key).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('names each language in itself in its own resources', () => {
    expect(zhCN.lang.self).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(enUS.lang.self).toBe('English');
  });

  it('labels every role', () => {
    expect(Object.keys(zhCN.role).sort()).toEqual(
      ['auditor', 'dept_head', 'info_admin', 'privacy_officer', 'staff', 'system_admin'].sort(),
    );
  });

  it('labels every audit action, outcome and actor type the server records', () => {
    expect(Object.keys(zhCN.auditAction).sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(Object.keys(zhCN.auditOutcome).sort()).toEqual([...AUDIT_OUTCOMES].sort());
    expect(Object.keys(zhCN.auditActorType).sort()).toEqual([...AUDIT_ACTOR_TYPES].sort());
  });

  it('labels every catalog value the server defines', () => {
    expect(Object.keys(zhCN.policyCategory).sort()).toEqual([...POLICY_CATEGORIES].sort());
    expect(Object.keys(zhCN.gbCategory).sort()).toEqual([...GB_CATEGORIES].sort());
    expect(Object.keys(zhCN.shareType).sort()).toEqual([...SHARE_TYPES].sort());
    expect(Object.keys(zhCN.specialCategory).sort()).toEqual([...SPECIAL_CATEGORIES].sort());
    expect(Object.keys(zhCN.identifierKind).sort()).toEqual([...IDENTIFIER_KINDS].sort());
    expect(Object.keys(zhCN.fieldType).sort()).toEqual([...FIELD_TYPES].sort());
    expect(Object.keys(zhCN.updateFrequency).sort()).toEqual([...UPDATE_FREQUENCIES].sort());
    expect(Object.keys(zhCN.resourceStatus).sort()).toEqual([...RESOURCE_STATUSES].sort());
    expect(Object.keys(zhCN.levelName).sort()).toEqual(SENSITIVITY_LEVELS.map((level) => `l${level}`));
  });

  it('labels every emergency review status, access basis and masking strategy', () => {
    expect(Object.keys(zhCN.reviewStatus).sort()).toEqual([...REVIEW_STATUSES].sort());
    expect(Object.keys(zhCN.accessBasis).filter((key) => !key.startsWith('hint')).sort()).toEqual(BASIS_KINDS.map(basisKey).sort());
    // The server's masking strategies (setting access.masking).
    expect(Object.keys(zhCN.masking.strategy).sort()).toEqual(['address', 'birth-year', 'id-number', 'keep-last-4', 'name', 'phone', 'pseudonym', 'redact']);
  });

  it('words every catalog rule and every import problem found in the browser', () => {
    expect(Object.keys(zhCN.resourceForm.problem).sort()).toEqual([...PROBLEM_CODES].sort());
    expect(Object.keys(zhCN.import.problem).sort()).toEqual([...LOCAL_PROBLEMS].sort());
  });

  it('labels every value of the share request workflow the server defines', () => {
    const keys = (tree: object) => Object.keys(tree).sort();
    expect(keys(zhCN.requestState)).toEqual([...REQUEST_STATES].sort());
    expect(keys(zhCN.decision)).toEqual([...REVIEW_DECISIONS].sort());
    expect(keys(zhCN.reviewerRole)).toEqual([...REVIEWER_ROLES].sort());
    expect(keys(zhCN.severity)).toEqual([...FINDING_SEVERITIES].sort());
    expect(keys(zhCN.precheckName)).toEqual([...PRECHECK_NAMES].sort());
    expect(keys(zhCN.legalBasis)).toEqual([...LEGAL_BASES].sort());
    expect(keys(zhCN.channel)).toEqual([...DELIVERY_CHANNELS].sort());
    expect(keys(zhCN.identification)).toEqual([...IDENTIFICATION_LEVELS].sort());
    expect(keys(zhCN.identificationHint)).toEqual([...IDENTIFICATION_LEVELS].sort());
    expect(keys(zhCN.recipientKind)).toEqual([...RECIPIENT_KINDS].sort());
    expect(keys(zhCN.granteeKind)).toEqual([...GRANTEE_KINDS].sort());
    expect(keys(zhCN.grantStatus)).toEqual([...GRANT_STATUSES].sort());
    expect(keys(zhCN.feedbackState)).toEqual([...FEEDBACK_STATES].sort());
    expect(keys(zhCN.notificationKind)).toEqual([...NOTIFICATION_KINDS].sort());
    expect(keys(zhCN.packageStatus)).toEqual([...PACKAGE_STATUSES].sort());
    expect(keys(zhCN.wizard.patientsKind)).toEqual([...PATIENT_SCOPE_KINDS].sort());
    expect(keys(zhCN.wizard.step)).toEqual([...WIZARD_STEPS].sort());
    expect(keys(zhCN.wizard.problem)).toEqual([...DRAFT_PROBLEMS].sort());
    expect(keys(zhCN.review.narrowProblem)).toEqual([...NARROWING_PROBLEMS].sort());
  });

  it('labels every value of the suggestion channel and words its problems', () => {
    const keys = (tree: object) => Object.keys(tree).sort();
    expect(keys(zhCN.suggestionStatus)).toEqual([...SUGGESTION_STATUSES].sort());
    expect(keys(zhCN.suggestionKind)).toEqual([...SUGGESTION_KINDS].sort());
    expect(keys(zhCN.suggestionAction)).toEqual([...SUGGESTION_ACTIONS].sort());
    expect(keys(zhCN.suggestion.problem)).toEqual([...SUGGESTION_PROBLEMS].sort());
    for (const problem of ATTACHMENT_PROBLEMS) expect(zhCN.suggestion[problem], problem).toBeTruthy();
  });

  it('labels every consent state and evidence kind and words the consent form’s problems', () => {
    const keys = (tree: object) => Object.keys(tree).sort();
    expect(keys(zhCN.consentState)).toEqual([...CONSENT_STATES].sort());
    expect(keys(zhCN.evidenceKind)).toEqual([...EVIDENCE_KINDS].sort());
    expect(keys(zhCN.consent.problem)).toEqual([...CONSENT_PROBLEMS].sort());
    expect(keys(zhCN.consent.form.problem)).toEqual([...ATTACHMENT_PROBLEMS].sort());
  });

  it('labels every referral status, urgency, inbound status and tab, and words the referral form’s problems', () => {
    const keys = (tree: object) => Object.keys(tree).sort();
    expect(keys(zhCN.referralStatus)).toEqual([...REFERRAL_STATUSES].sort());
    expect(keys(zhCN.inboundStatus)).toEqual([...INBOUND_STATUSES].sort());
    expect(keys(zhCN.urgency).filter((key) => key !== 'partner')).toEqual([...URGENCIES].sort());
    expect(keys(zhCN.referral.problem)).toEqual([...CHOICE_PROBLEMS].sort());
    expect(keys(zhCN.referral.tab)).toEqual(['all', 'department', 'inbound', 'mine', 'to-review']);
    expect(keys(zhCN.referral.intro)).toEqual(['all', 'department', 'mine', 'to-review']);
    expect(zhCN.nav.referrals).toBe('转诊管理');
  });

  it('labels every agreement state, connection blocker and client status change', () => {
    const keys = (tree: object) => Object.keys(tree).sort();
    expect(keys(zhCN.agreementState).filter((key) => key !== 'endingSoonDays')).toEqual([...AGREEMENT_STATES].sort());
    expect(keys(zhCN.apiClient.blocked)).toEqual([...CONNECTION_BLOCKERS].sort());
    expect(keys(zhCN.apiClient.changed)).toEqual([...API_CLIENT_STATUSES].sort());
  });

  it('uses the policy’s terms for the share request workflow', () => {
    expect(zhCN.nav.shareRequests).toBe('共享申请');
    expect(zhCN.nav.feedback).toBe('使用反馈');
    expect(Object.values(zhCN.identification)).toEqual(['可识别', '假名化', '去标识化']);
  });

  it('uses the GB/T 39725 and policy terms for categories and share types', () => {
    expect(Object.values(zhCN.gbCategory)).toEqual(['个人属性', '健康状况', '医疗应用', '医疗支付', '卫生资源', '公共卫生']);
    expect(Object.values(zhCN.shareType)).toEqual(['无条件共享', '有条件共享', '不予共享']);
  });
});

describe('flattenKeys', () => {
  it('lists leaves as dotted paths, sorted', () => {
    expect(flattenKeys({ b: { c: 'x', a: 'y' }, a: 'z' })).toEqual(['a', 'b.a', 'b.c']);
  });
});
