import { describe, expect, it } from 'vitest';
import { barChartHeight, barOption, COLORS, isEmptyData, lineOption, pieOption, shortWeek, zeroless } from './chart-options';

describe('isEmptyData', () => {
  it('is empty without rows or with zeros only', () => {
    expect(isEmptyData([])).toBe(true);
    expect(isEmptyData([{ name: 'a', value: 0 }])).toBe(true);
    expect(isEmptyData([{ name: 'a', value: 0 }, { name: 'b', value: 2 }])).toBe(false);
  });
});

describe('barOption', () => {
  it('keeps the rows in order, first on top, with per-bar colours where given', () => {
    const option = barOption([
      { name: '检验科', value: 5 },
      { name: '逾期', value: 2, color: COLORS.danger },
    ]);
    expect(option.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['检验科', '逾期'] });
    expect(option.series).toEqual([expect.objectContaining({ type: 'bar', data: [5, { value: 2, itemStyle: { color: COLORS.danger } }] })]);
  });

  it('grows with the number of rows', () => {
    expect(barChartHeight(1)).toBe(160);
    expect(barChartHeight(10)).toBe(360);
  });
});

describe('lineOption', () => {
  it('plots the points in the given order', () => {
    const option = lineOption([{ name: 'W40', value: 1 }, { name: 'W41', value: 5 }], 'Reads');
    expect(option.xAxis).toMatchObject({ data: ['W40', 'W41'] });
    expect(option.series).toEqual([expect.objectContaining({ type: 'line', name: 'Reads', data: [1, 5] })]);
  });

  it('labels only the points with reads', () => {
    expect(zeroless({ value: 0 })).toBe('');
    expect(zeroless({ value: 12 })).toBe('12');
  });
});

describe('pieOption', () => {
  it('leaves zero slices out', () => {
    const option = pieOption([{ name: 'api', value: 3 }, { name: 'fhir', value: 0 }, { name: 'open', value: 1, color: COLORS.warning }]);
    expect(option.series).toEqual([
      expect.objectContaining({ type: 'pie', data: [{ name: 'api', value: 3 }, { name: 'open', value: 1, itemStyle: { color: COLORS.warning } }] }),
    ]);
  });
});

describe('shortWeek', () => {
  it('drops the year of an ISO week key and leaves other text alone', () => {
    expect(shortWeek('2026-W41')).toBe('W41');
    expect(shortWeek('other')).toBe('other');
  });
});
