import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * helmet's options for this server. `upgrade-insecure-requests` is sent only when the configured
 * public URL (YIXIANG_PUBLIC_URL) is https: a browser told to upgrade on a plain-HTTP deployment
 * (the console opened as http://192.0.2.2:8080/) asks for every script and stylesheet over https,
 * which nothing answers, and the console stays blank; only localhost is exempt in browsers.
 * Strict-Transport-Security stays on regardless: browsers ignore it over plain HTTP (RFC 6797 §8.1).
 */
export function helmetOptions(publicUrl: string | null): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // antd injects its CSS-in-JS as <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // null removes helmet's default directive; [] sends it (it takes no value).
        upgradeInsecureRequests: servedOverHttps(publicUrl) ? [] : null,
      },
    },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  };
}

function servedOverHttps(publicUrl: string | null): boolean {
  return publicUrl !== null && publicUrl.toLowerCase().startsWith('https://');
}
