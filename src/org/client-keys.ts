import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { parseSm2PublicKey, sm2JwkFromPoint, sm2PointFromJwk } from '../crypto/index.js';

export interface PublicJwks {
  keys: JWK[];
}

export class ClientKeyError extends Error {}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
/**
 * SMART Backend Services asks servers to support RS384 and ES384; SM2 is our 国密 extension. The
 * token endpoint accepts nothing else, so a key for another algorithm is refused here, where the
 * operator can still fix it, rather than left to fail every token request.
 */
const ALG_BY_CURVE: Record<string, string> = { 'P-384': 'ES384', SM2: 'SM2' };
const ALLOWED_ALGS: ReadonlySet<string> = new Set(['RS384', 'ES384', 'SM2']);

function defaultAlg(jwk: JWK): string {
  if (jwk.kty === 'RSA') return 'RS384';
  if (jwk.kty === 'EC' && jwk.crv && ALG_BY_CURVE[jwk.crv]) return ALG_BY_CURVE[jwk.crv]!;
  throw new ClientKeyError(`unsupported key type ${jwk.kty}${jwk.crv ? ` (${jwk.crv})` : ''}: use RSA (RS384), EC P-384 (ES384) or SM2`);
}

function signingAlg(jwk: JWK): string {
  const alg = jwk.alg ?? defaultAlg(jwk);
  const expected = defaultAlg(jwk);
  if (!ALLOWED_ALGS.has(alg) || alg !== expected) throw new ClientKeyError(`alg ${alg} is not accepted for this key: use ${expected}`);
  return alg;
}

/** Node has no JWK form for the SM2 curve, so SM2 keys are checked by the crypto module's own code. */
function sm2PublicJwk(jwk: JWK): JWK {
  try {
    return sm2JwkFromPoint(sm2PointFromJwk(jwk));
  } catch (error) {
    throw new ClientKeyError(`not a valid SM2 JWK (${(error as Error).message})`);
  }
}

async function normaliseKey(jwk: JWK): Promise<JWK> {
  if (PRIVATE_MEMBERS.some((member) => member in jwk)) throw new ClientKeyError('a private key was supplied; register only the public key');
  if (jwk.kty === 'EC' && jwk.crv === 'SM2') {
    const publicOnly = sm2PublicJwk(jwk);
    return { ...publicOnly, kid: jwk.kid ?? (await calculateJwkThumbprint(publicOnly)), alg: signingAlg(jwk), use: 'sig' };
  }
  let keyObject;
  try {
    keyObject = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch (error) {
    throw new ClientKeyError(`not a valid JWK (${(error as Error).message})`);
  }
  const details = keyObject.asymmetricKeyDetails;
  if (jwk.kty === 'RSA' && (details?.modulusLength ?? 0) < 2048) throw new ClientKeyError('RSA keys must be at least 2048 bits');
  const alg = signingAlg(jwk);
  const publicOnly = keyObject.export({ format: 'jwk' }) as JWK;
  return { ...publicOnly, kid: jwk.kid ?? (await calculateJwkThumbprint(publicOnly)), alg, use: 'sig' };
}

function sm2PemJwk(pem: string): JWK | null {
  try {
    return sm2JwkFromPoint(parseSm2PublicKey(pem));
  } catch {
    return null;
  }
}

/**
 * Accepts a JWKS object or a PEM public key and returns a clean public JWKS: private members are
 * refused outright, weak RSA keys rejected, and every key gets a kid and alg.
 */
export async function parseClientKeys(input: { jwks?: unknown; publicKeyPem?: string }): Promise<PublicJwks> {
  if (input.publicKeyPem !== undefined) {
    if (/PRIVATE KEY/.test(input.publicKeyPem)) throw new ClientKeyError('a private key was supplied; register only the public key');
    const sm2 = sm2PemJwk(input.publicKeyPem);
    if (sm2) return { keys: [await normaliseKey(sm2)] };
    let jwk: JWK;
    try {
      jwk = createPublicKey(input.publicKeyPem).export({ format: 'jwk' }) as JWK;
    } catch (error) {
      throw new ClientKeyError(`not a valid PEM public key (${(error as Error).message})`);
    }
    return { keys: [await normaliseKey(jwk)] };
  }
  const jwks = input.jwks as { keys?: unknown } | undefined;
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new ClientKeyError('expected a JWKS object with a non-empty "keys" array, or publicKeyPem');
  if (jwks.keys.length > 10) throw new ClientKeyError('at most 10 keys per client');
  const keys = await Promise.all(jwks.keys.map((key) => normaliseKey(key as JWK)));
  const kids = new Set(keys.map((key) => key.kid));
  if (kids.size !== keys.length) throw new ClientKeyError('duplicate kid in JWKS');
  return { keys };
}
