import { Type } from 'typebox';

const Strings = Type.Array(Type.String());

export const SmartConfigurationSchema = Type.Object({
  token_endpoint: Type.String({ format: 'uri' }),
  revocation_endpoint: Type.String({ format: 'uri' }),
  token_endpoint_auth_methods_supported: Strings,
  token_endpoint_auth_signing_alg_values_supported: Strings,
  grant_types_supported: Strings,
  scopes_supported: Strings,
  capabilities: Strings,
});

/**
 * Documents the form; every parameter is optional here so that a missing one is answered with its
 * own RFC 6749 error by the service, not a generic validation failure. Unknown parameters are
 * ignored, as RFC 6749 §3.2 asks.
 */
/** The client authentication both OAuth endpoints take (private_key_jwt), with what its `aud` must name. */
const clientAuthentication = (audience: string) => ({
  client_assertion_type: Type.Optional(Type.String({ maxLength: 128, description: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' })),
  client_assertion: Type.Optional(Type.String({ maxLength: 8192, description: `JWT signed with a registered key (RS384, ES384; SM2 in the gm profile): iss = sub = client_id, aud = ${audience}, exp ≤ 5 minutes ahead, jti` })),
  client_id: Type.Optional(Type.String({ maxLength: 128 })),
});

export const TokenFormSchema = Type.Object({
  grant_type: Type.Optional(Type.String({ maxLength: 64, description: 'client_credentials' })),
  scope: Type.Optional(Type.String({ maxLength: 4000, description: 'space-separated, e.g. "system/*.read" or "system/Observation.rs system/Patient.rs"' })),
  ...clientAuthentication('this endpoint'),
});

/** RFC 7009 §2.1; like the token form, every parameter is optional so a missing one gets its own OAuth error. */
export const RevocationFormSchema = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 512, description: 'the access token to revoke' })),
  token_type_hint: Type.Optional(Type.String({ maxLength: 64, description: 'access_token (any other hint is ignored: every token issued here is an access token)' })),
  ...clientAuthentication("this endpoint (the token endpoint's URL is accepted too)"),
});

export const TokenResponseSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
});

export const OAuthErrorSchema = Type.Object({
  error: Type.String({ description: 'RFC 6749 §5.2: invalid_request, invalid_client, unsupported_grant_type, invalid_scope…' }),
  error_description: Type.String(),
});
