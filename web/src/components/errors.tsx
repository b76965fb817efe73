import { Alert, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldPath, NETWORK_ERROR } from '../api/problem';
import { isPrecheck } from '../pages/sharing/display';

/** Problem codes the console words itself (package delivery); others show the server's text. */
export const PROBLEM_CODES = ['recipient-key', 'k-anonymity', 'package_input'] as const;
type ProblemCode = (typeof PROBLEM_CODES)[number];
const isProblemCode = (code: string): code is ProblemCode => (PROBLEM_CODES as readonly string[]).includes(code);

/** Returns a function that turns any thrown value into text for the current language. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        if (error.code === NETWORK_ERROR) return t('error.network');
        // Non-problem responses (e.g. a proxy's 502 page) only carry the HTTP status text.
        if (!error.detail && error.code === `HTTP_${error.status}`) return t('error.unknown', { status: error.status });
        return error.displayMessage;
      }
      return error instanceof Error ? error.message : String(error);
    },
    [t],
  );
}

/**
 * Puts server-side field errors under the matching inputs. Returns true when every error found a
 * field, so the caller can skip repeating them in the alert.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || !error.errors) return false;
  let allPlaced = true;
  const updates: { name: string[]; errors: string[] }[] = [];
  for (const fieldError of error.errors) {
    const name = fieldPath(fieldError.path);
    if (name.length > 0 && fields.includes(name.join('.'))) updates.push({ name, errors: [fieldError.message] });
    else allPlaced = false;
  }
  form.setFields(updates);
  return allPlaced;
}

export function ErrorAlert({
  error,
  title,
  testId,
  showFieldErrors = true,
}: {
  error: unknown;
  title?: string;
  testId?: string;
  showFieldErrors?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const text = useErrorText();
  if (error === undefined || error === null) return null;
  const fieldErrors = showFieldErrors && error instanceof ApiError ? (error.errors ?? []) : [];
  const findings = showFieldErrors && error instanceof ApiError ? error.findings : undefined;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  const description =
    fieldErrors.length > 0 || requestId ? (
      <>
        {findings ? (
          // Pre-check findings come in both languages; each is named by its check.
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="problem-findings">
            {findings.map((f, i) => (
              <li key={`${f.check}-${i}`} data-check={f.check}>
                {isPrecheck(f.check) ? `${t(`precheckName.${f.check}`)}${f.catalogCode ? `（${f.catalogCode}）` : ''}: ` : ''}
                {i18n.language.startsWith('zh') ? f.message.zh : f.message.en}
              </li>
            ))}
          </ul>
        ) : (
          fieldErrors.length > 0 && (
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {fieldErrors.map((e, i) => {
                // A coded problem is worded by the console in its language; otherwise the server's text.
                const coded = e.code !== undefined && isProblemCode(e.code);
                const worded = coded ? t(`problemCode.${e.code as ProblemCode}`) : e.message;
                return (
                  <li key={`${e.path}-${i}`} data-code={e.code}>
                    {e.path && !coded ? `${fieldPath(e.path).join('.')}: ${worded}` : worded}
                  </li>
                );
              })}
            </ul>
          )
        )}
        {requestId && <div style={{ opacity: 0.65, fontSize: 12 }}>{t('error.requestId', { id: requestId })}</div>}
      </>
    ) : undefined;
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      title={title ?? text(error)}
      description={title ? <>{text(error)}{description}</> : description}
      style={{ marginBottom: 16 }}
    />
  );
}
