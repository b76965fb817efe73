import { describe, expect, it } from 'vitest';
import { activeWindowFor, formatCountdown, reasonLength, remainingMs } from './emergency-window';

describe('formatCountdown', () => {
  it('shows mm:ss under an hour', () => {
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(59_000)).toBe('00:59');
    expect(formatCountdown(5 * 60_000 + 7_000)).toBe('05:07');
    expect(formatCountdown(59 * 60_000 + 59_000)).toBe('59:59');
  });

  it('adds hours from one hour up (the default window is four)', () => {
    expect(formatCountdown(3_600_000)).toBe('1:00:00');
    expect(formatCountdown(4 * 3_600_000)).toBe('4:00:00');
    expect(formatCountdown(3 * 3_600_000 + 59 * 60_000 + 12_000)).toBe('3:59:12');
  });

  it('rounds up to the second, so 00:00 means the time is over', () => {
    expect(formatCountdown(1)).toBe('00:01');
    expect(formatCountdown(999)).toBe('00:01');
    expect(formatCountdown(-5_000)).toBe('00:00');
  });
});

describe('remainingMs', () => {
  const now = Date.parse('2026-11-25T10:00:00.000Z');

  it('counts down to the end of the window and stops at zero', () => {
    expect(remainingMs('2026-11-25T14:00:00.000Z', now)).toBe(4 * 3_600_000);
    expect(remainingMs('2026-11-25T09:59:59.000Z', now)).toBe(0);
  });

  it('treats an unreadable end as over', () => {
    expect(remainingMs('soon', now)).toBe(0);
  });
});

describe('reasonLength', () => {
  it('counts characters of the trimmed reason, as the server does', () => {
    expect(reasonLength('  患者昏迷急诊抢救  ')).toBe(8);
    expect(reasonLength('𠮷𠮷')).toBe(2);
    expect(reasonLength('   ')).toBe(0);
  });
});

describe('activeWindowFor', () => {
  const now = Date.parse('2026-11-25T10:00:00.000Z');
  const window = (id: string, patientId: string, expiresAt: string, closedAt: string | null = null) => ({ id, patientId, expiresAt, closedAt });

  it('finds the caller’s open window for the patient, the one ending last', () => {
    const windows = [
      window('a', 'p1', '2026-11-25T11:00:00.000Z'),
      window('b', 'p1', '2026-11-25T13:00:00.000Z'),
      window('c', 'p2', '2026-11-25T14:00:00.000Z'),
    ];
    expect(activeWindowFor(windows, 'p1', now)?.id).toBe('b');
    expect(activeWindowFor(windows, 'p3', now)).toBeUndefined();
  });

  it('ignores windows that were closed or have run out', () => {
    const windows = [window('a', 'p1', '2026-11-25T11:00:00.000Z', '2026-11-25T09:30:00.000Z'), window('b', 'p1', '2026-11-25T09:00:00.000Z')];
    expect(activeWindowFor(windows, 'p1', now)).toBeUndefined();
  });
});
