import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the console draws: the full `echarts` entry would add every chart type to the bundle.
// SVG rather than canvas: sharp at any zoom, and the text stays in the DOM for find-in-page.
use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

/**
 * One ECharts chart. `option` replaces the previous one whole (no merging of old series), so callers
 * should memoise it; the chart follows its container's width and is disposed with the component.
 */
export function EChart({ option, height, label, testId }: { option: EChartsCoreOption; height: number; label: string; testId?: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | undefined>(undefined);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = init(element, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    chart.current?.resize();
  }, [height]);

  return <div ref={container} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
