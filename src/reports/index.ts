export { ReportService, REPORT_SIGNING_PURPOSE, reportDigestText, type ReportVerification } from './service.js';
export { reportRoutes, type ReportRenderer } from './routes.js';
export { generateReport, type ReportSources } from './generator.js';
export { DEFAULT_ROLLUP_OPTIONS, ReportRollup } from './rollup.js';
export { quarterPeriod, quarterOf, previousQuarter, isQuarterId, isQuarterOver } from './period.js';
export type * from './model.js';
export type { ReportTables } from './tables.js';
