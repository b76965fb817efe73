import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { Scheduler } from './scheduler.js';

const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Job = Type.Object(
  {
    name: Type.String(),
    everyMs: Nullable(Type.Integer({ description: 'Interval between due times; null for a calendar job' })),
    registered: Type.Boolean({ description: 'Whether the answering instance runs this job' }),
    nextDueAt: Timestamp,
    running: Type.Boolean({ description: 'An instance holds an unexpired lease on the job' }),
    leaseOwner: Nullable(Type.String()),
    leaseUntil: Nullable(Timestamp),
    lastStartedAt: Nullable(Timestamp),
    lastFinishedAt: Nullable(Timestamp),
    lastOutcome: Type.Union([Type.Literal('success'), Type.Literal('failed'), Type.Null()]),
    lastError: Nullable(Type.String()),
    runCount: Type.Integer(),
    failureCount: Type.Integer(),
  },
  { additionalProperties: false },
);

/** Read-only view of the scheduled jobs for administrators and auditors; jobs are changed in code, not here. */
export const jobRoutes: FastifyPluginAsyncTypebox<{ scheduler: Scheduler }> = async (app, { scheduler }) => {
  app.get(
    '/jobs',
    {
      config: { access: 'jobs:read', audit: { action: 'read', objectType: 'scheduled_job' } },
      schema: { tags: ['jobs'], summary: 'Scheduled jobs: schedule, lease and the outcome of the last run', response: { 200: Type.Object({ items: Type.Array(Job) }) } },
    },
    async () => ({ items: await scheduler.list() }),
  );
};
