import { describe, expect, it } from 'vitest';
import { median, suggestionStatistics, type SuggestionEventFact, type SuggestionFact } from './statistics.js';

// 2026 Q4 in the hospital's calendar (UTC+8).
const Q4 = { from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' };

const s = (id: string, category: string, submittedAt: string): SuggestionFact => ({ id, category, submittedAt });
const e = (suggestionId: string, version: number, action: 'answer' | 'reopen', at: string): SuggestionEventFact => ({ suggestionId, version, action, at });

const suggestions = [
  s('a', 'review', '2026-09-20T00:00:00.000Z'),
  s('b', 'data-quality', '2026-10-10T00:00:00.000Z'),
  s('c', 'review', '2026-11-01T00:00:00.000Z'),
  s('d', 'usability', '2026-11-05T00:00:00.000Z'),
  s('e', 'other', '2026-08-01T00:00:00.000Z'),
  s('f', 'other', '2026-08-01T00:00:00.000Z'),
  s('g', 'request-process', '2026-12-20T00:00:00.000Z'),
  s('h', 'review', '2026-12-31T16:00:00.000Z'),
  s('i', 'security-privacy', '2026-09-30T16:00:00.000Z'),
  s('j', 'review', '2026-10-15T00:00:00.000Z'),
  s('k', 'other', '2026-12-31T03:59:59.999Z'),
  s('l', 'review', '2026-10-20T00:00:00.000Z'),
];
const events = [
  e('a', 1, 'answer', '2026-10-02T00:00:00.000Z'),
  e('b', 1, 'answer', '2026-10-10T06:00:00.000Z'),
  e('e', 1, 'answer', '2026-08-02T00:00:00.000Z'),
  e('e', 2, 'reopen', '2026-11-10T00:00:00.000Z'),
  e('f', 1, 'answer', '2026-08-03T00:00:00.000Z'),
  e('f', 2, 'reopen', '2026-09-01T00:00:00.000Z'),
  e('f', 3, 'answer', '2026-09-05T00:00:00.000Z'),
  e('g', 1, 'answer', '2027-01-05T00:00:00.000Z'),
  e('i', 1, 'answer', '2026-09-30T20:00:00.000Z'),
  e('j', 1, 'answer', '2026-10-16T00:00:00.000Z'),
  e('j', 2, 'answer', '2026-11-01T00:00:00.000Z'),
  e('k', 1, 'answer', '2026-12-31T15:59:59.999Z'),
  // Reopened and answered again in the same millisecond: the version decides the order.
  e('l', 3, 'answer', '2026-10-22T00:00:00.000Z'),
  e('l', 1, 'answer', '2026-10-21T00:00:00.000Z'),
  e('l', 2, 'reopen', '2026-10-22T00:00:00.000Z'),
];

describe('suggestion statistics for the quarterly report', () => {
  const stats = suggestionStatistics({ suggestions, events }, Q4);

  it('counts what was received in [from, to), by category with every category listed', () => {
    expect(stats.received).toBe(8);
    expect(stats.byCategory).toEqual([
      { key: 'request-process', label: { zh: '申请流程', en: 'Request process' }, count: 1 },
      { key: 'review', label: { zh: '审查', en: 'Review' }, count: 3 },
      { key: 'data-quality', label: { zh: '数据质量', en: 'Data quality' }, count: 1 },
      { key: 'security-privacy', label: { zh: '安全与隐私', en: 'Security & privacy' }, count: 1 },
      { key: 'usability', label: { zh: '系统易用性', en: 'System usability' }, count: 1 },
      { key: 'other', label: { zh: '其他', en: 'Other' }, count: 1 },
    ]);
  });

  it('counts first answers in the period, whenever submitted, and their median time', () => {
    // a 288 h, b 6 h, i 4 h, j 24 h (its second answer does not count), k 12 h, l 24 h.
    expect(stats.answered).toBe(6);
    expect(stats.medianHoursToAnswer).toBe(18);
  });

  it('counts as open what awaits an answer at the end: never answered, or reopened since', () => {
    // c and d never answered, g answered only after the quarter, e reopened and not answered again.
    expect(stats.open).toBe(4);
  });

  it('does not move once the quarter is over', () => {
    const later = [...events, e('c', 1, 'answer', '2027-02-01T00:00:00.000Z'), e('e', 3, 'answer', '2027-02-01T00:00:00.000Z')];
    expect(suggestionStatistics({ suggestions: [...suggestions, s('z', 'review', '2027-01-10T00:00:00.000Z')], events: later }, Q4)).toEqual(stats);
  });

  it('reports an empty quarter as zeros and no median', () => {
    const empty = suggestionStatistics({ suggestions: [], events: [] }, Q4);
    expect(empty).toMatchObject({ received: 0, answered: 0, open: 0, medianHoursToAnswer: null });
    expect(empty.byCategory.every((row) => row.count === 0)).toBe(true);
  });

  it('keeps a category that has left the list instead of dropping it', () => {
    const old = suggestionStatistics({ suggestions: [s('x', 'legacy-channel', '2026-10-01T00:00:00.000Z')], events: [] }, Q4);
    expect(old.byCategory.at(-1)).toEqual({ key: 'legacy-channel', label: { zh: 'legacy-channel', en: 'legacy-channel' }, count: 1 });
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
  it('is rounded to a tenth of an hour in the report', () => {
    const third = suggestionStatistics({ suggestions: [s('x', 'other', '2026-10-01T00:00:00.000Z')], events: [e('x', 1, 'answer', '2026-10-01T00:20:00.000Z')] }, Q4);
    expect(third.medianHoursToAnswer).toBe(0.3);
  });
});
