/** The error codes of RFC 6749 §5.2 that the token endpoint answers with. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope' | 'temporarily_unavailable' | 'server_error';

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  // RFC 6749 lets a server answer 400 or 401 here; 401 is what SMART clients and test kits expect.
  invalid_client: 401,
  invalid_grant: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  temporarily_unavailable: 503,
  server_error: 500,
};

/**
 * A refused token request. `reason` is a stable code for the audit entry (which check failed);
 * `description` goes to the client as `error_description` — it says what to fix, never more
 * about a client than its key holder could know.
 */
export class OAuthError extends Error {
  readonly status: number;

  constructor(
    readonly error: OAuthErrorCode,
    readonly reason: string,
    readonly description: string,
    status?: number,
  ) {
    super(description);
    this.status = status ?? STATUS[error];
  }

  /** The RFC 6749 §5.2 body. */
  body(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}
