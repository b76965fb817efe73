import type { CountRow } from '../model.js';
import { formatCount } from './format.js';
import { primary } from './labels.js';
import { ACCENT, INK, MUTED, ensureSpace, type PdfContext } from './pdf-text.js';

/**
 * Charts drawn with pdfkit's vector operations from the same rows the tables show: they stay sharp
 * when printed, and their labels are real text in the embedded font (searchable, copyable).
 */

const AXIS = '#8f959e';
const GRID = '#e4e7ed';

/** Text at a fixed spot that never wraps onto a new page. */
function label(ctx: PdfContext, text: string, x: number, y: number, width: number, align: 'left' | 'right' | 'center', size = 7.5): void {
  ctx.doc.font(ctx.fonts.regular).fontSize(size).fillColor(INK).text(text, x, y, { width, height: size * 1.5, align, ellipsis: true, lineBreak: false });
}

/** A round axis maximum for counts: `steps` equal whole steps of 1, 2, 2.5 or 5 times a power of ten. */
export function niceScale(max: number, steps: number): number {
  const raw = max / steps;
  if (raw <= 1) return steps;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return Math.ceil(step) * steps;
}

const BAR_ROW = 16;
const PLOT_HEIGHT = 120;

export function chartHeight(kind: 'bar' | 'line', rows: CountRow[]): number {
  return kind === 'bar' ? rows.length * BAR_ROW + 12 : PLOT_HEIGHT + 34;
}

/** Horizontal bars, one per row in table order, with the count at the end of each bar. */
export function barChart(ctx: PdfContext, rows: CountRow[]): void {
  const { doc } = ctx;
  const rowHeight = BAR_ROW;
  const labelWidth = 150;
  const valueWidth = 50;
  const height = rows.length * rowHeight;
  ensureSpace(ctx, chartHeight('bar', rows));
  const top = doc.y + 4;
  const barX = ctx.left + labelWidth + 6;
  const span = ctx.width - labelWidth - 6 - valueWidth;
  const max = Math.max(1, ...rows.map((r) => r.count));
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const length = Math.max(0.5, (row.count / max) * span);
    label(ctx, primary(row.label, ctx.locale), ctx.left, y + 3, labelWidth, 'right');
    doc.rect(barX, y + 3, length, rowHeight - 6).fill(ACCENT);
    label(ctx, formatCount(row.count), barX + length + 4, y + 3, valueWidth - 4, 'left');
  });
  doc.moveTo(barX, top).lineTo(barX, top + height).lineWidth(0.75).strokeColor(AXIS).stroke();
  doc.x = ctx.left;
  doc.y = top + height + 8;
}

/** A time series: gridlines at round values, a polyline through the counts, each point labelled. */
export function lineChart(ctx: PdfContext, rows: CountRow[]): void {
  const { doc } = ctx;
  const steps = 5;
  const plotHeight = PLOT_HEIGHT;
  ensureSpace(ctx, chartHeight('line', rows));
  const axisWidth = 40;
  const plotX = ctx.left + axisWidth;
  const plotWidth = ctx.width - axisWidth - 10;
  const plotY = doc.y + 14;
  const top = niceScale(Math.max(0, ...rows.map((r) => r.count)), steps);
  const xAt = (i: number): number => plotX + (plotWidth * (i + 0.5)) / rows.length;
  const yAt = (v: number): number => plotY + plotHeight - (plotHeight * v) / top;
  for (let k = 0; k <= steps; k++) {
    const value = (top * k) / steps;
    doc.moveTo(plotX, yAt(value)).lineTo(plotX + plotWidth, yAt(value)).lineWidth(0.5).strokeColor(k === 0 ? AXIS : GRID).stroke();
    label(ctx, formatCount(value), ctx.left, yAt(value) - 4, axisWidth - 6, 'right', 7);
  }
  rows.forEach((row, i) => (i === 0 ? doc.moveTo(xAt(i), yAt(row.count)) : doc.lineTo(xAt(i), yAt(row.count))));
  doc.lineWidth(1.5).strokeColor(ACCENT).stroke();
  const slot = plotWidth / rows.length;
  rows.forEach((row, i) => {
    doc.circle(xAt(i), yAt(row.count), 2).fill(ACCENT);
    label(ctx, formatCount(row.count), xAt(i) - slot / 2, yAt(row.count) - 11, slot, 'center', 6.5);
    label(ctx, primary(row.label, ctx.locale), xAt(i) - slot / 2, plotY + plotHeight + 4, slot, 'center', 7);
  });
  doc.fillColor(INK).strokeColor(MUTED);
  doc.x = ctx.left;
  doc.y = plotY + plotHeight + 20;
}
