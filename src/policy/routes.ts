import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError, Errors, principalOf } from '../http/index.js';
import type { PolicyService } from './service.js';
import { isPolicyKey, POLICY_KEYS, type PolicyKey } from './settings.js';

const tags = ['policy'];
const KeyParam = Type.Object({ key: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9.]{1,63}$' }) }, { additionalProperties: false });
const ChangeBody = Type.Object(
  {
    value: Type.Unknown(),
    effectiveFrom: Type.Optional(Type.String({ format: 'date-time' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false, required: ['value'] },
);

function keyOf(raw: string): PolicyKey {
  if (!isPolicyKey(raw)) throw new AppError(Errors.POLICY_SETTING_UNKNOWN, { key: raw.slice(0, 64), known: POLICY_KEYS.join(', ') });
  return raw;
}

/** Policy as data (policy Ch.8): read by all staff, changed by information administrators, every version kept. */
export const policyRoutes: FastifyPluginAsyncTypebox<{ policy: PolicyService }> = async (app, { policy }) => {
  app.get('/policy/settings', { config: { access: 'policy:read', audit: { action: 'read', objectType: 'policy_setting' } }, schema: { tags, summary: 'Policy settings in force, with pending versions' } }, async () => ({
    items: await policy.list(),
  }));

  app.get(
    '/policy/settings/:key',
    { config: { access: 'policy:read', audit: { action: 'read', objectType: 'policy_setting' } }, schema: { tags, summary: 'One policy setting and its version history', params: KeyParam } },
    async (request) => {
      const key = keyOf(request.params.key);
      request.audit.objectId = key;
      const current = (await policy.list()).find((view) => view.key === key);
      const versions = (await policy.history(key)).map((row) => ({ version: row.version, value: JSON.parse(row.value) as unknown, effectiveFrom: row.effective_from, changedBy: row.changed_by, changedAt: row.changed_at, note: row.note }));
      return { ...current, versions };
    },
  );

  app.put(
    '/policy/settings/:key',
    { config: { access: 'policy:write', audit: { action: 'setting_change', objectType: 'policy_setting' } }, schema: { tags, summary: 'Write a new version of a policy setting, in force from effectiveFrom (default now)', params: KeyParam, body: ChangeBody } },
    async (request) => {
      const key = keyOf(request.params.key);
      request.audit.objectId = key;
      request.audit.details = { effectiveFrom: request.body.effectiveFrom ?? null, note: request.body.note ?? null };
      return policy.change(key, request.body, principalOf(request).userId);
    },
  );
};
