import { ApiError, NETWORK_ERROR, parseProblem } from './problem';

export { ApiError } from './problem';

export const API_BASE = '/api/v1';
export const CSRF_COOKIE = 'yx_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

interface ClientHooks {
  getLanguage: () => string;
  onUnauthorized: () => void;
  /** A 403 MFA_ENROLMENT_REQUIRED: the policy now demands a factor this session's user has not set up. */
  onMfaEnrolmentRequired: () => void;
}

/** The problem code of the server's refusal while a required two-step factor is not enrolled. */
export const MFA_ENROLMENT_REQUIRED = 'MFA_ENROLMENT_REQUIRED';

let hooks: ClientHooks = {
  getLanguage: () => 'zh-CN',
  onUnauthorized: () => undefined,
  onMfaEnrolmentRequired: () => undefined,
};

/** Wired once at start-up so this module stays free of React and i18n imports (and testable). */
export function configureClient(next: Partial<ClientHooks>): void {
  hooks = { ...hooks, ...next };
}

export function readCookie(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

export type QueryValue = string | number | boolean | null | undefined;

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Extra request headers, such as `If-Match` for optimistic concurrency. */
  headers?: Record<string, string>;
  /** Login answers 401 for a wrong password; that must surface as an error, not a redirect. */
  noAuthRedirect?: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface SessionFetchInit {
  method: HttpMethod;
  headers?: Record<string, string>;
  body?: string | null;
  signal?: AbortSignal | undefined;
  noAuthRedirect?: boolean | undefined;
}

/**
 * One call with the session: same-origin cookie, the reader's language, the CSRF token on writes.
 * A transport failure becomes an ApiError with status 0; a 401 reports the lost session. The
 * response is returned as is, so callers that do not speak problem+json (the FHIR endpoint) can
 * read their own error format.
 */
export async function sessionFetch(url: string, init: SessionFetchInit): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': hooks.getLanguage(),
    ...init.headers,
  };
  if (init.method !== 'GET') {
    const token = typeof document === 'undefined' ? undefined : readCookie(document.cookie, CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers,
      credentials: 'same-origin',
      body: init.body ?? null,
      signal: init.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: NETWORK_ERROR, title: cause instanceof Error ? cause.message : String(cause) });
  }
  if (response.status === 401 && !init.noAuthRedirect) hooks.onUnauthorized();
  return response;
}

/** A JSON answer with its response headers (for ETag and the like). */
export interface WithHeaders<T> {
  data: T;
  headers: Headers;
}

export async function requestWithHeaders<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<WithHeaders<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await sessionFetch(`${API_BASE}${path}${buildQuery(options.query)}`, {
    method,
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    signal: options.signal,
    noAuthRedirect: options.noAuthRedirect,
  });

  if (response.ok) {
    if (response.status === 204) return { data: undefined as T, headers: response.headers };
    const text = await response.text();
    return { data: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  let body: unknown;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const problem = parseProblem(response.status, response.statusText, body);
  if (problem.status === 403 && problem.code === MFA_ENROLMENT_REQUIRED) hooks.onMfaEnrolmentRequired();
  throw problem;
}

export async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  return (await requestWithHeaders<T>(method, path, options)).data;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
};
