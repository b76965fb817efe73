import { describe, expect, it } from 'vitest';
import { ALERT_RULES, ALERT_SEVERITIES, ALERT_STATUSES } from '../../api/types';
import enUS from '../../i18n/en-US';
import zhCN from '../../i18n/zh-CN';
import { ALERT_FACT_KEYS, factEntries, factValue, isAlertRule, isFactKey, triageOptions } from './display';

describe('factValue', () => {
  it('reads times, flags, numbers and lists, and says nothing for empty values', () => {
    expect(factValue('2026-11-26T01:00:00.000Z')).toEqual({ kind: 'time', iso: '2026-11-26T01:00:00.000Z' });
    expect(factValue('2026-11-26')).toEqual({ kind: 'text', text: '2026-11-26' });
    expect(factValue('22:00–07:00')).toEqual({ kind: 'text', text: '22:00–07:00' });
    expect(factValue(true)).toEqual({ kind: 'flag', value: true });
    expect(factValue(11)).toEqual({ kind: 'text', text: '11' });
    expect(factValue(['RECORD_NOT_FOUND', 'FORBIDDEN'])).toEqual({ kind: 'text', text: 'RECORD_NOT_FOUND, FORBIDDEN' });
    expect(factValue([{ a: 1 }])).toEqual({ kind: 'text', text: '{"a":1}' });
    expect(factValue({ nested: true })).toEqual({ kind: 'text', text: '{"nested":true}' });
    for (const empty of [null, undefined, '', []]) expect(factValue(empty)).toEqual({ kind: 'none' });
  });

  it('keeps the order in which the rule wrote its facts', () => {
    expect(factEntries({ denials: 5, threshold: 5, reasons: ['FORBIDDEN'] }).map((f) => f.key)).toEqual(['denials', 'threshold', 'reasons']);
  });
});

describe('triageOptions', () => {
  const subject = { userId: 'u-1', username: 'dr.wang', departmentId: 'd-1' };
  it('offers both decisions on an open alert about an account or a department', () => {
    expect(triageOptions({ status: 'open', subject })).toEqual({ dismiss: true, escalate: true });
    expect(triageOptions({ status: 'open', subject: { userId: null, username: null, departmentId: 'd-1' } })).toEqual({ dismiss: true, escalate: true });
  });

  it('only dismisses an alert that names nobody, and offers nothing once triaged', () => {
    expect(triageOptions({ status: 'open', subject: { userId: null, username: 'ghost', departmentId: null } })).toEqual({ dismiss: true, escalate: false });
    expect(triageOptions({ status: 'dismissed', subject })).toEqual({ dismiss: false, escalate: false });
    expect(triageOptions({ status: 'escalated', subject })).toEqual({ dismiss: false, escalate: false });
  });
});

describe('alert labels', () => {
  const keys = (tree: object) => Object.keys(tree).sort();
  it('labels every rule, severity, status and fact the server defines, in both languages', () => {
    for (const messages of [zhCN, enUS]) {
      expect(keys(messages.alertRule)).toEqual([...ALERT_RULES].sort());
      expect(keys(messages.alertSeverity)).toEqual([...ALERT_SEVERITIES].sort());
      expect(keys(messages.alertStatus)).toEqual([...ALERT_STATUSES].sort());
      expect(keys(messages.alertFact)).toEqual([...ALERT_FACT_KEYS].sort());
    }
    expect(zhCN.nav.alerts).toBe('异常告警');
  });

  it('recognises known rules and facts only', () => {
    expect(isAlertRule('repeated-denials')).toBe(true);
    expect(isAlertRule('something-new')).toBe(false);
    expect(isFactKey('denials')).toBe(true);
    expect(isFactKey('toString')).toBe(false);
  });
});
