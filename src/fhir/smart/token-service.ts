import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Keyring } from '../../crypto/index.js';
import type { Database } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { ACCESS_TOKEN_SECONDS, accessTokenHash, newAccessToken } from './access-token.js';
import { checkAssertionClaims, type CheckedClaims } from './assertion-claims.js';
import { decodeAssertion, verifyAssertion } from './assertion-signature.js';
import { assertionAlgorithms } from './configuration.js';
import { OAuthError } from './oauth-error.js';
import { grantableScopes } from './scopes.js';
import { standingProblem } from './standing.js';
import { readRevocationRequest, readTokenRequest, type ClientAuthentication } from './token-form.js';
import { findPartnerClient, issueOnce, revokeOnce, type PartnerClientRow } from './token-store.js';

/** The RFC 6749 §5.1 answer. */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

export interface IssuedToken {
  response: TokenResponse;
  client: PartnerClientRow;
  tokenHash: string;
  /** For the audit entry: which key and assertion bought the token. */
  assertion: { alg: string; kid: string; jti: string };
}

export interface TokenRequestContext {
  form: Record<string, string> | undefined;
  /** The request's Authorization header, if any: a second authentication method is refused. */
  authorization: string | undefined;
  /** This token endpoint's absolute URL, which the assertion's `aud` must name. */
  tokenUrl: string;
}

export interface RevocationContext {
  form: Record<string, string> | undefined;
  authorization: string | undefined;
  /** The URLs the assertion's `aud` may name: the revocation endpoint's first, then the token endpoint's. */
  audiences: readonly [string, ...string[]];
}

export interface RevokedToken {
  client: PartnerClientRow;
  /** Whether a token of this client was deleted; never told to the caller (RFC 7009 §2.2). */
  revoked: boolean;
  tokenHash: string;
  tokenTypeHint: string | undefined;
  assertion: { alg: string; kid: string; jti: string };
}

interface AuthenticatedClient {
  client: PartnerClientRow;
  checked: CheckedClaims;
  header: { alg: string; kid: string };
  now: Date;
}

const replayed = () => new OAuthError('invalid_client', 'assertion_replayed', 'client_assertion has already been used: every assertion needs a new "jti"');

function registeredKeys(client: PartnerClientRow): JWK[] {
  return (JSON.parse(client.jwks) as { keys: JWK[] }).keys;
}

/**
 * SMART Backend Services token issuance (client credentials with a `private_key_jwt` assertion)
 * and RFC 7009 revocation by the same clients. The assertion's `jti` is spent only when every
 * other check has passed, so a refused request changes nothing.
 */
export class SmartTokenService {
  private readonly lifetimeSeconds: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly clock: Clock,
    options: { accessTokenSeconds?: number } = {},
  ) {
    this.lifetimeSeconds = Math.min(options.accessTokenSeconds ?? ACCESS_TOKEN_SECONDS, ACCESS_TOKEN_SECONDS);
  }

  async issue(context: TokenRequestContext): Promise<IssuedToken> {
    const request = readTokenRequest(context.form, context.authorization);
    const scopes = grantableScopes(request.scope);
    const { client, checked, header, now } = await this.authenticate(request, [context.tokenUrl]);

    const token = newAccessToken();
    const tokenHash = accessTokenHash(this.keyring, token);
    const scope = scopes.join(' ');
    const issued = await issueOnce(
      this.db,
      { api_client_id: client.api_client_id, jti: checked.jti, expires_at: checked.usableUntil.toISOString() },
      { token_hash: tokenHash, api_client_id: client.api_client_id, institution_id: client.institution_id, scope, issued_at: now.toISOString(), expires_at: new Date(now.getTime() + this.lifetimeSeconds * 1000).toISOString() },
    );
    if (issued === 'replayed') throw replayed();
    return { response: { access_token: token, token_type: 'bearer', expires_in: this.lifetimeSeconds, scope }, client, tokenHash, assertion: { alg: header.alg, kid: header.kid, jti: checked.jti } };
  }

  /**
   * RFC 7009 revocation by an authenticated client. Only the client's own token is deleted; an
   * unknown, expired or foreign token is answered the same way (`revoked: false` is for the audit
   * entry only), so the endpoint cannot be used to probe for other clients' tokens.
   */
  async revoke(context: RevocationContext): Promise<RevokedToken> {
    const request = readRevocationRequest(context.form, context.authorization);
    const { client, checked, header, now } = await this.authenticate(request, context.audiences);
    const tokenHash = accessTokenHash(this.keyring, request.token);
    const outcome = await revokeOnce(this.db, { api_client_id: client.api_client_id, jti: checked.jti, expires_at: checked.usableUntil.toISOString() }, tokenHash, now.toISOString());
    if (outcome === 'replayed') throw replayed();
    return { client, revoked: outcome === 'revoked', tokenHash, tokenTypeHint: request.tokenTypeHint, assertion: { alg: header.alg, kid: header.kid, jti: checked.jti } };
  }

  /**
   * private_key_jwt client authentication, shared by the token and revocation endpoints. Checks
   * run cheapest and side-effect-free first; the caller spends the `jti` only when all have passed.
   */
  private async authenticate(request: ClientAuthentication, audiences: readonly [string, ...string[]]): Promise<AuthenticatedClient> {
    const { header, claims: unverified } = decodeAssertion(request.clientAssertion);
    if (typeof unverified.iss !== 'string') throw new OAuthError('invalid_client', 'assertion_subject', 'client_assertion: "iss" must be the client_id');
    if (request.clientId !== undefined && request.clientId !== unverified.iss) throw new OAuthError('invalid_client', 'client_id_mismatch', 'client_id does not match the assertion\'s "iss"');
    const client = await findPartnerClient(this.db, unverified.iss);
    if (!client) throw new OAuthError('invalid_client', 'client_unknown', 'client authentication failed: unknown client_id');

    const claims = await verifyAssertion(request.clientAssertion, registeredKeys(client), assertionAlgorithms(this.keyring.profile.name));
    const now = this.clock();
    const checked = checkAssertionClaims(claims, { clientId: client.client_id, audiences, now });
    const problem = standingProblem({ clientStatus: client.client_status, institutionStatus: client.institution_status, agreementStart: client.agreement_start, agreementEnd: client.agreement_end }, now);
    if (problem) throw new OAuthError('invalid_client', problem.reason, `client authentication failed: ${problem.description}`);
    return { client, checked, header, now };
  }
}
