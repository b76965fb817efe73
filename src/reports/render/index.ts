export { renderReportHtml } from './html.js';
export { renderReportPdf } from './pdf.js';
export type { RenderOptions, ReportLocale } from './labels.js';
