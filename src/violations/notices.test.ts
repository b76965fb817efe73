import { describe, expect, it } from 'vitest';
import { VIOLATION_NOTICE_KINDS, violationNotice } from './notices.js';

describe('violation notices', () => {
  it('tells a user subject of the opening, the suspension, the sanction in force and the close', () => {
    expect(violationNotice('user', { step: 'opened' })).toEqual({ kind: 'violation-opened', title: { zh: '您涉及一起违规处理案件,已立案', en: 'A violation case concerning you has been opened' } });
    expect(violationNotice('user', { step: 'suspended' })?.title.en).toBe('Your account and data grants are suspended while a violation case is handled');
    expect(violationNotice('user', { step: 'decided', decision: 'warning' })).toEqual({ kind: 'violation-decided', title: { zh: '违规处理决定已生效:警告,如有异议可提出申诉', en: 'Violation case decision in force: Warning. You may file an appeal' } });
    expect(violationNotice('user', { step: 'closed' })?.kind).toBe('violation-closed');
  });

  it('closes rather than sanctions when there was no violation', () => {
    expect(violationNotice('user', { step: 'decided', decision: 'no_violation' })).toEqual({ kind: 'violation-closed', title: { zh: '违规处理案件已结案:不构成违规', en: 'Violation case closed: no violation' } });
  });

  it('speaks to a department’s heads about the department, whose members keep their accounts', () => {
    expect(violationNotice('department', { step: 'opened' })?.title.zh).toBe('本科室涉及一起违规处理案件,已立案');
    expect(violationNotice('department', { step: 'suspended' })?.title.en).toBe("Your department's data grants are suspended while a violation case is handled");
    expect(violationNotice('department', { step: 'decided', decision: 'penalty' })?.title.zh).toContain('处罚');
  });

  it('tells no one about an institution, which has no accounts here', () => {
    for (const step of [{ step: 'opened' }, { step: 'suspended' }, { step: 'decided', decision: 'termination' }, { step: 'closed' }] as const) expect(violationNotice('institution', step)).toBeNull();
  });

  it('uses only the kinds it declares', () => {
    const kinds = new Set([...(['user', 'department'] as const).flatMap((subject) => [violationNotice(subject, { step: 'opened' }), violationNotice(subject, { step: 'suspended' }), violationNotice(subject, { step: 'decided', decision: 'termination' }), violationNotice(subject, { step: 'closed' })])].map((notice) => notice?.kind));
    expect([...kinds].sort()).toEqual([...VIOLATION_NOTICE_KINDS].sort());
  });
});
