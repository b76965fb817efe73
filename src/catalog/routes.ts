import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, Errors, principalOf } from '../http/index.js';
import type { OrgModule } from '../org/index.js';
import { CodeParam, NewResourceBody, ResourceChangeBody, ResourceQuery, ResourceSummary, ResourceView, VersionList } from './schemas.js';
import type { CatalogEditor, CatalogService } from './service.js';
import type { ResourceFilter } from './store.js';
import type { DefinitionBody } from './presenters.js';
import type { ResourceView as View } from './presenters.js';
import { Type } from 'typebox';

const tags = ['catalog'];

/** `If-Match: "v3"` (or `3`) → 3; absent → undefined; anything else is a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?v?(\d+)"?$/.exec(header.trim());
  if (!match) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'headers/if-match', message: 'expected an ETag such as "v3"' }]);
  return Number(match[1]);
}

function withEtag(reply: FastifyReply, view: View): View {
  reply.header('ETag', `"v${view.version}"`);
  return view;
}

export const catalogRoutes: FastifyPluginAsyncTypebox<{ catalog: CatalogService; org: OrgModule }> = async (app, { catalog, org }) => {
  async function editorOf(request: FastifyRequest): Promise<CatalogEditor> {
    const principal = principalOf(request);
    const department = principal.departmentId ? await org.departments.get(principal.departmentId).catch(() => null) : null;
    return { kind: 'user', principal, departmentCode: department?.code ?? null };
  }
  const split = <T extends { changeNote?: string }>(body: T) => {
    const { changeNote, ...definition } = body;
    return { changeNote, definition: definition as unknown as DefinitionBody };
  };

  app.get(
    '/catalog/resources',
    { config: { access: 'catalog:read', audit: { action: 'search', objectType: 'catalog_resource' } }, schema: { tags, summary: 'Browse the resource catalog (资源目录)', querystring: ResourceQuery, response: { 200: Type.Object({ items: Type.Array(ResourceSummary) }) } } },
    async (request) => ({ items: await catalog.list(request.query as ResourceFilter) }),
  );

  app.post(
    '/catalog/resources',
    { config: { access: 'catalog:write', audit: { action: 'create', objectType: 'catalog_resource' } }, schema: { tags, summary: 'Add a resource to the catalog (version 1)', body: NewResourceBody, response: { 201: ResourceView } } },
    async (request, reply) => {
      const { code, ...rest } = request.body;
      const { changeNote, definition } = split(rest);
      request.audit.objectId = code;
      const view = await catalog.create(await editorOf(request), code, definition, changeNote);
      return reply.status(201).send(withEtag(reply, view));
    },
  );

  app.get(
    '/catalog/resources/:code',
    { config: { access: 'catalog:read', audit: { action: 'read', objectType: 'catalog_resource' } }, schema: { tags, summary: 'One catalog resource with its field dictionary (ETag = version)', params: CodeParam, response: { 200: ResourceView } } },
    async (request, reply) => {
      request.audit.objectId = request.params.code;
      return withEtag(reply, await catalog.get(request.params.code));
    },
  );

  app.put(
    '/catalog/resources/:code',
    {
      config: { access: 'catalog:write', audit: { action: 'update', objectType: 'catalog_resource' } },
      schema: { tags, summary: 'Replace the definition, making a new version (send If-Match with the ETag you edited)', params: CodeParam, body: ResourceChangeBody, response: { 200: ResourceView } },
    },
    async (request, reply) => {
      request.audit.objectId = request.params.code;
      const expectedVersion = parseIfMatch(request.headers['if-match']);
      const { changeNote, definition } = split(request.body);
      request.audit.details = { expectedVersion: expectedVersion ?? null, changeNote: changeNote ?? null };
      return withEtag(reply, await catalog.update(await editorOf(request), request.params.code, definition, { expectedVersion, changeNote }));
    },
  );

  app.get(
    '/catalog/resources/:code/versions',
    { config: { access: 'catalog:read', audit: { action: 'read', objectType: 'catalog_resource' } }, schema: { tags, summary: 'Every version of a resource, newest first', params: CodeParam, response: { 200: VersionList } } },
    async (request) => {
      request.audit.objectId = request.params.code;
      return { items: await catalog.versions(request.params.code) };
    },
  );
};
