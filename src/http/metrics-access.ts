import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

/** Who may read /metrics: `allow`, or the refusal to give (see `metricsAccess`). */
export type MetricsDecision = 'allow' | 'hide' | 'challenge';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether a socket address is this machine's loopback interface: 127.0.0.0/8 or ::1, also when
 * written as an IPv4-mapped IPv6 address (how a dual-stack listener reports 127.0.0.1).
 */
export function isLoopback(address: string | undefined): boolean {
  const family = address ? isIP(address) : 0;
  return family !== 0 && LOOPBACK.check(address!, family === 4 ? 'ipv4' : 'ipv6');
}

/** The credentials of an `Authorization: Bearer …` header; null when there is none or another scheme. */
function bearerOf(header: string | undefined): string | null {
  const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  return match ? match[1]! : null;
}

/**
 * Constant time in the secret's content and length: both sides are hashed first, so neither the
 * comparison nor an early length check tells a prober how much of a guess was right.
 */
function sameToken(offered: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(offered), digest(expected));
}

/**
 * The rule for /metrics (GB/T 22239 level 3: management interfaces for authorised parties only).
 * With a token configured it is the only key, from anywhere — loopback included, so a local account
 * on a shared host is no shortcut. Without one, only the loopback interface is served, judged by the
 * socket's address and never by X-Forwarded-For, or a proxy in front would make every client local.
 *
 * A refusal with a token configured is a `challenge` (401 + `WWW-Authenticate: Bearer`, RFC 6750):
 * the path is documented anyway, and Prometheus shows a 401 on its targets page, which tells an
 * operator at once that the scrape config's credentials are wrong rather than its URL. Without a
 * token no credential could help, so the caller gets `hide`, the same 404 as any unknown path.
 */
export function metricsAccess(token: string | null, authorization: string | undefined, socketAddress: string | undefined): MetricsDecision {
  if (token === null) return isLoopback(socketAddress) ? 'allow' : 'hide';
  const offered = bearerOf(authorization);
  return offered !== null && sameToken(offered, token) ? 'allow' : 'challenge';
}
