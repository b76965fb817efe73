export { precheck, blocks, type Finding, type Severity, type CheckName, type PrecheckContext } from './prechecks.js';
export { ShareRequestService, type ShareRequestView, type ReviewInput } from './service.js';
export { shareRequestRoutes } from './routes.js';
export { reviewSteps, applyNarrowing, type ReviewStep, type RequestState, type Narrowing } from './workflow.js';
export type { SharingTables } from './tables.js';
export * from './types.js';
export { FeedbackService, type FeedbackItem, type FeedbackInput } from './feedback-service.js';
export { feedbackRoutes } from './feedback-routes.js';
export { Inbox, type Notice, type OutboundNotifier, type InboxItem } from './inbox.js';
