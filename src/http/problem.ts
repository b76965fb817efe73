import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, Errors, fill, type ErrorDefinition, type FieldProblem, type Language } from './errors.js';
import { negotiateLanguage } from './language.js';
import { FHIR_CONTENT_TYPE, operationOutcomeFor } from './operation-outcome.js';
import { validationMessage, type ValidationIssue } from './validation-messages.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

// RFC 9457: the title names the problem type and stays the same between occurrences; the detail varies.
const STATUS_TITLES: Record<number, { en: string; zh: string }> = {
  400: { en: 'Bad Request', zh: '请求无效' },
  401: { en: 'Unauthorized', zh: '未认证' },
  403: { en: 'Forbidden', zh: '禁止访问' },
  404: { en: 'Not Found', zh: '未找到' },
  405: { en: 'Method Not Allowed', zh: '方法不允许' },
  409: { en: 'Conflict', zh: '冲突' },
  410: { en: 'Gone', zh: '已失效' },
  413: { en: 'Payload Too Large', zh: '请求体过大' },
  415: { en: 'Unsupported Media Type', zh: '不支持的媒体类型' },
  422: { en: 'Unprocessable Content', zh: '无法处理的内容' },
  423: { en: 'Locked', zh: '已锁定' },
  429: { en: 'Too Many Requests', zh: '请求过多' },
  500: { en: 'Internal Server Error', zh: '服务器内部错误' },
  503: { en: 'Service Unavailable', zh: '服务不可用' },
};

function statusTitle(status: number, language: Language): string {
  return STATUS_TITLES[status]?.[language] ?? String(status);
}

/** RFC 9457 body for an error; 5xx details never leave the server. */
export function toProblem(error: AppError, request: FastifyRequest, language: Language): Problem {
  const definition = error.definition;
  const detail = fill(definition.title[language], error.params, language);
  return {
    ...error.extensions,
    type: `urn:yixiang:problem:${definition.code.toLowerCase().replaceAll('_', '-')}`,
    title: statusTitle(definition.status, language),
    status: definition.status,
    code: definition.code,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: String(request.id),
    ...(error.problems.length > 0 && { errors: error.problems }),
  };
}

const FASTIFY_CODES: Record<string, ErrorDefinition> = {
  FST_ERR_CTP_INVALID_JSON_BODY: Errors.MALFORMED_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: Errors.MALFORMED_JSON,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: Errors.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: Errors.VALIDATION_FAILED,
  FST_ERR_CTP_BODY_TOO_LARGE: Errors.PAYLOAD_TOO_LARGE,
  FST_ERR_NOT_FOUND: Errors.NOT_FOUND,
};

function fromValidation(error: FastifyError, language: Language): AppError {
  const part = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const problems = (error.validation ?? []).map((issue) => {
    const params = (issue.params ?? {}) as Record<string, unknown>;
    const extra = params.additionalProperty ? `/${String(params.additionalProperty)}` : '';
    const missing = params.missingProperty ? `/${String(params.missingProperty)}` : '';
    return { path: `${part}${issue.instancePath}${extra}${missing}`, message: validationMessage(issue as ValidationIssue, language) };
  });
  return new AppError(Errors.VALIDATION_FAILED, {}, problems);
}

/**
 * Everything that is not already an AppError becomes one here, so clients see one shape. Schema
 * validation messages are written in `language` (English unless the caller says otherwise).
 */
export function normaliseError(error: unknown, language: Language = 'en'): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError?.validation) return fromValidation(fastifyError, language);
  const mapped = fastifyError?.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped);
  if (fastifyError?.statusCode === 429) return new AppError(Errors.RATE_LIMITED);
  if (fastifyError?.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError(Errors.VALIDATION_FAILED, {}, [{ path: '', message: fastifyError.message }]);
  }
  return new AppError(Errors.INTERNAL);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The problem code a failed request was answered with, for its audit entry. */
    failureCode: string | null;
  }
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  request.failureCode = error.code;
  const language = negotiateLanguage(request.headers['accept-language']);
  const problem = toProblem(error, request, language);
  // FHIR clients expect an OperationOutcome, not problem+json, on the FHIR endpoints.
  if (request.url.startsWith('/fhir/')) {
    return reply.status(error.status).type(FHIR_CONTENT_TYPE).send(operationOutcomeFor(error.status, error.code, problem.detail, error.problems, language));
  }
  return reply.status(error.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = normaliseError(error, negotiateLanguage(request.headers['accept-language']));
  request.failureCode = appError.code;
  if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: appError.code }, 'request refused');
  return sendProblem(reply, request, appError);
}
