export { Scheduler, type ScheduledJob, type SchedulerOptions, type JobFailure } from './scheduler.js';
export { afterEachQuarter, type JobTiming } from './schedule.js';
export { auditJobFailures } from './audit-failures.js';
export { jobRoutes } from './routes.js';
export type { JobView } from './presenter.js';
export type { SchedulerTables } from './tables.js';
