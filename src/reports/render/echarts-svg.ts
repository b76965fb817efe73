import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, type GridComponentOption } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { formatCount } from './format.js';
import { primary, type ReportLocale } from './labels.js';
import type { CountsBlock } from './sections.js';

use([BarChart, LineChart, GridComponent, SVGRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption>;

const CHART_WIDTH = 680;
const BAR_ROW_HEIGHT = 30;
const LABEL_COLUMN = 150;
const LINE_HEIGHT = 260;
const COLOR = '#2f6fb2';
/** Single quotes only: zrender writes this into a double-quoted style attribute without escaping it. */
const FONT = "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/**
 * zrender escapes text content but not attribute values, so nothing from the model may end up in an
 * attribute: row labels go in only as axis category text, and series carry no names.
 */
const COMMON: ChartOption = { animation: false, color: [COLOR], textStyle: { fontFamily: FONT, fontSize: 12 } };

/** Series labels as the tables print counts, with thousands separators. */
const countLabel = (params: { value: unknown }): string => formatCount(Number(params.value));

function barOption(block: CountsBlock, locale: ReportLocale): ChartOption {
  return {
    ...COMMON,
    // A fixed label column lines the bars of all charts up; longer labels are cut, the table has them whole.
    grid: { left: LABEL_COLUMN + 8, right: 64, top: 8, bottom: 8, outerBoundsMode: 'none' },
    // inverse keeps the first row on top, the order of the table below the chart.
    yAxis: {
      type: 'category', inverse: true, axisTick: { show: false },
      axisLabel: { width: LABEL_COLUMN, overflow: 'truncate' },
      data: block.rows.map((row) => primary(row.label, locale)),
    },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { show: false }, splitLine: { show: false } },
    series: [{
      type: 'bar', silent: true, barMaxWidth: 18,
      label: { show: true, position: 'right', formatter: countLabel },
      data: block.rows.map((row) => row.count),
    }],
  };
}

function lineOption(block: CountsBlock, locale: ReportLocale): ChartOption {
  return {
    ...COMMON,
    grid: { left: 8, right: 16, top: 24, bottom: 8 },
    xAxis: { type: 'category', data: block.rows.map((row) => primary(row.label, locale)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{
      type: 'line', silent: true, symbolSize: 6,
      label: { show: true, fontSize: 10, formatter: countLabel },
      data: block.rows.map((row) => row.count),
    }],
  };
}

function chartHeight(block: CountsBlock): number {
  return block.chart === 'line' ? LINE_HEIGHT : 16 + block.rows.length * BAR_ROW_HEIGHT;
}

/**
 * zrender numbers its element ids and CSS classes with process-wide counters, so the same report
 * would render differently each time. Rename them per chart, which also keeps them unique within the
 * document. Only names after `class="`, `id="`, `url(#` or a style rule's leading dot are renamed; a
 * label that happened to contain such a name could at worst be renamed too, never leave its text node.
 */
function scopeIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  return svg.replace(/(?<=class="|id="|url\(#|^\.)zr\d+-(?:cls-\d+|c\d+)/gm, (name) => {
    let scoped = names.get(name);
    if (scoped === undefined) {
      scoped = `${prefix}-${names.size}`;
      names.set(name, scoped);
    }
    return scoped;
  });
}

/** Draws one breakdown as an SVG string with ECharts' server-side renderer: no DOM, no script. */
export function renderChartSvg(block: CountsBlock, locale: ReportLocale): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: chartHeight(block) });
  try {
    chart.setOption(block.chart === 'line' ? lineOption(block, locale) : barOption(block, locale));
    return scopeIds(chart.renderToSVGString({ useViewBox: true }), `chart-${block.id}`);
  } finally {
    chart.dispose();
  }
}
