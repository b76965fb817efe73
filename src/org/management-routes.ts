import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../http/access-hook.js';
import type { OrgModule } from './module.js';
import {
  ApiClient,
  ApiClientParams,
  ApiClientStatusBody,
  Department,
  DepartmentChangesBody,
  IdParam,
  Institution,
  InstitutionChangesBody,
  Items,
  MfaResetBody,
  NewApiClientBody,
  NewDepartmentBody,
  NewInstitutionBody,
  NewUserBody,
  PasswordResetBody,
  User,
  UserChangesBody,
  UserPage,
  UserQuery,
} from './schemas.js';

/** Names the created object in the request's audit entry. */
function created<T extends { id: string }>(request: FastifyRequest, view: T): T {
  request.audit.objectId = view.id;
  return view;
}

// Field values that are personal data stay out of the log; that they changed is enough.
const PERSONAL_FIELDS = new Set(['email', 'phone', 'contactName', 'contactPhone']);

/** Records which fields a change touched (values only where they are not personal data). */
function changed<T extends Record<string, unknown>>(request: FastifyRequest, body: T): T {
  request.audit.details = { changes: Object.fromEntries(Object.entries(body).map(([key, value]) => [key, PERSONAL_FIELDS.has(key) ? '(changed)' : value])) };
  return body;
}

