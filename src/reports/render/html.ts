import type { QuarterlyReport } from '../model.js';
import { formatDateTime } from './format.js';
import { bilingual, factsTable, section } from './html-blocks.js';
import { escapeHtml } from './html-escape.js';
import { DRAFT_CSS, REPORT_CSS } from './html-style.js';
import { TEXT, primary, secondary, type RenderOptions } from './labels.js';
import { headerFacts, issueFacts, reportSections } from './sections.js';

/**
 * Pins the downloaded file down as well as the console does: no script, no request anywhere,
 * whatever a label or finding might contain. Inline styles are the file's own.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

function header(report: QuarterlyReport, options: RenderOptions): string {
  const facts = headerFacts(report);
  return `<header><h1>${bilingual(TEXT.title, options.locale)}</h1>${factsTable(facts, options.locale)}${statusBanner(report, options)}</header>`;
}

/** An unissued report must never pass for the signed record, on screen or on paper. */
function statusBanner(report: QuarterlyReport, options: RenderOptions): string {
  if (report.issue) {
    return `<div class="issued-banner">${bilingual(TEXT.issued, options.locale)} · ${escapeHtml(formatDateTime(report.issue.issuedAt))}</div>`;
  }
  return `<div class="draft-banner" role="note">${escapeHtml(TEXT.draft.zh)} ${escapeHtml(TEXT.draft.en)}`
    + `<p>${bilingual(TEXT.draftNote, options.locale)}</p></div>`;
}

function issueSection(report: QuarterlyReport, options: RenderOptions): string {
  if (!report.issue) return '';
  return `<section id="issue"><h2>${bilingual(TEXT.issue, options.locale)}</h2>${factsTable(issueFacts(report.issue), options.locale)}</section>`;
}

/**
 * The quarterly audit report as one self-contained HTML document: inline CSS, charts as inline SVG
 * drawn on the server, no script and no external reference, so it can be served under the console's
 * CSP and kept as a file.
 */
export function renderReportHtml(report: QuarterlyReport, options: RenderOptions = { locale: 'zh-CN' }): string {
  const { locale } = options;
  const title = `${primary(TEXT.title, locale)} ${report.quarter} — ${report.hospital}`;
  const sections = reportSections(report).map((s) => section(s, locale)).join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale === 'en-US' ? 'en' : 'zh-CN'}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}${report.issue ? '' : DRAFT_CSS}</style>`,
    '</head>',
    `<body class="${report.issue ? 'issued' : 'draft'}">`,
    header(report, options),
    sections,
    issueSection(report, options),
    `<footer>${escapeHtml(title)} · ${escapeHtml(secondary(TEXT.title, locale))}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
