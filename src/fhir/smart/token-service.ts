import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Keyring } from '../../crypto/index.js';
import type { Database } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { ACCESS_TOKEN_SECONDS, accessTokenHash, newAccessToken } from './access-token.js';
import { checkAssertionClaims } from './assertion-claims.js';
import { decodeAssertion, verifyAssertion } from './assertion-signature.js';
import { assertionAlgorithms } from './configuration.js';
import { OAuthError } from './oauth-error.js';
import { grantableScopes } from './scopes.js';
import { standingProblem } from './standing.js';
import { readTokenRequest } from './token-form.js';
import { findPartnerClient, issueOnce, type PartnerClientRow } from './token-store.js';

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

function registeredKeys(client: PartnerClientRow): JWK[] {
  return (JSON.parse(client.jwks) as { keys: JWK[] }).keys;
}

/**
 * SMART Backend Services token issuance (client credentials with a `private_key_jwt` assertion).
 * Checks run cheapest and side-effect-free first; the assertion's `jti` is spent only when
 * everything else has passed, so a refused request changes nothing.
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
    const { header, claims: unverified } = decodeAssertion(request.clientAssertion);
    if (typeof unverified.iss !== 'string') throw new OAuthError('invalid_client', 'assertion_subject', 'client_assertion: "iss" must be the client_id');
    if (request.clientId !== undefined && request.clientId !== unverified.iss) throw new OAuthError('invalid_client', 'client_id_mismatch', 'client_id does not match the assertion\'s "iss"');
    const client = await findPartnerClient(this.db, unverified.iss);
    if (!client) throw new OAuthError('invalid_client', 'client_unknown', 'client authentication failed: unknown client_id');

    const claims = await verifyAssertion(request.clientAssertion, registeredKeys(client), assertionAlgorithms(this.keyring.profile.name));
    const now = this.clock();
    const checked = checkAssertionClaims(claims, { clientId: client.client_id, tokenUrl: context.tokenUrl, now });
    const problem = standingProblem({ clientStatus: client.client_status, institutionStatus: client.institution_status, agreementStart: client.agreement_start, agreementEnd: client.agreement_end }, now);
    if (problem) throw new OAuthError('invalid_client', problem.reason, `client authentication failed: ${problem.description}`);

    const token = newAccessToken();
    const tokenHash = accessTokenHash(this.keyring, token);
    const scope = scopes.join(' ');
    const issued = await issueOnce(
      this.db,
      { api_client_id: client.api_client_id, jti: checked.jti, expires_at: checked.usableUntil.toISOString() },
      { token_hash: tokenHash, api_client_id: client.api_client_id, institution_id: client.institution_id, scope, issued_at: now.toISOString(), expires_at: new Date(now.getTime() + this.lifetimeSeconds * 1000).toISOString() },
    );
    if (issued === 'replayed') throw new OAuthError('invalid_client', 'assertion_replayed', 'client_assertion has already been used: every assertion needs a new "jti"');
    return { response: { access_token: token, token_type: 'bearer', expires_in: this.lifetimeSeconds, scope }, client, tokenHash, assertion: { alg: header.alg, kid: header.kid, jti: checked.jti } };
  }
}
