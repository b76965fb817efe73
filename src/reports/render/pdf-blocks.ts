import { TEXT } from './labels.js';
import { barChart, chartHeight, lineChart } from './pdf-charts.js';
import { countsTable, countsTableHeight, factsTable, factsTableHeight } from './pdf-tables.js';
import { MUTED, paragraph, sectionHeading, subHeading, inline, type PdfContext } from './pdf-text.js';
import type { Block, CountsBlock, Section, TextBlock } from './sections.js';

/** A breakdown's heading, chart and table stay on one page whenever they fit on one. */
function counts(ctx: PdfContext, block: CountsBlock): void {
  const chart = block.chart === null ? 0 : chartHeight(block.chart, block.rows);
  subHeading(ctx, block.title, chart + countsTableHeight(ctx, block));
  if (block.chart === 'bar') barChart(ctx, block.rows);
  if (block.chart === 'line') lineChart(ctx, block.rows);
  countsTable(ctx, block);
}

function text(ctx: PdfContext, block: TextBlock): void {
  subHeading(ctx, block.title);
  if (block.paragraphs.length === 0) paragraph(ctx, inline(TEXT.none, ctx.locale), MUTED);
  for (const p of block.paragraphs) paragraph(ctx, p);
}

function block(ctx: PdfContext, b: Block): void {
  switch (b.kind) {
    case 'facts':
      if (b.title) subHeading(ctx, b.title, factsTableHeight(ctx, b.facts));
      factsTable(ctx, b.facts);
      return;
    case 'counts': return counts(ctx, b);
    case 'text': return text(ctx, b);
  }
}

export function drawSection(ctx: PdfContext, section: Section): void {
  sectionHeading(ctx, section.heading);
  for (const b of section.blocks) block(ctx, b);
}
