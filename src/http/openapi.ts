import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'stable error code' }),
    detail: Type.String({ description: 'message in the language of Accept-Language' }),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }, { additionalProperties: true }))),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);

const OperationOutcomeSchema = Type.Object(
  {
    resourceType: Type.Literal('OperationOutcome'),
    issue: Type.Array(Type.Object({ severity: Type.String(), code: Type.String(), diagnostics: Type.Optional(Type.String()) }, { additionalProperties: true })),
  },
  { additionalProperties: true, description: 'FHIR R4 OperationOutcome; the stable error code is in issue.details.coding' },
);

/** A route's documented error answer as problem+json (the serializer keeps every member of the problem). */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
}

/** A FHIR route's documented error answer as an OperationOutcome. */
export function operationOutcomeResponse(description: string) {
  return { description, content: { 'application/fhir+json': { schema: OperationOutcomeSchema } } };
}

/** The OpenAPI document is generated from the route schemas, so it cannot drift from the code. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Yixiang (医享) API',
        version,
        description:
          'Hospital information-resource sharing platform. Errors are application/problem+json (RFC 9457) with a stable `code`; messages follow Accept-Language (zh-CN default, en). Authenticate with `Authorization: Bearer <accessToken>` from POST /api/v1/auth/login, or the console session cookie plus `X-CSRF-Token` for writes.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'yx_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
