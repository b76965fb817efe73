import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { partnerActorOf } from '../../audit/index.js';
import type { ProfileName } from '../../crypto/index.js';
import { Errors, normaliseError, publicOrigin } from '../../http/index.js';
import { decodeAssertion } from './assertion-signature.js';
import { REVOKE_PATH, smartConfiguration, TOKEN_PATH } from './configuration.js';
import { OAuthError } from './oauth-error.js';
import { OAuthErrorSchema, RevocationFormSchema, SmartConfigurationSchema, TokenFormSchema, TokenResponseSchema } from './schemas.js';
import { parseForm } from './token-form.js';
import type { SmartTokenService } from './token-service.js';

export interface SmartRoutesOptions {
  tokens: SmartTokenService;
  profile: ProfileName;
  /** Token requests per client address and minute. */
  rateLimit: { max: number; timeWindow: string };
}

const FORM_LIMIT_BYTES = 16 * 1024;
/** RFC 6749 §5.1: token responses, refusals included, must not be cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** Until the assertion checks out, the actor is only the client id that was claimed. */
function auditClaimedClient(request: FastifyRequest, form: Record<string, string> | undefined): void {
  const claimed = claimedClient(form);
  request.audit.actor = { type: 'anonymous', id: null, name: claimed, roles: [], departmentId: null };
  request.audit.objectId = claimed;
}

/** Who the request says it is, before anything is verified: for the audit entry of a refusal. */
function claimedClient(form: Record<string, string> | undefined): string | null {
  if (form?.client_id) return form.client_id.slice(0, 128);
  try {
    const iss = form?.client_assertion ? decodeAssertion(form.client_assertion).claims.iss : undefined;
    return typeof iss === 'string' ? iss.slice(0, 128) : null;
  } catch {
    return null;
  }
}

/** Anything thrown at the token endpoint that is not already an OAuthError, in RFC 6749 terms. */
function asOAuthError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  const appError = normaliseError(error);
  if (appError.status === 429) return new OAuthError('temporarily_unavailable', appError.code, 'too many token requests; try again in a minute', 429);
  if (appError.status === 503) return new OAuthError('temporarily_unavailable', appError.code, 'the service is temporarily unavailable');
  if (appError.status >= 500) return new OAuthError('server_error', appError.code, 'internal error');
  if (appError.code === Errors.UNSUPPORTED_MEDIA_TYPE.code) return new OAuthError('invalid_request', appError.code, 'send the parameters as application/x-www-form-urlencoded');
  if (appError.code === Errors.PAYLOAD_TOO_LARGE.code) return new OAuthError('invalid_request', appError.code, 'the request body is too large');
  const problem = appError.problems[0];
  return new OAuthError('invalid_request', appError.code, problem ? `invalid parameter ${problem.path.replace(/^body\//, '')}: ${problem.message}` : 'the request is malformed');
}

/** SMART clients expect RFC 6749 §5.2 errors from the token endpoint, not problem+json. */
function oauthErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const refusal = asOAuthError(error);
  request.failureCode = `${refusal.error}:${refusal.reason}`;
  if (refusal.status >= 500 && refusal.status !== 503) request.log.error({ err: error }, 'token request failed');
  else request.log.info({ error: refusal.error, reason: refusal.reason }, 'token request refused');
  return reply.status(refusal.status).headers(NO_STORE).type('application/json; charset=utf-8').send(refusal.body());
}

/**
 * SMART Backend Services for partner institutions' systems: discovery (public, at the server root
 * and under the FHIR base), the token endpoint and RFC 7009 revocation. Every token request is
 * audited as a sign-in of the API client (`login` / `login_failed`), every revocation as `revoke`.
 * The endpoint URLs an assertion's `aud` must name come from YIXIANG_PUBLIC_URL when it is set.
 */
