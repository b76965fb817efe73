import { FHIR_BASE } from '../../api/fhir';
import { SMART_CONFIGURATION_PATH } from '../../api/endpoints';
import type { SmartConfiguration } from '../../api/types';

/** What a partner hospital's developer needs to connect a SMART Backend Services client. */
export interface ConnectionDetails {
  tokenEndpoint: string;
  fhirBase: string;
  discoveryUrl: string;
  scopes: string[];
  algorithms: string[];
}

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The longest an assertion may live (its exp at most this far ahead), per SMART Backend Services. */
export const ASSERTION_MAX_SECONDS = 300;

const TOKEN_PATH = '/oauth2/token';

/**
 * The server's public base. Staff may open the console at an internal address, while partners
 * reach the server at its public one (YIXIANG_PUBLIC_URL), which the discovery document's token
 * endpoint carries; this page's origin stands in only until that document arrives.
 */
function publicBase(origin: string, config: SmartConfiguration | undefined): string {
  const token = config?.token_endpoint;
  return token?.endsWith(TOKEN_PATH) ? token.slice(0, -TOKEN_PATH.length) : origin;
}

/**
 * The connection details at this server's public address. The discovery document is the truth (it
 * names the public address and the algorithms of the crypto profile in use); until it arrives, or
 * if it cannot be read, this page's origin and the defaults SMART Backend Services requires stand in.
 */
export function connectionDetails(origin: string, config: SmartConfiguration | undefined): ConnectionDetails {
  const base = publicBase(origin, config);
  return {
    tokenEndpoint: config?.token_endpoint ?? `${origin}${TOKEN_PATH}`,
    fhirBase: `${base}${FHIR_BASE}`,
    discoveryUrl: `${base}${SMART_CONFIGURATION_PATH}`,
    scopes: config?.scopes_supported?.length ? config.scopes_supported : ['system/*.read'],
    algorithms: config?.token_endpoint_auth_signing_alg_values_supported?.length ? config.token_endpoint_auth_signing_alg_values_supported : ['RS384', 'ES384'],
  };
}

/** The claims of a client assertion (a JWT signed with the client's private key), shown as a template. */
export function assertionTemplate(clientId: string, tokenEndpoint: string): Record<string, string> {
  return {
    iss: clientId,
    sub: clientId,
    aud: tokenEndpoint,
    exp: `<now + ≤ ${ASSERTION_MAX_SECONDS} s>`,
    jti: '<unique per request>',
  };
}

/** The token request as form parameters, one per line, ready to paste into a client's configuration. */
export function tokenRequestTemplate(scope: string): string {
  return [
    'POST <token endpoint>',
    'Content-Type: application/x-www-form-urlencoded',
    '',
    'grant_type=client_credentials',
    `&client_assertion_type=${encodeURIComponent(CLIENT_ASSERTION_TYPE)}`,
    '&client_assertion=<signed JWT>',
    `&scope=${encodeURIComponent(scope)}`,
  ].join('\n');
}
