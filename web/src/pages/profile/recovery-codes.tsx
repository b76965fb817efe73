import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { recoveryCodesText } from '../../lib/totp-format';

/**
 * Freshly issued recovery codes. The server keeps only their hashes, so this is the one time they can be
 * read: the user copies, downloads or writes them down, then closes the panel with "I have saved them".
 */
export function RecoveryCodes({ codes, account, onDone }: { codes: readonly string[]; account: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const text = () => recoveryCodesText(codes, account, formatDateTime(new Date().toISOString(), i18n.language));

  const copy = async () => {
    try {
      // Missing outside secure contexts (plain HTTP other than localhost).
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text());
      void message.success(t('mfa.copied'));
    } catch {
      void message.error(t('mfa.copyFailed'));
    }
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([text()], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `yixiang-recovery-codes-${account}.txt`;
    link.click();
    // The click has handed the file to the browser; the URL is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <div data-testid="mfa-recovery-panel">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('mfa.recoveryTitle')}
      </Typography.Title>
      <Alert type="warning" showIcon title={t('mfa.recoveryIntro')} style={{ marginBottom: 16 }} />
      <ol className="yx-mfa-codes" data-testid="mfa-recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <Space wrap>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="mfa-recovery-copy">
          {t('mfa.copy')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download} data-testid="mfa-recovery-download">
          {t('mfa.download')}
        </Button>
        <Button type="primary" onClick={onDone} data-testid="mfa-recovery-done">
          {t('mfa.recoveryDone')}
        </Button>
      </Space>
    </div>
  );
}
