import { describe, expect, it } from 'vitest';
import { formatTimestamp } from './format';

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
