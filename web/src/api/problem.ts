export interface FieldError {
  path: string;
  /** The server's English text; shown only when the console has no wording for `code`. */
  message: string;
  /** A stable code for the finding (e.g. a pre-check name), worded by the console in its language. */
  code?: string;
}

/** A pre-check finding carried by a 422 SHARE_REQUEST_BLOCKED problem, in both languages. */
export interface ProblemFinding {
  check: string;
  severity: string;
  catalogCode?: string;
  message: { zh: string; en: string };
}

/** An RFC 9457 problem returned by the server, or a transport failure shaped the same way. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly requestId: string | undefined;
  /** The blocking pre-check findings of a refused submission (extension member `findings`). */
  readonly findings: ProblemFinding[] | undefined;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string | undefined;
    errors?: FieldError[] | undefined;
    requestId?: string | undefined;
    findings?: ProblemFinding[] | undefined;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.requestId = init.requestId;
    this.findings = init.findings;
  }

  /** What a person should read: the server already localised detail/title via Accept-Language. */
  get displayMessage(): string {
    return this.detail || this.title;
  }
}

/** Status 0 marks failures where no HTTP response arrived at all. */
export const NETWORK_ERROR = 'NETWORK_ERROR';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function fieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: FieldError[] = [];
  for (const entry of value) {
    if (entry && typeof entry === 'object') {
      const e = entry as Record<string, unknown>;
      const message = str(e.message);
      const code = str(e.code);
      if (message) out.push({ path: typeof e.path === 'string' ? e.path : '', message, ...(code ? { code } : {}) });
    }
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Turns an error response into an ApiError. Tolerates bodies that are not problem+json
 * (a proxy's HTML 502, an empty body) so callers can always rely on status and code.
 */
export function parseProblem(status: number, statusText: string, body: unknown): ApiError {
  const p = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const title = str(p.title) ?? (str(statusText) || `HTTP ${status}`);
  return new ApiError({
    status: typeof p.status === 'number' ? p.status : status,
    code: str(p.code) ?? `HTTP_${status}`,
    title,
    detail: str(p.detail),
    errors: fieldErrors(p.errors),
    requestId: str(p.requestId),
    findings: problemFindings(p.findings),
  });
}

function problemFindings(value: unknown): ProblemFinding[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: ProblemFinding[] = [];
  for (const entry of value) {
    const f = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
    const message = f.message && typeof f.message === 'object' ? (f.message as Record<string, unknown>) : {};
    const check = str(f.check);
    const zh = str(message.zh);
    const en = str(message.en);
    if (check && zh && en) out.push({ check, severity: str(f.severity) ?? 'block', ...(str(f.catalogCode) ? { catalogCode: str(f.catalogCode)! } : {}), message: { zh, en } });
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Maps a field error's path (JSON Pointer such as "/body/name/zh", or dotted "name.zh")
 * to the form field path used by antd Form, so the message can sit under the input.
 */
export function fieldPath(path: string): string[] {
  const parts = path
    .replace(/^#/, '')
    .split(/[/.]/)
    .filter((part) => part.length > 0)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts[0] === 'body' ? parts.slice(1) : parts;
}
