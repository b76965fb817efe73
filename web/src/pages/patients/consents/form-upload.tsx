import { DeleteOutlined, FileDoneOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consentsApi } from '../../../api/endpoints';
import type { UploadedConsentForm } from '../../../api/types';
import { ErrorAlert } from '../../../components/errors';
import { formatBytes } from '../../../lib/format';
import { acceptList, attachmentMediaType, attachmentProblem, toBase64, type AttachmentProblem } from '../../suggestions/attachment';
import { FORM_LIMITS } from './consent-draft';

/**
 * The signed consent form (书面同意书) as a form control: the picked file is checked against the
 * limits, then uploaded at once (POST /consents/forms) so the server's verdict on its content is
 * shown before the consent is recorded; the control's value is the stored upload, named by its
 * fileId when the consent is recorded.
 */
export function FormUpload({ patientId, value, onChange }: { patientId: string; value?: UploadedConsentForm | null; onChange?: (value: UploadedConsentForm | null) => void }) {
  const { t, i18n } = useTranslation();
  const [problem, setProblem] = useState<AttachmentProblem>();
  const [error, setError] = useState<unknown>();
  const [uploading, setUploading] = useState(false);
  const size = formatBytes(FORM_LIMITS.maxBytes, i18n.language);

  const pick = async (file: File) => {
    setError(undefined);
    const found = attachmentProblem(file, FORM_LIMITS);
    setProblem(found ?? undefined);
    onChange?.(null);
    if (found) return;
    setUploading(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const mediaType = attachmentMediaType(file.name, file.type, FORM_LIMITS.mediaTypes)!;
      onChange?.(await consentsApi.uploadForm({ patientId, name: file.name, mediaType, contentBase64: toBase64(bytes) }));
    } catch (err) {
      setError(err);
    } finally {
      setUploading(false);
    }
  };

  return (
    <div data-testid="consent-form-upload">
      <Space wrap>
        <Upload
          accept={acceptList(FORM_LIMITS.mediaTypes)}
          showUploadList={false}
          maxCount={1}
          beforeUpload={(file) => {
            void pick(file);
            return Upload.LIST_IGNORE;
          }}
        >
          <Button icon={<UploadOutlined />} loading={uploading} data-testid="consent-form-choose">
            {value ? t('consent.form.replace') : t('consent.form.choose')}
          </Button>
        </Upload>
        <Typography.Text type="secondary">{t('consent.form.limits', { size })}</Typography.Text>
      </Space>
      {value && (
        <Alert
          type="success"
          showIcon
          icon={<FileDoneOutlined />}
          style={{ marginTop: 8 }}
          data-testid="consent-form-uploaded"
          title={
            <Space size={8} wrap>
              <span>{value.fileName}</span>
              <Typography.Text type="secondary">{formatBytes(value.bytes, i18n.language)}</Typography.Text>
            </Space>
          }
          description={
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('consent.form.sha256', { hash: value.sha256.slice(0, 16) })}
            </Typography.Text>
          }
          action={
            <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('consent.form.remove')} title={t('consent.form.remove')} onClick={() => onChange?.(null)} data-testid="consent-form-remove" />
          }
        />
      )}
      {problem && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="danger" data-testid="consent-form-problem" data-problem={problem}>
            {t(`consent.form.problem.${problem}`, { size })}
          </Typography.Text>
        </div>
      )}
      {error !== undefined && (
        <div style={{ marginTop: 8 }}>
          <ErrorAlert error={error} testId="consent-form-error" />
        </div>
      )}
    </div>
  );
}
