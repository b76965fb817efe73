import { describe, expect, it } from 'vitest';
import { agreementState, connectionBlocker, daysLeft, hospitalToday } from './agreement';

const agreement = { agreementStart: '2026-01-01', agreementEnd: '2026-12-31' };

describe('hospitalToday', () => {
  it('is the China calendar day (UTC+08:00)', () => {
    expect(hospitalToday(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(hospitalToday(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });
});

describe('agreementState', () => {
  it('treats both ends as inclusive', () => {
    expect(agreementState(agreement, '2025-12-31')).toBe('not-started');
    expect(agreementState(agreement, '2026-01-01')).toBe('current');
    expect(agreementState(agreement, '2026-12-31')).toBe('ending-soon');
    expect(agreementState(agreement, '2027-01-01')).toBe('ended');
  });

  it('flags the last 30 days as ending soon', () => {
    expect(agreementState(agreement, '2026-12-01')).toBe('current');
    expect(agreementState(agreement, '2026-12-02')).toBe('ending-soon');
  });

  it('leaves an end that is not set open', () => {
    expect(agreementState({ agreementStart: null, agreementEnd: null }, '2026-06-01')).toBe('unset');
    expect(agreementState({ agreementStart: '2026-01-01', agreementEnd: null }, '2099-01-01')).toBe('current');
    expect(agreementState({ agreementStart: null, agreementEnd: '2026-12-31' }, '2020-01-01')).toBe('current');
  });
});

describe('daysLeft', () => {
  it('counts whole days to the end, 0 on the last day', () => {
    expect(daysLeft(agreement, '2026-12-21')).toBe(10);
    expect(daysLeft(agreement, '2026-12-31')).toBe(0);
    expect(daysLeft({ agreementEnd: null }, '2026-12-31')).toBeNull();
  });
});

describe('connectionBlocker', () => {
  it('names what stops every client of the institution', () => {
    expect(connectionBlocker({ status: 'active', ...agreement }, '2026-06-01')).toBeNull();
    expect(connectionBlocker({ status: 'active', ...agreement }, '2026-12-31')).toBeNull();
    expect(connectionBlocker({ status: 'suspended', ...agreement }, '2026-06-01')).toBe('suspended');
    expect(connectionBlocker({ status: 'terminated', ...agreement }, '2026-06-01')).toBe('terminated');
    expect(connectionBlocker({ status: 'active', ...agreement }, '2025-06-01')).toBe('not-started');
    expect(connectionBlocker({ status: 'active', ...agreement }, '2027-06-01')).toBe('ended');
  });
});
