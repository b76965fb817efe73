import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { compactVerify, type JWK } from 'jose';
import { sm2JwsVerify, sm2PointFromJwk } from '../../crypto/index.js';
import { OAuthError } from './oauth-error.js';

/** What SMART asks servers to verify, plus SM2 where the installation runs the `gm` profile. */
export const STANDARD_ASSERTION_ALGORITHMS = ['RS384', 'ES384'] as const;
export const GM_ASSERTION_ALGORITHMS = [...STANDARD_ASSERTION_ALGORITHMS, 'SM2'] as const;

const KEY_TYPE: Record<string, { kty: string; crv?: string }> = { RS384: { kty: 'RSA' }, ES384: { kty: 'EC', crv: 'P-384' }, SM2: { kty: 'EC', crv: 'SM2' } };
const MAX_ASSERTION_LENGTH = 8192;

export interface DecodedAssertion {
  header: { alg: string; kid: string };
  /** Not yet verified: used only to find the client whose keys verify it. */
  claims: Record<string, unknown>;
}

function malformed(description: string): never {
  throw new OAuthError('invalid_client', 'assertion_malformed', `client_assertion: ${description}`);
}

function jsonPart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    malformed(`the ${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed(`the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Splits a compact JWS and reads its header and (unverified) claims. SMART requires `alg`, `kid`
 * and `typ: JWT`; a missing `typ` is let through (some libraries leave it out), any other refused.
 */
export function decodeAssertion(jwt: string): DecodedAssertion {
  if (jwt.length > MAX_ASSERTION_LENGTH) malformed(`longer than ${MAX_ASSERTION_LENGTH} characters`);
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[\w-]*$/.test(part))) malformed('not a compact JWS (three base64url parts)');
  const header = jsonPart(parts[0]!, 'JWS header');
  if (typeof header.alg !== 'string') malformed('the header has no "alg"');
  if (typeof header.kid !== 'string' || header.kid === '') malformed('the header has no "kid"');
  if (header.typ !== undefined && (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT')) malformed('the header\'s "typ" must be "JWT"');
  // A `jku` would point at keys outside the registration; clients here register their JWKS directly.
  if (header.jku !== undefined) throw new OAuthError('invalid_client', 'assertion_jku', 'client_assertion: "jku" is not supported; the keys registered for the client are used');
  return { header: { alg: header.alg, kid: header.kid }, claims: jsonPart(parts[1]!, 'JWT payload') };
}

/**
 * The one registered key that may verify this assertion: same `kid`, a key type that fits `alg`
 * (and the key's own `alg`, when it names one). None or several is a failure, as SMART says.
 */
export function keyFor(header: DecodedAssertion['header'], keys: readonly JWK[]): JWK {
  const wanted = KEY_TYPE[header.alg];
  const candidates = wanted ? keys.filter((key) => key.kid === header.kid && key.kty === wanted.kty && (wanted.crv === undefined || key.crv === wanted.crv) && (key.alg === undefined || key.alg === header.alg)) : [];
  if (candidates.length !== 1) throw new OAuthError('invalid_client', 'assertion_key_unknown', `client_assertion: no registered key with kid "${header.kid.slice(0, 100)}" fits alg ${header.alg}`);
  return candidates[0]!;
}

const badSignature = () => new OAuthError('invalid_client', 'assertion_signature', 'client_assertion: the signature does not verify with the registered key');

/**
 * Verifies the assertion's signature with the client's registered keys and returns the verified
 * claims. RS384 and ES384 go through `jose`; SM2 (JOSE has no registration for it) through the
 * crypto module's GB/T 32918.2 implementation.
 */
export async function verifyAssertion(jwt: string, keys: readonly JWK[], algorithms: readonly string[]): Promise<Record<string, unknown>> {
  const { header, claims } = decodeAssertion(jwt);
  if (!algorithms.includes(header.alg)) throw new OAuthError('invalid_client', 'assertion_alg', `client_assertion: alg ${header.alg.slice(0, 20)} is not accepted (use one of ${algorithms.join(', ')})`);
  const jwk = keyFor(header, keys);
  if (header.alg === 'SM2') {
    const [protectedHeader, payload, signature] = jwt.split('.') as [string, string, string];
    if (!sm2JwsVerify(sm2PointFromJwk(jwk), `${protectedHeader}.${payload}`, Buffer.from(signature, 'base64url'))) throw badSignature();
    if ('crit' in jsonPart(protectedHeader, 'JWS header')) malformed('"crit" header parameters are not supported');
    return claims;
  }
  try {
    const verified = await compactVerify(jwt, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), { algorithms: [header.alg] });
    return JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    throw badSignature();
  }
}
