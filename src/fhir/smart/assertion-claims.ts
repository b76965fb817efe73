import { OAuthError } from './oauth-error.js';

/** SMART: an authentication JWT's `exp` is "no more than five minutes in the future". */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
/** Leeway for the client's clock against ours, in both directions. */
export const CLOCK_SKEW_SECONDS = 30;
const MAX_JTI_LENGTH = 255;

export interface CheckedClaims {
  jti: string;
  /** When the assertion stops being acceptable: its `exp` plus the leeway. Its `jti` is kept until then. */
  usableUntil: Date;
}

export interface ClaimExpectations {
  clientId: string;
  /**
   * The URLs `aud` may name, this endpoint's first (the one a refusal names): the token endpoint's
   * for a token request; the revocation endpoint's and the token endpoint's for a revocation.
   */
  audiences: readonly [string, ...string[]];
  now: Date;
}

function refuse(reason: string, description: string): never {
  throw new OAuthError('invalid_client', reason, description);
}

function numericDate(payload: Record<string, unknown>, claim: string, required: boolean): number | null {
  const value = payload[claim];
  if (value === undefined && !required) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) refuse('assertion_malformed', `client_assertion: "${claim}" must be a NumericDate`);
  return value;
}

/**
 * The claim checks of RFC 7523 §3 as SMART's client-confidential-asymmetric profile tightens them:
 * iss = sub = client_id, aud = this endpoint, exp present and at most five minutes ahead,
 * nbf/iat not in the future, a jti. Run after the signature is verified; every failure is
 * `invalid_client`, as SMART requires.
 */
export function checkAssertionClaims(payload: unknown, expected: ClaimExpectations): CheckedClaims {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) refuse('assertion_malformed', 'client_assertion: the JWT payload is not a JSON object');
  const claims = payload as Record<string, unknown>;
  if (claims.iss !== expected.clientId || claims.sub !== expected.clientId) refuse('assertion_subject', 'client_assertion: "iss" and "sub" must both be the client_id');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!expected.audiences.some((url) => audiences.includes(url))) refuse('assertion_audience', `client_assertion: "aud" must be this endpoint, ${expected.audiences[0]}`);

  const now = expected.now.getTime() / 1000;
  const exp = numericDate(claims, 'exp', true)!;
  if (exp <= now - CLOCK_SKEW_SECONDS) refuse('assertion_expired', 'client_assertion has expired');
  if (exp > now + MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) refuse('assertion_lifetime', `client_assertion: "exp" may be at most ${MAX_ASSERTION_LIFETIME_SECONDS} seconds ahead`);
  const nbf = numericDate(claims, 'nbf', false);
  if (nbf !== null && nbf > now + CLOCK_SKEW_SECONDS) refuse('assertion_not_yet_valid', 'client_assertion is not valid yet ("nbf")');
  const iat = numericDate(claims, 'iat', false);
  if (iat !== null && iat > now + CLOCK_SKEW_SECONDS) refuse('assertion_not_yet_valid', 'client_assertion was issued in the future ("iat")');

  if (typeof claims.jti !== 'string' || claims.jti === '') refuse('assertion_jti_missing', 'client_assertion: "jti" is required');
  if (claims.jti.length > MAX_JTI_LENGTH) refuse('assertion_malformed', `client_assertion: "jti" may be at most ${MAX_JTI_LENGTH} characters`);
  return { jti: claims.jti, usableUntil: new Date((exp + CLOCK_SKEW_SECONDS) * 1000) };
}
