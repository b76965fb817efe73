import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** YIXIANG_PUBLIC_URL: the configured public base URL, or null to use each request's own. */
    publicUrl: string | null;
  }
}

/**
 * Makes the configured public base URL (origin and optional path prefix, no trailing slash)
 * available to every plugin. Registered once, on the root instance, before any route plugin.
 */
export function registerPublicOrigin(app: FastifyInstance, publicUrl: string | null): void {
  app.decorate('publicUrl', publicUrl);
}

/**
 * The base of every absolute URL this server hands out; append a path starting with `/`.
 * With YIXIANG_PUBLIC_URL set it is that value, whatever Host the request came with: behind a
 * proxy the Host is the internal one, and a client assertion's `aud` must not be checked against
 * a header the client controls. Unset (development, tests), it is the request's own origin.
 */
export function publicOrigin(request: FastifyRequest): string {
  return request.server.publicUrl ?? `${request.protocol}://${request.host}`;
}