export const smartRoutes: FastifyPluginAsync<SmartRoutesOptions> = async (app, { tokens, profile, rateLimit }) => {
  const discovery = {
    config: { access: 'public' as const, audit: { action: 'read' as const, objectType: 'smart_configuration', quietOnSuccess: true as const } },
    schema: { tags: ['smart'], summary: 'SMART configuration (discovery) for Backend Services clients', security: [], response: { 200: SmartConfigurationSchema } },
  };
  for (const url of ['/.well-known/smart-configuration', '/fhir/R4/.well-known/smart-configuration']) {
    // SMART: always application/json, whatever the Accept header says.
    app.get(url, discovery, async (request, reply) => reply.type('application/json; charset=utf-8').send(smartConfiguration(publicOrigin(request), profile)));
  }

  await app.register(async (oauth) => {
    // Only form bodies reach the token endpoint; JSON or anything else is an invalid_request.
    oauth.removeAllContentTypeParsers();
    oauth.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (_request, body, done) => {
      try {
        done(null, parseForm(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    oauth.setErrorHandler(oauthErrorHandler);

    oauth.post(
      TOKEN_PATH,
      {
        config: { access: 'public', rateLimit, audit: { action: 'login', objectType: 'api_client' } },
        schema: {
          tags: ['smart'],
          summary: 'Access token for a partner system (client_credentials with a private_key_jwt assertion)',
          description: 'SMART Backend Services. Form parameters: grant_type=client_credentials, client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer, client_assertion, scope. Errors follow RFC 6749 §5.2.',
          security: [],
          consumes: ['application/x-www-form-urlencoded'],
          body: TokenFormSchema,
          response: { 200: TokenResponseSchema, '4xx': OAuthErrorSchema },
        },
      },
      async (request, reply) => {
        const form = request.body as Record<string, string> | undefined;
        auditClaimedClient(request, form);
        const issued = await tokens.issue({ form, authorization: request.headers.authorization, tokenUrl: `${publicOrigin(request)}${TOKEN_PATH}` });
        request.audit.actor = partnerActorOf({ apiClientId: issued.client.api_client_id, clientId: issued.client.client_id });
        request.audit.objectId = issued.client.client_id;
        request.audit.details = { institution: issued.client.institution_code, scope: issued.response.scope, expiresIn: issued.response.expires_in, ...issued.assertion };
        return reply.headers(NO_STORE).send(issued.response);
      },
    );

    oauth.post(
      REVOKE_PATH,
      {
        config: { access: 'public', rateLimit, audit: { action: 'revoke', objectType: 'access_token' } },
        schema: {
          tags: ['smart'],
          summary: 'Revoke an access token of the calling partner system (RFC 7009)',
          description: 'Form parameters: token, optional token_type_hint, and client authentication as at the token endpoint (client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer, client_assertion with aud = this endpoint or the token endpoint). 200 with an empty body whether or not the token was found; only the calling client\'s own tokens are revoked. Errors follow RFC 6749 §5.2.',
          security: [],
          consumes: ['application/x-www-form-urlencoded'],
          body: RevocationFormSchema,
          response: { '4xx': OAuthErrorSchema },
        },
      },
      async (request, reply) => {
        const form = request.body as Record<string, string> | undefined;
        auditClaimedClient(request, form);
        const origin = publicOrigin(request);
        const revoked = await tokens.revoke({ form, authorization: request.headers.authorization, audiences: [`${origin}${REVOKE_PATH}`, `${origin}${TOKEN_PATH}`] });
        request.audit.actor = partnerActorOf({ apiClientId: revoked.client.api_client_id, clientId: revoked.client.client_id });
        // A fingerprint of the stored hash, and only of the client's own token: enough to tell revocations apart.
        request.audit.objectId = revoked.revoked ? revoked.tokenHash.slice(0, 16) : null;
        request.audit.details = { institution: revoked.client.institution_code, revoked: revoked.revoked, ...(revoked.tokenTypeHint ? { tokenTypeHint: revoked.tokenTypeHint.slice(0, 64) } : {}), ...revoked.assertion };
        return reply.status(200).headers(NO_STORE).send();
      },
    );
  });
};
