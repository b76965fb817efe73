import PDFDocument from 'pdfkit';
import type { QuarterlyReport } from '../model.js';
import { TEXT, type RenderOptions } from './labels.js';
import { drawSection } from './pdf-blocks.js';
import { reportFonts } from './pdf-fonts.js';
import { decoratePages, titleBlock } from './pdf-page.js';
import { factsTable, factsTableHeight } from './pdf-tables.js';
import { sectionHeading, type PdfContext } from './pdf-text.js';
import { issueFacts, reportSections } from './sections.js';

const MARGIN = { top: 56, bottom: 56, left: 50, right: 50 };

/**
 * Dates come from the model, never the clock: pdfkit derives the file identifier from the info
 * dictionary, so re-rendering an issued report yields the same bytes.
 */
function documentInfo(report: QuarterlyReport): PDFKit.DocumentInfo {
  return {
    Title: `${TEXT.title.zh} ${report.quarter} — ${report.hospital}`,
    Subject: `${TEXT.title.en} ${report.quarter}`,
    Author: report.issue ? report.issue.issuedBy.displayName : report.hospital,
    Keywords: `${TEXT.title.zh}, quarterly audit, ${report.quarter}`,
    Creator: 'Yixiang 医享',
    Producer: 'Yixiang 医享 (PDFKit)',
    CreationDate: new Date(report.generatedAt),
    ModDate: new Date(report.issue ? report.issue.issuedAt : report.generatedAt),
  };
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * The quarterly audit report as an A4 PDF: Chinese text in an embedded (subset) Noto Sans Hans,
 * the same sections, tables and charts as the HTML, and the issue block or a draft watermark.
 */
export async function renderReportPdf(report: QuarterlyReport, options: RenderOptions = { locale: 'zh-CN' }): Promise<Buffer> {
  const fonts = reportFonts();
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, pdfVersion: '1.7', lang: options.locale, displayTitle: true,
    font: fonts.regular, info: documentInfo(report),
  });
  const done = collect(doc);
  const ctx: PdfContext = { doc, locale: options.locale, fonts, left: MARGIN.left, width: doc.page.width - MARGIN.left - MARGIN.right };
  titleBlock(ctx, report);
  for (const section of reportSections(report)) drawSection(ctx, section);
  if (report.issue) {
    const facts = issueFacts(report.issue);
    sectionHeading(ctx, TEXT.issue, factsTableHeight(ctx, facts));
    factsTable(ctx, facts);
  }
  decoratePages(ctx, report);
  doc.end();
  return done;
}
