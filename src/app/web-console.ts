import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError, Errors, sendProblem } from '../http/index.js';

/** The project root is the nearest folder with package.json, whether running from src/ or dist/server/. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const DEFAULT_WEB_ROOT = path.join(projectRoot(), 'dist', 'web');

const API_PREFIXES = ['/api/', '/fhir/', '/oauth2/', '/.well-known/', '/metrics', '/healthz'];

/**
 * Serves the built console and falls back to index.html for client-side routes. API paths never
 * fall back: an unknown API URL is a problem+json 404, not a web page.
 */
export async function registerWebConsole(app: FastifyInstance, webRoot: string): Promise<void> {
  const built = existsSync(path.join(webRoot, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, cacheControl: false,
      setHeaders(reply, file) {
        // Vite fingerprints assets, so they can be cached for good; index.html must always be fresh.
        reply.header('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.get('/assets/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) => reply.sendFile(`assets/${(request.params as { '*': string })['*']}`));
  }

  app.setNotFoundHandler((request, reply) => {
    const isApi = API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (request.method === 'GET' && !isApi) {
      if (built) return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').sendFile('index.html');
      return reply.status(503).type('text/plain; charset=utf-8').send('The web console has not been built. Run `npm run build` (npm install does this).');
    }
    return sendProblem(reply, request, new AppError(Errors.NOT_FOUND));
  });
}
