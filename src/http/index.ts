export { AppError, Errors, allErrorDefinitions, type ErrorDefinition, type Language } from './errors.js';
export { errorHandler, sendProblem, normaliseError, PROBLEM_CONTENT_TYPE } from './problem.js';
export { registerAccessControl, principalOf, partnerOf, SESSION_COOKIE, CSRF_COOKIE, type PartnerAuthenticator, type RouteAccess } from './access-hook.js';
export { registerMetrics } from './metrics.js';
export { registerOpenApi } from './openapi.js';
export { requestIdFrom } from './request-id.js';
export { validatorCompiler } from './validation.js';
export { negotiateLanguage } from './language.js';
export { FHIR_CONTENT_TYPE, operationOutcomeFor, type OperationOutcome } from './operation-outcome.js';
