import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatTimestamp } from './format';

describe('formatTimestamp', () => {
  it('shows seconds, in the reader’s language and time zone', () => {
    expect(formatTimestamp('2026-03-01T08:05:09.120Z', 'en-US', 'UTC')).toBe('03/01/2026, 08:05:09');
    expect(formatTimestamp('2026-03-01T08:05:09.120Z', 'zh-CN', 'Asia/Shanghai')).toBe('2026/03/01 16:05:09');
  });

  it('passes through what it cannot parse and shows nothing for no value', () => {
    expect(formatTimestamp('not a date', 'en-US')).toBe('not a date');
    expect(formatTimestamp(null, 'en-US')).toBe('');
  });
});

describe('formatBytes', () => {
  it('picks a unit and keeps one decimal only for small values', () => {
    expect(formatBytes(512, 'en-US')).toBe('512 B');
    expect(formatBytes(1536, 'en-US')).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024 + 200_000, 'en-US')).toBe('3.2 MB');
    expect(formatBytes(25 * 1024 * 1024, 'zh-CN')).toBe('25 MB');
    expect(formatBytes(0, 'en-US')).toBe('0 B');
  });
});

describe('formatDate', () => {
  it('shows the calendar day only, and nothing for no value', () => {
    expect(formatDate('2026-03-01T12:00:00.000Z', 'en-US')).toBe('03/01/2026');
    expect(formatDate('2026-03-01T12:00:00.000Z', 'zh-CN')).toBe('2026/03/01');
    expect(formatDate(null, 'zh-CN')).toBe('');
    expect(formatDate('soon', 'zh-CN')).toBe('soon');
  });
});
