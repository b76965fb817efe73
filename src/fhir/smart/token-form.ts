import { OAuthError } from './oauth-error.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientAuthentication {
  clientAssertion: string;
  /** Optional in the form; when sent it must name the same client as the assertion. */
  clientId: string | undefined;
}

export interface TokenRequest extends ClientAuthentication {
  scope: string | undefined;
}

export interface RevocationRequest extends ClientAuthentication {
  token: string;
  tokenTypeHint: string | undefined;
}

/**
 * An `application/x-www-form-urlencoded` body as a flat map. RFC 6749 §3.2: a parameter sent more
 * than once makes the request invalid, so it is refused rather than one of the values picked.
 */
export function parseForm(text: string): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(form, name)) throw new OAuthError('invalid_request', 'parameter_repeated', `parameter "${name.slice(0, 50)}" is sent more than once`);
    form[name] = value;
  }
  return form;
}

function requireForm(form: Record<string, string> | undefined): Record<string, string> {
  if (!form) throw new OAuthError('invalid_request', 'form_missing', 'send the parameters as application/x-www-form-urlencoded');
  return form;
}

/**
 * Client authentication by `private_key_jwt` and nothing else: a client secret or HTTP Basic
 * credentials alongside would be a second method (RFC 7521 §4.2.1).
 */
function readClientAuthentication(form: Record<string, string>, authorization: string | undefined): ClientAuthentication {
  if (authorization !== undefined || form.client_secret !== undefined) throw new OAuthError('invalid_client', 'client_auth_method', 'authenticate with private_key_jwt only (no client secret or Authorization header)');
  if (!form.client_assertion_type || !form.client_assertion) throw new OAuthError('invalid_client', 'client_auth_missing', `client authentication is required: client_assertion_type=${JWT_BEARER_ASSERTION} and client_assertion`);
  if (form.client_assertion_type !== JWT_BEARER_ASSERTION) throw new OAuthError('invalid_client', 'assertion_type', `client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
  return { clientAssertion: form.client_assertion, clientId: form.client_id || undefined };
}

/**
 * The client-credentials request SMART Backend Services sends, checked in RFC 6749 order of
 * concern: the grant type, then client authentication.
 */
export function readTokenRequest(form: Record<string, string> | undefined, authorization: string | undefined): TokenRequest {
  const fields = requireForm(form);
  if (!fields.grant_type) throw new OAuthError('invalid_request', 'grant_type_missing', 'grant_type is required');
  if (fields.grant_type !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'grant_type_unsupported', 'only grant_type=client_credentials is supported');
  return { ...readClientAuthentication(fields, authorization), scope: fields.scope };
}

/**
 * An RFC 7009 revocation request: the token (required) and an optional `token_type_hint`, which
 * is only a hint — every token this server issues is an access token, so it is looked up as one
 * whatever the hint says (§2.1) — then client authentication as at the token endpoint.
 */
export function readRevocationRequest(form: Record<string, string> | undefined, authorization: string | undefined): RevocationRequest {
  const fields = requireForm(form);
  if (!fields.token) throw new OAuthError('invalid_request', 'token_missing', 'token is required');
  return { ...readClientAuthentication(fields, authorization), token: fields.token, tokenTypeHint: fields.token_type_hint || undefined };
}
