import { describe, expect, it } from 'vitest';
import { VIOLATION_DECISIONS, VIOLATION_EVENTS, VIOLATION_STATUSES, VIOLATION_SUBJECT_KINDS } from '../../api/types';
import enUS from '../../i18n/en-US';
import zhCN from '../../i18n/zh-CN';
import { eventFacts, isEventKind } from './history';

describe('eventFacts', () => {
  it('names the decision of a decision step, with its details', () => {
    expect(eventFacts({ kind: 'penalty', details: '扣发当月绩效' })).toEqual({ decision: 'penalty', details: '扣发当月绩效' });
    expect(eventFacts({ kind: 'warning', details: null })).toEqual({ decision: 'warning' });
    expect(eventFacts({ kind: 'something-else' })).toEqual({});
  });

  it('counts what a suspension touched, by kind', () => {
    const targets = [
      { kind: 'user', id: 'u' },
      { kind: 'grant', id: 'g1' },
      { kind: 'grant', id: 'g2' },
    ];
    expect(eventFacts({ targets })).toEqual({ targets: [{ kind: 'user', count: 1 }, { kind: 'grant', count: 2 }] });
    expect(eventFacts({ targets: [] })).toEqual({ targets: [] });
  });

  it('lists the evidence an evidence step added', () => {
    expect(eventFacts({ auditSeqs: [3, 4], alertIds: [] })).toEqual({ auditSeqs: [3, 4] });
    expect(eventFacts({ auditSeqs: [], alertIds: ['a'] })).toEqual({ alertIds: ['a'] });
  });
});

describe('violation labels', () => {
  const keys = (tree: object) => Object.keys(tree).sort();
  it('labels every status, subject kind, decision and step the server records, in both languages', () => {
    for (const messages of [zhCN, enUS]) {
      expect(keys(messages.violationStatus)).toEqual([...VIOLATION_STATUSES].sort());
      expect(keys(messages.violationSubjectKind)).toEqual([...VIOLATION_SUBJECT_KINDS].sort());
      expect(keys(messages.violationEvent)).toEqual([...VIOLATION_EVENTS].sort());
      for (const kind of VIOLATION_DECISIONS) expect(messages.violationDecision[kind]).toBeTruthy();
    }
    expect(isEventKind('appeal')).toBe(true);
    expect(isEventKind('unknown')).toBe(false);
  });

  it('uses the policy’s terms for the decisions', () => {
    expect(zhCN.nav.violations).toBe('违规处理');
    expect(zhCN.violationDecision.warning).toBe('警告');
    expect(zhCN.violationDecision.penalty).toBe('处罚');
    expect(zhCN.violationDecision.terminationUser).toBe('解除劳动合同');
  });
});