/** Departments, external institutions, their API clients, and user accounts. */
export const managementRoutes: FastifyPluginAsyncTypebox<{ org: OrgModule }> = async (app, { org }) => {
  const departments = { tags: ['departments'] };
  app.get(
    '/departments',
    { config: { access: 'department:read', audit: { action: 'search', objectType: 'department' } }, schema: { ...departments, summary: 'List departments', response: { 200: Items(Department) } } }, async () => ({
    items: await org.departments.list(),
  }));
  app.post(
    '/departments',
    { config: { access: 'department:write', audit: { action: 'create', objectType: 'department' } }, schema: { ...departments, summary: 'Create a department', body: NewDepartmentBody, response: { 201: Department } } }, async (request, reply) =>
    reply.status(201).send(created(request, await org.departments.create(request.body))),
  );
  app.get(
    '/departments/:id',
    { config: { access: 'department:read', audit: { action: 'read', objectType: 'department' } }, schema: { ...departments, summary: 'Get a department', params: IdParam, response: { 200: Department } } }, async (request) =>
    org.departments.get(request.params.id),
  );
  app.patch(
    '/departments/:id',
    { config: { access: 'department:write', audit: { action: 'update', objectType: 'department' } }, schema: { ...departments, summary: 'Change a department', params: IdParam, body: DepartmentChangesBody, response: { 200: Department } } },
    async (request) => org.departments.update(request.params.id, changed(request, request.body)),
  );

  const institutions = { tags: ['institutions'] };
  app.get(
    '/institutions',
    { config: { access: 'institution:read', audit: { action: 'search', objectType: 'institution' } }, schema: { ...institutions, summary: 'List external institutions', response: { 200: Items(Institution) } } }, async () => ({
    items: await org.institutions.list(),
  }));
  app.post(
    '/institutions',
    { config: { access: 'institution:write', audit: { action: 'create', objectType: 'institution' } }, schema: { ...institutions, summary: 'Register an external institution', body: NewInstitutionBody, response: { 201: Institution } } },
    async (request, reply) => reply.status(201).send(created(request, await org.institutions.create(request.body))),
  );
  app.get(
    '/institutions/:id',
    { config: { access: 'institution:read', audit: { action: 'read', objectType: 'institution' } }, schema: { ...institutions, summary: 'Get an institution', params: IdParam, response: { 200: Institution } } }, async (request) =>
    org.institutions.get(request.params.id),
  );
  app.patch(
    '/institutions/:id',
    { config: { access: 'institution:write', audit: { action: 'update', objectType: 'institution' } }, schema: { ...institutions, summary: 'Change an institution', params: IdParam, body: InstitutionChangesBody, response: { 200: Institution } } },
    async (request) => org.institutions.update(request.params.id, changed(request, request.body)),
  );
  app.get(
    '/institutions/:id/clients',
    { config: { access: 'apiclient:read', audit: { action: 'search', objectType: 'api_client' } }, schema: { ...institutions, summary: "List an institution's API clients", params: IdParam, response: { 200: Items(ApiClient) } } },
    async (request) => ({ items: await org.apiClients.list(request.params.id) }),
  );
  app.post(
    '/institutions/:id/clients',
    { config: { access: 'apiclient:write', audit: { action: 'create', objectType: 'api_client' } }, schema: { ...institutions, summary: 'Register an API client with its public keys', params: IdParam, body: NewApiClientBody, response: { 201: ApiClient } } },
    async (request, reply) => reply.status(201).send(created(request, await org.apiClients.register(request.params.id, request.body))),
  );
  app.patch(
    '/institutions/:id/clients/:clientId',
    { config: { access: 'apiclient:write', audit: { action: 'update', objectType: 'api_client' } }, schema: { ...institutions, summary: 'Suspend, re-activate or revoke an API client', params: ApiClientParams, body: ApiClientStatusBody, response: { 200: ApiClient } } },
    async (request) => {
      request.audit.objectId = request.params.clientId;
      return org.apiClients.setStatus(request.params.id, request.params.clientId, changed(request, request.body).status);
    },
  );

  const users = { tags: ['users'] };
  app.get(
    '/users',
    { config: { access: 'user:read', audit: { action: 'search', objectType: 'user' } }, schema: { ...users, summary: 'List users (department heads see their own department)', querystring: UserQuery, response: { 200: UserPage } } }, async (request) => {
    const { limit = 50, cursor, ...filter } = request.query;
    return org.users.list(principalOf(request), filter, limit, cursor);
  });
  app.post(
    '/users',
    { config: { access: 'user:write', audit: { action: 'create', objectType: 'user' } }, schema: { ...users, summary: 'Create a user', body: NewUserBody, response: { 201: User } } }, async (request, reply) => {
    request.audit.details = { username: request.body.username, roles: request.body.roles, departmentId: request.body.departmentId };
    return reply.status(201).send(created(request, await org.users.create(principalOf(request), request.body)));
  });
  app.get(
    '/users/:id',
    { config: { access: 'user:read', audit: { action: 'read', objectType: 'user' } }, schema: { ...users, summary: 'Get a user', params: IdParam, response: { 200: User } } }, async (request) =>
    org.users.get(principalOf(request), request.params.id),
  );
  app.patch(
    '/users/:id',
    { config: { access: 'user:write', audit: { action: 'update', objectType: 'user' } }, schema: { ...users, summary: 'Change a user (suspending ends their sessions at once)', params: IdParam, body: UserChangesBody, response: { 200: User } } },
    async (request) => org.users.update(principalOf(request), request.params.id, changed(request, request.body)),
  );
  app.post(
    '/users/:id/password',
    { config: { access: 'user:write', audit: { action: 'update', objectType: 'user' } }, schema: { ...users, summary: "Reset a user's password (ends their sessions)", params: IdParam, body: PasswordResetBody } },
    async (request, reply) => {
      request.audit.details = { event: 'password-reset' };
      await org.users.resetPassword(principalOf(request), request.params.id, request.body.newPassword);
      return reply.status(204).send();
    },
  );
  app.post(
    '/users/:id/mfa/reset',
    { config: { access: 'user:write', audit: { action: 'delete', objectType: 'mfa_factor' } }, schema: { ...users, summary: "Reset a user's two-step verification, e.g. after a lost phone (ends their sessions)", params: IdParam, body: MfaResetBody } },
    async (request, reply) => {
      request.audit.details = { event: 'mfa-reset', reason: request.body.reason };
      await org.users.resetMfa(principalOf(request), request.params.id, request.body.reason);
      return reply.status(204).send();
    },
  );
};
