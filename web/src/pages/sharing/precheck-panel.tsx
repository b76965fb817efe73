import { LoadingOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding, LocalizedName } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { FindingCounts, FindingsList } from './findings-list';
import type { DraftProblem } from './request-form';

/**
 * The live pre-check beside the wizard: the server's legality and necessity findings for the form as it
 * stands, refreshed shortly after each change; until the form is complete, what it still lacks.
 */
export function PrecheckPanel({
  findings,
  missing,
  checking,
  stale,
  error,
  catalogNames,
}: {
  findings: readonly Finding[] | undefined;
  missing: readonly DraftProblem[];
  checking: boolean;
  stale: boolean;
  error: unknown;
  catalogNames: ReadonlyMap<string, LocalizedName>;
}) {
  const { t } = useTranslation();
  return (
    <Card
      title={
        <Space>
          <SafetyCertificateOutlined />
          {t('precheck.liveTitle')}
        </Space>
      }
      extra={checking ? <LoadingOutlined data-testid="precheck-running" /> : findings && !stale ? <FindingCounts findings={findings} /> : null}
      data-testid="precheck-panel"
      data-state={missing.length > 0 ? 'incomplete' : checking || stale ? 'checking' : 'ready'}
      className="yx-sticky"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('precheck.liveHint')}
      </Typography.Paragraph>
      <ErrorAlert error={error} />
      {missing.length > 0 ? (
        <div data-testid="precheck-missing">
          <Typography.Text>{t('precheck.missing')}</Typography.Text>
          <ul style={{ margin: '8px 0 0', paddingInlineStart: 20 }}>
            {missing.map((problem) => (
              <li key={problem}>{t(`wizard.problem.${problem}`)}</li>
            ))}
          </ul>
        </div>
      ) : findings ? (
        <div style={{ opacity: stale ? 0.6 : 1 }}>
          <FindingsList findings={findings} catalogNames={catalogNames} testId="precheck-findings" />
        </div>
      ) : (
        <Typography.Text type="secondary">{t('precheck.waiting')}</Typography.Text>
      )}
    </Card>
  );
}
