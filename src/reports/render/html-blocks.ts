import { renderChartSvg } from './echarts-svg.js';
import { formatCount, formatShare } from './format.js';
import { escapeHtml } from './html-escape.js';
import { TEXT, primary, secondary, type Bilingual, type ReportLocale } from './labels.js';
import type { Block, CountsBlock, Fact, FactsBlock, Section, TextBlock } from './sections.js';

const LANG: Record<ReportLocale, { primary: string; secondary: string }> = {
  'zh-CN': { primary: 'zh-CN', secondary: 'en' },
  'en-US': { primary: 'en', secondary: 'zh-CN' },
};

/** Both languages side by side, the locale's first; each tagged with its language for screen readers. */
export function bilingual(text: Bilingual, locale: ReportLocale): string {
  const lang = LANG[locale];
  return `<span lang="${lang.primary}">${escapeHtml(primary(text, locale))}</span> `
    + `<span class="alt" lang="${lang.secondary}">${escapeHtml(secondary(text, locale))}</span>`;
}

function value(fact: Fact, locale: ReportLocale): string {
  const html = typeof fact.value === 'string' ? escapeHtml(fact.value) : bilingual(fact.value, locale);
  return fact.mono ? `<code>${html}</code>` : html;
}

export function factsTable(facts: Fact[], locale: ReportLocale): string {
  const rows = facts.map((f) => `<tr><th scope="row">${bilingual(f.label, locale)}</th><td>${value(f, locale)}</td></tr>`);
  return `<table class="facts"><tbody>${rows.join('')}</tbody></table>`;
}

function factsBlock(block: FactsBlock, locale: ReportLocale): string {
  const title = block.title ? `<h3>${bilingual(block.title, locale)}</h3>` : '';
  return title + factsTable(block.facts, locale);
}

function countsTable(block: CountsBlock, locale: ReportLocale): string {
  const share = block.shareOf;
  const head = [TEXT.item, TEXT.count, ...(share === null ? [] : [TEXT.share])]
    .map((label, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${bilingual(label, locale)}</th>`)
    .join('');
  const body = block.rows.length === 0
    ? [`<tr><td colspan="${share === null ? 2 : 3}">${bilingual(TEXT.noData, locale)}</td></tr>`]
    : block.rows.map((row) => '<tr>'
      + `<th scope="row">${bilingual(row.label, locale)}</th>`
      + `<td class="num">${formatCount(row.count)}</td>`
      + (share === null ? '' : `<td class="num">${formatShare(row.count, share)}</td>`)
      + '</tr>');
  return `<table class="counts"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function countsBlock(block: CountsBlock, locale: ReportLocale): string {
  const label = escapeHtml(`${primary(block.title, locale)} / ${secondary(block.title, locale)}`);
  const chart = block.chart === null
    ? ''
    : `<figure class="chart" data-chart="${escapeHtml(block.id)}" role="img" aria-label="${label}">${renderChartSvg(block, locale)}</figure>`;
  return `<div class="breakdown" id="${escapeHtml(block.id)}"><h3>${bilingual(block.title, locale)}</h3>${chart}${countsTable(block, locale)}</div>`;
}

/** Paragraph breaks are kept; single line breaks inside a paragraph too, as the author typed them. */
function textBlock(block: TextBlock, locale: ReportLocale): string {
  const body = block.paragraphs.length === 0
    ? `<p class="empty">${bilingual(TEXT.none, locale)}</p>`
    : block.paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`).join('');
  return `<h3>${bilingual(block.title, locale)}</h3>${body}`;
}

function block(b: Block, locale: ReportLocale): string {
  switch (b.kind) {
    case 'facts': return factsBlock(b, locale);
    case 'counts': return countsBlock(b, locale);
    case 'text': return textBlock(b, locale);
  }
}

export function section(s: Section, locale: ReportLocale): string {
  return `<section id="${escapeHtml(s.id)}"><h2>${bilingual(s.heading, locale)}</h2>${s.blocks.map((b) => block(b, locale)).join('')}</section>`;
}
