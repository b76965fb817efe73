import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuarterId } from './quarter';
import { REPORT_FORMATS, REPORT_LOCALES } from './report-model';
import { reportsApi } from './reports-api';

/**
 * The report as files, in either language. Plain links as for the audit export: the browser saves the
 * file under the server's Content-Disposition name, with the session cookie.
 */
export function DownloadButtons({ quarter }: { quarter: QuarterId }) {
  const { t } = useTranslation();
  return (
    <Space wrap data-testid="report-downloads">
      <Typography.Text type="secondary">{t('reports.download')}</Typography.Text>
      {REPORT_FORMATS.map((format) =>
        REPORT_LOCALES.map((locale) => (
          <Button key={`${format}-${locale}`} size="small" icon={<DownloadOutlined />} href={reportsApi.downloadHref(quarter, format, locale)} download data-testid={`report-download-${format}-${locale}`}>
            {t(`reports.downloadAs.${format}`, { language: t(`reports.locale.${locale}`) })}
          </Button>
        )),
      )}
    </Space>
  );
}
