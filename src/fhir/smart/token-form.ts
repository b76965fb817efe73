import { OAuthError } from './oauth-error.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface TokenRequest {
  clientAssertion: string;
  scope: string | undefined;
  /** Optional in the form; when sent it must name the same client as the assertion. */
  clientId: string | undefined;
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

/**
 * The client-credentials request SMART Backend Services sends, checked in RFC 6749 order of
 * concern: the grant type, then client authentication by `private_key_jwt` and nothing else (a
 * client secret or HTTP Basic credentials alongside would be a second method, RFC 7521 §4.2.1).
 */
export function readTokenRequest(form: Record<string, string> | undefined, authorization: string | undefined): TokenRequest {
  if (!form) throw new OAuthError('invalid_request', 'form_missing', 'send the parameters as application/x-www-form-urlencoded');
  if (!form.grant_type) throw new OAuthError('invalid_request', 'grant_type_missing', 'grant_type is required');
  if (form.grant_type !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'grant_type_unsupported', 'only grant_type=client_credentials is supported');
  if (authorization !== undefined || form.client_secret !== undefined) throw new OAuthError('invalid_client', 'client_auth_method', 'authenticate with private_key_jwt only (no client secret or Authorization header)');
  if (!form.client_assertion_type || !form.client_assertion) throw new OAuthError('invalid_client', 'client_auth_missing', `client authentication is required: client_assertion_type=${JWT_BEARER_ASSERTION} and client_assertion`);
  if (form.client_assertion_type !== JWT_BEARER_ASSERTION) throw new OAuthError('invalid_client', 'assertion_type', `client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
  return { clientAssertion: form.client_assertion, scope: form.scope, clientId: form.client_id || undefined };
}
