export { SuggestionService, type SuggestionQuery, type SuggestionPage, type SuggestionServiceOptions } from './service.js';
export { suggestionRoutes } from './routes.js';
export { SUGGESTION_NOTICE_KINDS, type SuggestionNotice, type SuggestionNoticeKind, type SuggestionNotifier } from './notices.js';
export { SUGGESTION_KINDS, SUGGESTION_CATEGORIES, CATEGORY_LABELS, KIND_LABELS, type SuggestionKind, type SuggestionCategory } from './categories.js';
export { SUGGESTION_STATUSES, STATUS_LABELS, type SuggestionStatus } from './workflow.js';
export { suggestionStatistics, type StatisticsInput, type StatisticsPeriod } from './statistics.js';
export { loadStatisticsInput, suggestionStatisticsFor } from './statistics-store.js';
export type { SuggestionDetail, SuggestionView } from './presenters.js';
export type { SuggestionTables } from './tables.js';
