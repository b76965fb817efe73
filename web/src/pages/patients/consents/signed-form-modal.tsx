import { DownloadOutlined } from '@ant-design/icons';
import { Button, Descriptions, Modal, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consentsApi } from '../../../api/endpoints';
import type { Consent } from '../../../api/types';
import { ErrorAlert } from '../../../components/errors';
import { formatBytes, formatDateTime } from '../../../lib/format';
import { useLoad } from '../../../lib/use-load';

/** A data: URL, the one image source the console's Content-Security-Policy allows besides its own origin. */
function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

/**
 * The signed consent form: its details and a download (each read is audited); a scan or photo is
 * shown in the page too. PDFs are downloaded, not framed: the console's CSP frames nothing.
 */
export function SignedFormModal({ consent, onClose }: { consent: Consent | undefined; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const form = consent?.evidence.form ?? null;
  const consentId = consent?.id;
  const isImage = form?.mediaType.startsWith('image/') ?? false;
  const [preview, setPreview] = useState<{ id: string; url: string }>();
  const { loading, error } = useLoad(
    async (signal) => (consentId && isImage ? { id: consentId, url: await dataUrl(await consentsApi.formContent(consentId, signal)) } : undefined),
    setPreview,
    [consentId, isImage],
  );
  return (
    <Modal
      open={consent !== undefined}
      onCancel={onClose}
      width={720}
      title={t('consent.formTitle')}
      footer={
        consentId && (
          <Button type="primary" icon={<DownloadOutlined />} href={consentsApi.formUrl(consentId)} download={form?.fileName} data-testid="consent-form-download">
            {t('consent.formDownload')}
          </Button>
        )
      }
    >
      {form && (
        <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap', width: 120 } }} data-testid="consent-form-details">
          <Descriptions.Item label={t('consent.formName')}>{form.fileName}</Descriptions.Item>
          <Descriptions.Item label={t('consent.formSize')}>
            {form.mediaType} · {formatBytes(form.bytes, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('consent.formUploadedAt')}>{formatDateTime(form.uploadedAt, i18n.language)}</Descriptions.Item>
          <Descriptions.Item label="SHA-256">
            <Typography.Text code copyable style={{ fontSize: 11, wordBreak: 'break-all' }}>
              {form.sha256}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
      {isImage && (
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          <ErrorAlert error={error} />
          {preview?.id === consentId ? (
            <img src={preview?.url} alt={form?.fileName} style={{ maxWidth: '100%', maxHeight: '60vh' }} data-testid="consent-form-preview" />
          ) : (
            loading && <Spin />
          )}
        </div>
      )}
    </Modal>
  );
}
