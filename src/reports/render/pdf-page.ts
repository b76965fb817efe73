import type { QuarterlyReport } from '../model.js';
import { formatDateTime } from './format.js';
import { TEXT, primary, secondary } from './labels.js';
import { factsTable } from './pdf-tables.js';
import { INK, MUTED, WARN, type PdfContext } from './pdf-text.js';
import { headerFacts } from './sections.js';

const SEAL = '#2e7d32';

export function titleBlock(ctx: PdfContext, report: QuarterlyReport): void {
  const { doc, locale } = ctx;
  doc.font(ctx.fonts.bold).fontSize(24).fillColor(INK).text(primary(TEXT.title, locale), ctx.left, doc.y, { width: ctx.width });
  doc.font(ctx.fonts.regular).fontSize(12).fillColor(MUTED).text(secondary(TEXT.title, locale), { width: ctx.width });
  doc.moveDown(0.6);
  const facts = headerFacts(report);
  factsTable(ctx, facts);
  statusBox(ctx, report);
}

/** An unissued report must never pass for the signed record; an issued one says when it was sealed. */
function statusBox(ctx: PdfContext, report: QuarterlyReport): void {
  const { doc } = ctx;
  const color = report.issue ? SEAL : WARN;
  const headline = report.issue
    ? `${TEXT.issued.zh} ${TEXT.issued.en} · ${formatDateTime(report.issue.issuedAt)}`
    : `${TEXT.draft.zh} ${TEXT.draft.en}`;
  const top = doc.y + 4;
  doc.font(ctx.fonts.bold).fontSize(report.issue ? 12 : 18).fillColor(color).text(headline, ctx.left + 10, top + 8, { width: ctx.width - 20, align: 'center' });
  if (!report.issue) {
    doc.font(ctx.fonts.regular).fontSize(9).text(`${TEXT.draftNote.zh} ${TEXT.draftNote.en}`, ctx.left + 10, doc.y + 2, { width: ctx.width - 20, align: 'center' });
  }
  const bottom = doc.y + 4;
  doc.rect(ctx.left, top, ctx.width, bottom - top).lineWidth(report.issue ? 1.5 : 2.5).strokeColor(color).stroke();
  doc.fillColor(INK);
  doc.x = ctx.left;
  doc.y = bottom + 8;
}

function watermark(ctx: PdfContext): void {
  const { doc } = ctx;
  const cx = doc.page.width / 2;
  const cy = doc.page.height / 2;
  doc.save().rotate(-35, { origin: [cx, cy] }).fillOpacity(0.08).fillColor(WARN).font(ctx.fonts.bold).fontSize(90);
  doc.text(`${TEXT.draft.zh} ${TEXT.draft.en}`, 0, cy - 50, { width: doc.page.width, align: 'center', lineBreak: false });
  doc.restore();
}

/**
 * Running header, page numbers and, on a draft, a watermark on every page. Drawn after the body
 * (pages are buffered) because the page count is known only then. The bottom margin is lifted
 * while drawing, or pdfkit would start a new page for text placed below it.
 */
export function decoratePages(ctx: PdfContext, report: QuarterlyReport): void {
  const { doc } = ctx;
  const range = doc.bufferedPageRange();
  const running = `${TEXT.title.zh} ${TEXT.title.en} · ${report.quarter} · ${report.hospital}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(ctx.fonts.regular).fontSize(7.5).fillColor(MUTED);
    doc.text(running, ctx.left, 28, { width: ctx.width * 0.75, lineBreak: false, ellipsis: true });
    if (!report.issue) {
      doc.font(ctx.fonts.bold).fillColor(WARN).text(`${TEXT.draft.zh} ${TEXT.draft.en}`, ctx.left, 28, { width: ctx.width, align: 'right', lineBreak: false });
      watermark(ctx);
    }
    const page = `第 ${i + 1} / ${range.count} ${TEXT.page.zh} · ${TEXT.page.en} ${i + 1} of ${range.count}`;
    doc.font(ctx.fonts.regular).fontSize(7.5).fillColor(MUTED).text(page, ctx.left, doc.page.height - 36, { width: ctx.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.fillColor(INK);
}
