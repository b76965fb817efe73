import type { FieldProblem, Language } from './errors.js';

export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';

/** FHIR issue-type codes for our HTTP statuses (http://hl7.org/fhir/issue-type). */
const ISSUE_CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  410: 'deleted',
  412: 'conflict',
  413: 'too-long',
  415: 'not-supported',
  422: 'processing',
  423: 'lock-error',
  429: 'throttled',
  500: 'exception',
  503: 'transient',
};

export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  diagnostics?: string;
  expression?: string[];
  details?: { coding?: { system: string; code: string }[]; text?: string };
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

/** The FHIR face of an API error: same stable code (in details.coding), message in the caller's language. */
export function operationOutcomeFor(status: number, code: string, detail: string, problems: FieldProblem[] = [], _language: Language = 'zh'): OperationOutcome {
  const issueCode = ISSUE_CODE_BY_STATUS[status] ?? (status >= 500 ? 'exception' : 'invalid');
  const coding = [{ system: 'urn:yixiang:problem', code }];
  if (problems.length === 0) return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: issueCode, diagnostics: detail, details: { coding, text: detail } }] };
  return {
    resourceType: 'OperationOutcome',
    issue: problems.map((problem) => ({ severity: 'error', code: issueCode, diagnostics: problem.message, expression: problem.path ? [problem.path] : undefined, details: { coding, text: detail } })),
  };
}
