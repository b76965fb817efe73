import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { GrantService } from '../access/index.js';
import { AppError, Errors, principalOf } from '../http/index.js';
import type { OrgModule } from '../org/index.js';
import { isGrantee, type PackageDelivery } from './package-delivery.js';
import type { ShareRequestService } from './service.js';
import { IDENTIFICATION_LEVELS } from './types.js';

const tags = ['packages'];
const Id = Type.String({ pattern: '^[A-Za-z0-9\\-]{1,64}$' });
const BuildBody = Type.Object(
  {
    recipientPublicKey: Type.String({ minLength: 40, maxLength: 4096, description: 'The recipient public key, SPKI PEM: X25519 under the standard crypto profile, SM2 under gm (`yixiang package keygen` writes one)' }),
    format: Type.Enum(['ndjson', 'csv']),
    identification: Type.Optional(Type.Enum([...IDENTIFICATION_LEVELS], { description: 'A stricter identification level than approved; defaults to the approved level' })),
  },
  { additionalProperties: false },
);

/**
 * Export packages over HTTP (ADR 0011): a grantee builds a package of an export-channel grant for a
 * recipient key, lists the grant's packages, and downloads one a limited number of times before it
 * expires. Every build, download and refusal is audited naming the grant and the package.
 */
export const packageRoutes: FastifyPluginAsyncTypebox<{ delivery: PackageDelivery; grants: GrantService; requests: ShareRequestService; org: OrgModule }> = async (app, { delivery, grants, requests, org }) => {
  app.post(
    '/grants/:id/packages',
    {
      config: { access: 'signed-in', audit: { action: 'export', objectType: 'export_package' } },
      schema: { tags, summary: 'Build an encrypted export package of an export-channel grant (the grantee: its user or a member of its department); takes seconds', params: Type.Object({ id: Id }, { additionalProperties: false }), body: BuildBody },
    },
    async (request, reply) => {
      const grantId = request.params.id;
      request.audit.grantId = grantId;
      // Until the package exists, the entry's object is the grant it is built from.
      request.audit.objectId = grantId;
      request.audit.details = { change: 'build', format: request.body.format, identification: request.body.identification ?? null };
      const view = await delivery.build(principalOf(request), grantId, request.body);
      request.audit.objectId = view.id;
      request.audit.details = { ...request.audit.details, records: view.recordCount, bytes: view.bytes, recipient: view.recipientFingerprint, manifestHash: view.manifestHash, expiresAt: view.expiresAt, kAnonymity: view.kAnonymity };
      return reply.status(201).header('Location', `/api/v1/packages/${view.id}/download`).send(view);
    },
  );

  app.get(
    '/grants/:id/packages',
    {
      config: { access: 'signed-in', audit: { action: 'search', objectType: 'export_package' } },
      schema: { tags, summary: 'Export packages of a grant, with downloads left (the grantee and whoever may see the grant)', params: Type.Object({ id: Id }, { additionalProperties: false }) },
    },
    async (request) => {
      const principal = principalOf(request);
      const grantId = request.params.id;
      request.audit.grantId = grantId;
      request.audit.objectId = grantId;
      const grant = await grants.get(grantId);
      if (!isGrantee(grant, principal)) {
        const department = principal.departmentId ? await org.departments.get(principal.departmentId).catch(() => null) : null;
        await grants.getFor({ userId: principal.userId, roles: principal.roles, departmentId: principal.departmentId, departmentCode: department?.code ?? null, shareRequestIds: await requests.idsFiledBy(principal.userId) }, grantId);
      }
      return { items: await delivery.list(grantId) };
    },
  );

  app.get(
    '/packages/:packageId/download',
    {
      // No automatic HEAD route: it would run this handler and count a download without delivering it.
      exposeHeadRoute: false,
      config: { access: 'signed-in', audit: { action: 'export', objectType: 'export_package' } },
      schema: { tags, summary: 'Download an export package (the grantee only; while it has not expired and downloads remain). ETag is the signed manifest digest', params: Type.Object({ packageId: Id }, { additionalProperties: false }) },
    },
    async (request, reply) => {
      const { packageId } = request.params;
      request.audit.objectId = packageId;
      request.audit.details = { change: 'download' };
      const row = await delivery.find(packageId);
      if (!row) throw new AppError(Errors.PACKAGE_NOT_FOUND);
      request.audit.grantId = row.grant_id;
      let claimed;
      try {
        claimed = await delivery.download(principalOf(request), row);
      } catch (error) {
        // Expired, used up, withdrawn or not the grantee's: a refused delivery, audited as denied.
        if (error instanceof AppError && error.status < 500) request.audit.outcome = 'denied';
        throw error;
      }
      request.audit.details = { change: 'download', download: claimed.view.downloadsUsed, of: claimed.view.downloadsAllowed, bytes: claimed.view.bytes, manifestHash: claimed.view.manifestHash };
      return reply
        .header('Content-Type', 'application/octet-stream')
        .header('Content-Disposition', `attachment; filename="${claimed.fileName}"`)
        .header('Content-Length', String(claimed.view.bytes))
        .header('ETag', `"${claimed.view.manifestHash}"`)
        .header('Cache-Control', 'no-store')
        .header('X-Downloads-Left', String(claimed.view.downloadsAllowed - claimed.view.downloadsUsed))
        .send(claimed.stream);
    },
  );
};
