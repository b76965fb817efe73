import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../http/access-hook.js';
import type { OrgModule } from './module.js';
import { MfaCodeBody, MfaDisableBody, RecoveryCodesResponse, TotpEnrolmentResponse } from './schemas.js';

const tags = ['auth'];
// Reachable while the policy still waits for this user to enrol: these routes are how they do it.
const base = { access: 'signed-in', allowDuringMfaEnrolment: true } as const;
const audit = (action: 'create' | 'update' | 'delete') => ({ action, objectType: 'mfa_factor' });

/** Names the user's own factor in the audit entry; secrets and codes never go there. */
function own(request: FastifyRequest, event: string) {
  const principal = principalOf(request);
  request.audit.objectId = principal.userId;
  request.audit.details = { event, method: 'totp' };
  return principal;
}

/** The signed-in user's own two-step verification (两步验证): enrol, confirm, recovery codes, turn off. */
export const mfaRoutes: FastifyPluginAsyncTypebox<{ org: OrgModule }> = async (app, { org }) => {
  app.post(
    '/me/mfa/totp',
    {
      config: { ...base, audit: audit('create') },
      schema: { tags, summary: 'Start (or restart) setting up an authenticator app; confirm within 10 minutes', response: { 201: TotpEnrolmentResponse } },
    },
    async (request, reply) => reply.status(201).send(await org.mfa.startEnrolment(own(request, 'mfa-enrolment-started'))),
  );

  app.post(
    '/me/mfa/totp/confirm',
    {
      config: { ...base, audit: audit('update') },
      schema: { tags, summary: 'Confirm the set-up with a first code; returns recovery codes once and ends your other sessions', body: MfaCodeBody, response: { 200: RecoveryCodesResponse } },
    },
    async (request) => ({ recoveryCodes: await org.mfa.confirmEnrolment(own(request, 'mfa-enrolled'), request.body.code) }),
  );

  app.post(
    '/me/mfa/totp/disable',
    {
      config: { ...base, audit: audit('delete') },
      schema: { tags, summary: 'Turn two-step verification off (password and a current code; not while your role requires it)', body: MfaDisableBody },
    },
    async (request, reply) => {
      await org.mfa.disable(own(request, 'mfa-disabled'), request.body.password, request.body.code);
      return reply.status(204).send();
    },
  );

  app.post(
    '/me/mfa/recovery-codes',
    {
      config: { ...base, audit: audit('update') },
      schema: { tags, summary: 'Replace your recovery codes (a current code required); the old ones stop working', body: MfaCodeBody, response: { 200: RecoveryCodesResponse } },
    },
    async (request) => ({ recoveryCodes: await org.mfa.regenerateRecoveryCodes(own(request, 'mfa-recovery-codes-regenerated'), request.body.code) }),
  );
};
