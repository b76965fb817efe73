/** Row shapes of migration 0019-partner-tokens (SMART Backend Services). */
export interface SmartAccessTokenRow {
  /** Hash of the bearer token by the crypto profile (SHA-256 or SM3), lowercase hex; never the token. */
  token_hash: string;
  api_client_id: string;
  institution_id: string;
  /** Granted scopes, space-separated as in the token response. */
  scope: string;
  issued_at: string;
  expires_at: string;
}

/**
 * An authentication JWT's `jti`, kept while the JWT could still be presented (until its `exp`), so
 * the same assertion cannot buy a second token.
 */
export interface SmartAssertionJtiRow {
  api_client_id: string;
  jti: string;
  expires_at: string;
}

export interface SmartTables {
  smart_access_tokens: SmartAccessTokenRow;
  smart_assertion_jtis: SmartAssertionJtiRow;
}
