import { describe, expect, it } from 'vitest';
import { emptyReport } from '../reports/fixtures';
import { COLORS } from './chart-options';
import { breakdown, feedbackData, headlines, reviewData, triageData, weeklyData } from './figures';

const report = emptyReport('2026-Q3');
report.sharing.reads = 5;
report.sharing.byDepartment = [{ key: 'd1', label: { zh: '检验科', en: 'Clinical laboratory' }, count: 5 }];
report.sharing.byWeek = [{ key: '2026-W38', label: { zh: '2026 年第 38 周', en: '2026-W38' }, count: 5 }];
report.requests.reviews = { decided: 3, medianHours: 4, p90Hours: 30, withinDeadline: 2, pastDeadline: 1 };
report.alerts = { raised: 4, byRule: [], dismissed: 1, escalated: 1, open: 2 };
report.feedback = { due: 3, onTime: 1, late: 1, overdue: 1 };

describe('chart data', () => {
  it('labels breakdowns in the reader’s language and weeks by their number', () => {
    expect(breakdown(report.sharing.byDepartment, 'en-US')).toEqual([{ name: 'Clinical laboratory', value: 5 }]);
    expect(breakdown(report.sharing.byDepartment, 'zh-CN')).toEqual([{ name: '检验科', value: 5 }]);
    expect(weeklyData(report.sharing.byWeek, ['2026-W37', '2026-W38', '2026-W39'])).toEqual([
      { name: 'W37', value: 0 },
      { name: 'W38', value: 5 },
      { name: 'W39', value: 0 },
    ]);
    expect(weeklyData(report.sharing.byWeek, [])).toEqual([{ name: 'W38', value: 5 }]);
  });

  it('splits reviews, triage and feedback into coloured parts', () => {
    const label = (part: string) => `<${part}>`;
    expect(reviewData(report, label)).toEqual([
      { name: '<withinDeadline>', value: 2, color: COLORS.success },
      { name: '<pastDeadline>', value: 1, color: COLORS.danger },
    ]);
    expect(triageData(report, label).map((d) => [d.name, d.value])).toEqual([['<dismissed>', 1], ['<escalated>', 1], ['<open>', 2]]);
    expect(feedbackData(report, label).map((d) => [d.name, d.value])).toEqual([['<onTime>', 1], ['<late>', 1], ['<overdue>', 1]]);
  });
});

describe('headlines', () => {
  it('marks what calls for action, with what it is a part of', () => {
    const byKey = Object.fromEntries(headlines(report).map((h) => [h.key, h]));
    expect(byKey.reads).toEqual({ key: 'reads', value: 5, attention: false });
    expect(byKey.reviewsPastDeadline).toEqual({ key: 'reviewsPastDeadline', value: 1, of: 3, attention: true });
    expect(byKey.alertsOpen).toMatchObject({ value: 2, of: 4, attention: true });
    expect(byKey.feedbackOverdue).toMatchObject({ value: 1, of: 3, attention: true });
  });

  it('calls for nothing in an empty quarter', () => {
    expect(headlines(emptyReport('2026-Q4')).some((h) => h.attention || h.value !== 0)).toBe(false);
  });
});
