import { describe, expect, it } from 'vitest';
import { approvalProblem, canAppeal, canDecide, decisionProblem, isFinal, needsSecondApproval, statusAfterDecision } from './rules.js';

describe('violation decisions', () => {
  it('fits each decision to its subject', () => {
    expect(decisionProblem('user', 'termination', undefined)).toBeNull();
    expect(decisionProblem('institution', 'termination', undefined)).toBeNull();
    expect(decisionProblem('department', 'termination', undefined)).toMatch(/department cannot be terminated/);
    expect(decisionProblem('department', 'warning', undefined)).toBeNull();
    expect(decisionProblem('user', 'penalty', '  ')).toMatch(/penalty needs its details/);
    expect(decisionProblem('user', 'penalty', '扣发当月绩效 500 元')).toBeNull();
  });

  it('asks a second approver only for termination, and never the decider', () => {
    expect(['no_violation', 'warning', 'penalty'].map((kind) => needsSecondApproval(kind as never))).toEqual([false, false, false]);
    expect(needsSecondApproval('termination')).toBe(true);
    const awaiting = { status: 'awaiting_approval' as const, subjectKind: 'user' as const, subjectId: 'u-1', decidedBy: 'admin-1' };
    expect(approvalProblem(awaiting, 'admin-1')).toMatch(/someone other than the decider/);
    expect(approvalProblem(awaiting, 'admin-2')).toBeNull();
    expect(approvalProblem({ ...awaiting, status: 'open' }, 'admin-2')).toMatch(/no decision awaiting/);
  });

  it('moves through the states in order', () => {
    expect(canDecide('open')).toBe(true);
    expect(canDecide('awaiting_approval')).toBe(false);
    expect(canDecide('decided')).toBe(false);
    expect(statusAfterDecision('no_violation')).toBe('closed');
    expect(statusAfterDecision('warning')).toBe('decided');
    expect(canAppeal('decided')).toBe(true);
    expect(canAppeal('closed')).toBe(false);
    expect(isFinal('termination')).toBe(true);
    expect(isFinal('penalty')).toBe(false);
  });
});
