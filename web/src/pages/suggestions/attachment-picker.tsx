import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../lib/format';
import { acceptList, attachmentMediaType, attachmentProblem, toBase64, type AttachmentLimits, type AttachmentProblem, type PickedAttachment } from './attachment';

/**
 * One optional file for a suggestion, as a form control: the file is checked against the server's
 * limits and read in the browser, and the form holds it ready to send (nothing is uploaded until the
 * suggestion is submitted).
 */
export function AttachmentPicker({ value, onChange, limits }: { value?: PickedAttachment | null; onChange?: (value: PickedAttachment | null) => void; limits: AttachmentLimits }) {
  const { t, i18n } = useTranslation();
  const [problem, setProblem] = useState<AttachmentProblem>();
  const size = formatBytes(limits.maxBytes, i18n.language);

  const pick = async (file: File) => {
    const found = attachmentProblem(file, limits);
    setProblem(found ?? undefined);
    if (found) {
      onChange?.(null);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    onChange?.({ name: file.name, mediaType: attachmentMediaType(file.name, file.type, limits.mediaTypes)!, contentBase64: toBase64(bytes), bytes: bytes.length });
  };

  return (
    <div data-testid="suggestion-attachment">
      <Space wrap>
        <Upload
          accept={acceptList(limits.mediaTypes)}
          showUploadList={false}
          maxCount={1}
          beforeUpload={(file) => {
            void pick(file);
            return Upload.LIST_IGNORE;
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="suggestion-attachment-choose">
            {t('suggestion.chooseFile')}
          </Button>
        </Upload>
        {value && (
          <Space size={4} data-testid="suggestion-attachment-name">
            <PaperClipOutlined />
            <span>{value.name}</span>
            <Typography.Text type="secondary">{formatBytes(value.bytes, i18n.language)}</Typography.Text>
            <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('suggestion.removeFile')} title={t('suggestion.removeFile')} onClick={() => onChange?.(null)} data-testid="suggestion-attachment-remove" />
          </Space>
        )}
      </Space>
      {problem && (
        <div>
          <Typography.Text type="danger" data-testid="suggestion-attachment-problem" data-problem={problem}>
            {t(`suggestion.${problem}`, { size })}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
