import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AuthService } from '../org/auth-service.js';
import type { InstitutionPrincipal, Principal } from '../org/principal.js';
import { hasPermission, PERMISSIONS, reachesPatientData, type Permission } from '../org/roles.js';
import { AppError, Errors } from './errors.js';

/**
 * Every API route states who may call it; the server refuses to start if one does not. `partner`
 * routes take only a partner institution's SMART access token; every other level only a user's
 * session — neither kind of credential opens the other's routes. `signed-in-or-partner` (the FHIR
 * API, which staff and partners both read) takes either, told apart by the partner token's form.
 */
export type RouteAccess = 'public' | 'signed-in' | 'partner' | 'signed-in-or-partner' | Permission;

/** Resolves a partner's SMART Backend Services access token (the `fhir/smart` module's PartnerAuth). */
export interface PartnerAuthenticator {
  /** Whether a bearer token has the form of a partner token (not whether it is valid). */
  recognises(token: string): boolean;
  authenticate(token: string): Promise<InstitutionPrincipal | null>;
}

export const SESSION_COOKIE = 'yx_session';
export const CSRF_COOKIE = 'yx_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The partner institution behind a `partner` route's access token; null on every other route. */
    partner: InstitutionPrincipal | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * Open to a user whom the `auth.mfa` policy requires to enrol a second factor and who has not
     * yet: only what it takes to enrol (own profile, own factor, password change, sign-out).
     */
    allowDuringMfaEnrolment?: true;
    /**
     * The route reads patient data (records, patients, FHIR resources). A user whose roles give no
     * path to patient data at all (the system administrator, 三员分立) is refused with 403
     * PATIENT_DATA_FORBIDDEN before anything is looked up, rather than told "nothing found" as a
     * reader without a rule for this patient is. Partner institutions are judged by their grants.
     */
    patientData?: true;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+([\w.~+/=-]{10,200})$/i.exec(header);
  return match ? match[1]! : '';
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function requireDeclaredAccess(route: RouteOptions): void {
  const url = route.url ?? '';
  if (!url.startsWith('/api/v1/') && !url.startsWith('/fhir/') && !url.startsWith('/oauth2/')) return;
  const access = (route.config as { access?: RouteAccess } | undefined)?.access;
  if (access === 'public' || access === 'signed-in' || access === 'partner' || access === 'signed-in-or-partner' || (PERMISSIONS as readonly string[]).includes(access ?? '')) return;
  throw new Error(`Route ${route.method} ${url} does not declare config.access`);
}

/**
 * The one place where management routes are authorised: authenticate (bearer token or session
 * cookie), enforce CSRF for cookie-authenticated writes, then check the route's permission against
 * the role table. Runs on onRequest so an unauthenticated caller learns nothing from body validation.
 * `partner` routes instead resolve a partner's SMART access token to `request.partner`.
 */
export function registerAccessControl(app: FastifyInstance, auth: AuthService, partners: PartnerAuthenticator): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('partner', null);
  app.addHook('onRoute', requireDeclaredAccess);

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return;
    const offered = bearerToken(request);
    if (access === 'partner' || (access === 'signed-in-or-partner' && offered && partners.recognises(offered))) {
      // Only the Authorization header: a partner system has no cookie, and a console session must not reach these routes.
      const bearer = offered;
      const partner = bearer ? await partners.authenticate(bearer) : null;
      if (!partner) {
        reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw new AppError(Errors.PARTNER_TOKEN_INVALID);
      }
      request.partner = partner;
      return;
    }

    const bearer = offered;
    if (bearer === '') throw new AppError(Errors.UNAUTHENTICATED);
    const cookie = request.cookies[SESSION_COOKIE];
    const principal = bearer ? await auth.authenticate(bearer, 'bearer') : cookie ? await auth.authenticate(cookie, 'cookie') : null;
    if (!principal) throw new AppError(Errors.UNAUTHENTICATED);

    if (principal.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken)) throw new AppError(Errors.CSRF_FAILED);
    }
    request.principal = principal;
    // Carried on the cached principal, so this costs no query per request.
    if (principal.mfaEnrolmentRequired && request.routeOptions.config?.allowDuringMfaEnrolment !== true) throw new AppError(Errors.MFA_ENROLMENT_REQUIRED);
    if (access !== 'signed-in' && access !== 'signed-in-or-partner' && !hasPermission(principal.roles, access)) throw new AppError(Errors.FORBIDDEN);
    if (request.routeOptions.config?.patientData === true && !reachesPatientData(principal.roles)) throw new AppError(Errors.PATIENT_DATA_FORBIDDEN);
  });
}

/** For handlers behind a `partner` route: the hook guarantees the partner is there. */
export function partnerOf(request: FastifyRequest): InstitutionPrincipal {
  if (!request.partner) throw new AppError(Errors.PARTNER_TOKEN_INVALID);
  return request.partner;
}

/** For handlers behind a non-public route: the hook guarantees a principal is there. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError(Errors.UNAUTHENTICATED);
  return request.principal;
}
