import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

/**
 * ECharts options for the supervision charts, as pure data: the chart component draws them, tests
 * read them. Only the bar, line and pie series with grid, tooltip and legend are registered (see
 * components/echart.tsx), so these are the only parts an option may use.
 */
export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

/** One bar, point or slice, already named in the reader's language. */
export interface Datum {
  name: string;
  value: number;
  /** A colour of its own (a slice meaning "late" or "open" is drawn in warning colours). */
  color?: string;
}

export const COLORS = { primary: '#1677ff', success: '#52c41a', warning: '#faad14', danger: '#ff4d4f', neutral: '#8c8c8c' } as const;

/** Nothing to draw: no rows, or only zeros. Such a chart is replaced by an empty-state note. */
export function isEmptyData(data: readonly Datum[]): boolean {
  return data.every((d) => d.value === 0);
}

/** Pixel height for a horizontal bar chart, so long breakdowns get room rather than squeezed bars. */
export function barChartHeight(rows: number): number {
  return Math.max(160, 40 + rows * 32);
}

const LABEL_WIDTH = 140;

/** A horizontal bar per row, first row on top as in the report's tables, with the count at the bar's end. */
export function barOption(data: readonly Datum[]): ChartOption {
  return {
    color: [COLORS.primary],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 48, top: 8, bottom: 8 },
    yAxis: { type: 'category', inverse: true, axisTick: { show: false }, axisLabel: { width: LABEL_WIDTH, overflow: 'truncate' }, data: data.map((d) => d.name) },
    xAxis: { type: 'value', minInterval: 1, splitLine: { show: false }, axisLabel: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        label: { show: true, position: 'right' },
        data: data.map((d) => (d.color ? { value: d.value, itemStyle: { color: d.color } } : d.value)),
      },
    ],
  };
}

/** Quiet weeks stay on the line but unlabelled, so the counts that matter stand out. */
export const zeroless = (params: { value?: unknown }): string => (Number(params.value) ? String(params.value) : '');

/** A trend over ordered categories (weeks), each point with reads labelled with its count. */
export function lineOption(data: readonly Datum[], seriesName: string): ChartOption {
  return {
    color: [COLORS.primary],
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 28, bottom: 8 },
    xAxis: { type: 'category', boundaryGap: false, data: data.map((d) => d.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', name: seriesName, symbolSize: 6, areaStyle: { opacity: 0.12 }, label: { show: true, formatter: zeroless }, data: data.map((d) => d.value) }],
  };
}

/** Parts of a whole (channels, triage outcomes); zero slices are left out so their labels do not pile up. */
export function pieOption(data: readonly Datum[]): ChartOption {
  const shown = data.filter((d) => d.value > 0);
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['38%', '64%'],
        center: ['50%', '44%'],
        label: { formatter: '{b}: {c}' },
        data: shown.map((d) => ({ name: d.name, value: d.value, ...(d.color ? { itemStyle: { color: d.color } } : {}) })),
      },
    ],
  };
}

/** `2026-W40` → `W40`: the year is the quarter's, the axis has no room for it. */
export function shortWeek(key: string): string {
  const match = /^\d{4}-(W\d{2})$/.exec(key);
  return match?.[1] ?? key;
}
