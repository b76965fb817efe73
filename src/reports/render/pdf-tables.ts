import { formatCount, formatShare } from './format.js';
import { TEXT } from './labels.js';
import { INK, MUTED, ensureSpace, inline, type PdfContext } from './pdf-text.js';
import type { CountsBlock, Fact } from './sections.js';

const SIZE = 8.5;
const PADDING = 3;
const RULE = '#d9dde3';
const HEAD_FILL = '#f2f5fa';

/** Light horizontal rules only, like the HTML tables; pdfkit's default is a full grid. */
const CELL: PDFKit.Mixins.CellStyle = {
  border: { top: 0, right: 0, bottom: 0.5, left: 0 },
  borderColor: RULE,
  padding: [PADDING, 2 * PADDING, PADDING, 2 * PADDING],
  textColor: INK,
};

type Cell = PDFKit.Mixins.CellOptions & { text: string };

/** What a table will take on the page, from the same text measurement pdfkit lays it out with. */
function tableHeight(ctx: PdfContext, rows: Cell[][], widths: number[]): number {
  ctx.doc.font(ctx.fonts.regular).fontSize(SIZE);
  return rows.reduce((sum, row) => sum + 2 * PADDING + 1 + Math.max(...row.map((cell, i) =>
    ctx.doc.heightOfString(cell.text, { width: (widths[i] ?? ctx.width) - 4 * PADDING }))), 0);
}

/** Draws a table, on a fresh page when it would not fit here but would on a page of its own. */
function draw(ctx: PdfContext, rows: Cell[][], widths: number[]): void {
  const { doc } = ctx;
  ensureSpace(ctx, tableHeight(ctx, rows, widths));
  doc.font(ctx.fonts.regular).fontSize(SIZE).fillColor(INK);
  doc.table({ position: { x: ctx.left }, maxWidth: ctx.width, columnStyles: widths, defaultStyle: CELL, data: rows });
  doc.x = ctx.left;
  doc.moveDown(0.5);
}

function factRows(ctx: PdfContext, facts: Fact[]): Cell[][] {
  return facts.map((fact) => [
    { text: inline(fact.label, ctx.locale) },
    typeof fact.value === 'string'
      ? { text: fact.value, ...(fact.mono ? { font: { size: SIZE - 1 } } : {}) }
      : { text: inline(fact.value, ctx.locale) },
  ]);
}

function factWidths(ctx: PdfContext): number[] {
  const label = Math.round(ctx.width * 0.42);
  return [label, ctx.width - label];
}

export function factsTableHeight(ctx: PdfContext, facts: Fact[]): number {
  return tableHeight(ctx, factRows(ctx, facts), factWidths(ctx));
}

export function factsTable(ctx: PdfContext, facts: Fact[]): void {
  draw(ctx, factRows(ctx, facts), factWidths(ctx));
}

function countRows(ctx: PdfContext, block: CountsBlock): Cell[][] {
  const { locale } = ctx;
  const share = block.shareOf;
  const right = { x: 'right' as const };
  const head: Cell[] = [TEXT.item, TEXT.count, ...(share === null ? [] : [TEXT.share])].map((label, i) => ({
    text: inline(label, locale), type: 'TH', backgroundColor: HEAD_FILL, font: { src: ctx.fonts.bold }, ...(i > 0 ? { align: right } : {}),
  }));
  if (block.rows.length === 0) return [head, [{ text: inline(TEXT.noData, locale), colSpan: head.length, textColor: MUTED }]];
  return [head, ...block.rows.map((row): Cell[] => [
    { text: inline(row.label, locale) },
    { text: formatCount(row.count), align: right },
    ...(share === null ? [] : [{ text: formatShare(row.count, share), align: right }]),
  ])];
}

function countWidths(ctx: PdfContext, block: CountsBlock): number[] {
  const numbers = block.shareOf === null ? [80] : [80, 70];
  return [ctx.width - numbers.reduce((a, b) => a + b, 0), ...numbers];
}

export function countsTableHeight(ctx: PdfContext, block: CountsBlock): number {
  return tableHeight(ctx, countRows(ctx, block), countWidths(ctx, block));
}

export function countsTable(ctx: PdfContext, block: CountsBlock): void {
  draw(ctx, countRows(ctx, block), countWidths(ctx, block));
}
