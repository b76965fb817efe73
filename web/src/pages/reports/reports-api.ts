import { api, API_BASE, buildQuery, request } from '../../api/client';
import type { ItemList } from '../../api/types';
import type { QuarterId } from './quarter';
import type { DraftText, QuarterlyReport, ReportFormat, ReportListItem, ReportLocale, ReportVerification } from './report-model';

const path = (quarter: QuarterId) => `/reports/quarterly/${encodeURIComponent(quarter)}`;
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** 季度审计报告 (report:read to read and verify, report:write to edit a draft and issue). */
export const reportsApi = {
  list: (signal?: AbortSignal) => api.get<ItemList<ReportListItem>>('/reports/quarterly', withSignal(signal)),
  /** The issued report as issued, otherwise a draft the server computes now. */
  get: (quarter: QuarterId, signal?: AbortSignal) => api.get<QuarterlyReport>(path(quarter), withSignal(signal)),
  /** 409 REPORT_ISSUED once the report is issued. */
  saveDraft: (quarter: QuarterId, text: DraftText) => request<QuarterlyReport>('PUT', `${path(quarter)}/draft`, { body: text }),
  /** 409 REPORT_QUARTER_OPEN before the quarter ends, 409 REPORT_ISSUED when already issued. */
  issue: (quarter: QuarterId) => api.post<QuarterlyReport>(`${path(quarter)}/issue`),
  /** 404 REPORT_NOT_ISSUED for a draft. */
  verify: (quarter: QuarterId, signal?: AbortSignal) => api.get<ReportVerification>(`${path(quarter)}/verification`, withSignal(signal)),
  /**
   * A file download, like the audit export: an ordinary link, so the browser saves it under the
   * server's Content-Disposition name with the session cookie (a same-origin GET needs no CSRF token).
   */
  downloadHref: (quarter: QuarterId, format: ReportFormat, locale: ReportLocale) => `${API_BASE}${path(quarter)}${buildQuery({ format, locale })}`,
};
