/// <reference types="pdfkit" />
import { primary, secondary, type Bilingual, type ReportLocale } from './labels.js';
import type { ReportFonts } from './pdf-fonts.js';

/** Everything a PDF drawing function needs: the document, the leading language and the text column. */
export interface PdfContext {
  doc: PDFKit.PDFDocument;
  locale: ReportLocale;
  left: number;
  width: number;
  /**
   * Fonts are selected by file path, not by a registered name: pdfkit's tables restore the previous
   * font by its source path afterwards, and only a path-keyed font is found in pdfkit's cache then;
   * otherwise every table cell would parse the 8 MB font file again.
   */
  fonts: ReportFonts;
}

export const INK = '#1f2329';
export const MUTED = '#646a73';
export const ACCENT = '#2f6fb2';
export const WARN = '#c0392b';

/** Both languages on one line for table cells, the locale's first. */
export function inline(text: Bilingual, locale: ReportLocale): string {
  return `${primary(text, locale)}  ${secondary(text, locale)}`;
}

/**
 * Starts a new page unless `height` points still fit, so a heading never ends a page alone and a
 * table or chart is not split when it would fit on a page of its own.
 */
export function ensureSpace(ctx: PdfContext, height: number): void {
  const { doc } = ctx;
  const pageRoom = doc.page.maxY() - doc.page.margins.top;
  if (doc.y + Math.min(height, pageRoom) > doc.page.maxY()) doc.addPage();
  doc.x = ctx.left;
}

/** A heading in the leading language, with the other one after it in a smaller grey face. */
function bilingualLine(ctx: PdfContext, text: Bilingual, size: number): void {
  const { doc, locale } = ctx;
  doc.font(ctx.fonts.bold).fontSize(size).fillColor(INK).text(primary(text, locale), ctx.left, doc.y, { continued: true, width: ctx.width });
  doc.font(ctx.fonts.regular).fontSize(size * 0.7).fillColor(MUTED).text(`  ${secondary(text, locale)}`);
  doc.fillColor(INK);
}

export function sectionHeading(ctx: PdfContext, text: Bilingual, keepWith = 60): void {
  const { doc } = ctx;
  ensureSpace(ctx, 40 + keepWith);
  doc.moveDown(0.8);
  doc.outline.addItem(`${text.zh} ${text.en}`);
  bilingualLine(ctx, text, 14);
  const y = doc.y + 2;
  doc.save().moveTo(ctx.left, y).lineTo(ctx.left + ctx.width, y).lineWidth(1.5).strokeColor(ACCENT).stroke().restore();
  doc.y = y + 6;
}

/** Height a sub-heading takes, for keeping it with what follows. */
const SUB_HEADING_HEIGHT = 26;

export function subHeading(ctx: PdfContext, text: Bilingual, keepWith = 24): void {
  ensureSpace(ctx, SUB_HEADING_HEIGHT + keepWith);
  ctx.doc.moveDown(0.4);
  bilingualLine(ctx, text, 10.5);
  ctx.doc.moveDown(0.2);
}

export function paragraph(ctx: PdfContext, text: string, color = INK): void {
  const { doc } = ctx;
  doc.font(ctx.fonts.regular).fontSize(9.5).fillColor(color).text(text, ctx.left, doc.y, { width: ctx.width, lineGap: 2, paragraphGap: 6 });
  doc.fillColor(INK);
}
