import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function CrashNotice({ error }: { error: Error }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('error.loadFailed')}
      subTitle={error.message}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.refresh')}
        </Button>
      }
    />
  );
}

/**
 * Keeps a render error or a page chunk that failed to download (typically after a redeploy
 * replaced the fingerprinted files) from blanking the whole console; reloading fetches the new build.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | undefined }> {
  override state: { error: Error | undefined } = { error: undefined };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Console crashed', error, info.componentStack);
  }

  override render() {
    return this.state.error ? <CrashNotice error={this.state.error} /> : this.props.children;
  }
}
