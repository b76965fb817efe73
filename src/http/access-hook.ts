import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AuthService } from '../org/auth-service.js';
import type { Principal } from '../org/principal.js';
import { hasPermission, PERMISSIONS, type Permission } from '../org/roles.js';
import { AppError, Errors } from './errors.js';

/** Every API route states who may call it; the server refuses to start if one does not. */
export type RouteAccess = 'public' | 'signed-in' | Permission;

export const SESSION_COOKIE = 'yx_session';
export const CSRF_COOKIE = 'yx_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
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
  if (!url.startsWith('/api/v1/') && !url.startsWith('/fhir/')) return;
  const access = (route.config as { access?: RouteAccess } | undefined)?.access;
  if (access === 'public' || access === 'signed-in' || (PERMISSIONS as readonly string[]).includes(access ?? '')) return;
  throw new Error(`Route ${route.method} ${url} does not declare config.access`);
}

/**
 * The one place where management routes are authorised: authenticate (bearer token or session
 * cookie), enforce CSRF for cookie-authenticated writes, then check the route's permission against
 * the role table. Runs on onRequest so an unauthenticated caller learns nothing from body validation.
 */
export function registerAccessControl(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', requireDeclaredAccess);

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return;

    const bearer = bearerToken(request);
    if (bearer === '') throw new AppError(Errors.UNAUTHENTICATED);
    const cookie = request.cookies[SESSION_COOKIE];
    const principal = bearer ? await auth.authenticate(bearer, 'bearer') : cookie ? await auth.authenticate(cookie, 'cookie') : null;
    if (!principal) throw new AppError(Errors.UNAUTHENTICATED);

    if (principal.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken)) throw new AppError(Errors.CSRF_FAILED);
    }
    request.principal = principal;
    if (access !== 'signed-in' && !hasPermission(principal.roles, access)) throw new AppError(Errors.FORBIDDEN);
  });
}

/** For handlers behind a non-public route: the hook guarantees a principal is there. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError(Errors.UNAUTHENTICATED);
  return request.principal;
}
