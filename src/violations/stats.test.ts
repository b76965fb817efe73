import { expect, it } from 'vitest';
import { violationStatistics } from './stats.js';

it('counts decisions in force, suspensions and appeals of the period', () => {
  const event = (kind: string, data: object = {}) => ({ kind, data: JSON.stringify(data) });
  const stats = violationStatistics(4, [event('decision_in_force', { kind: 'warning' }), event('decision_in_force', { kind: 'warning' }), event('decision_in_force', { kind: 'termination' }), event('suspended'), event('appeal'), event('decision_in_force', { kind: 'made-up' })]);
  expect(stats).toMatchObject({ opened: 4, decided: 3, suspensions: 1, appeals: 1 });
  expect(Object.fromEntries(stats.byDecision.map((row) => [row.key, row.count]))).toEqual({ no_violation: 0, warning: 2, penalty: 0, termination: 1 });
  expect(stats.byDecision.find((row) => row.key === 'warning')?.label.zh).toBe('警告');
  expect(violationStatistics(0, [])).toMatchObject({ opened: 0, decided: 0, suspensions: 0, appeals: 0 });
});
