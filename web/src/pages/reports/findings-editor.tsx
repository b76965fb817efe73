import { SaveOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { paragraphs } from './display';
import { Section } from './section';

export interface FindingsText {
  findings: string;
  recommendations: string;
}

/** The server's limit on each text (PUT /reports/quarterly/{quarter}/draft). */
const MAX_LENGTH = 20_000;

function Paragraphs({ text, testId }: { text: string; testId: string }) {
  const { t } = useTranslation();
  const list = paragraphs(text);
  return (
    <div data-testid={testId}>
      {list.length === 0 ? (
        <Typography.Text type="secondary">{t('reports.findings.none')}</Typography.Text>
      ) : (
        list.map((p, i) => (
          <Typography.Paragraph key={i} style={{ whiteSpace: 'pre-wrap' }}>
            {p}
          </Typography.Paragraph>
        ))
      )}
    </div>
  );
}

/**
 * 审计发现与建议: written by the information administrator on a draft, frozen with the report when it
 * is issued. Everyone else, and everyone after issuing, reads them.
 */
export function FindingsEditor({ editable, text, onChange, onSave, saving, dirty }: { editable: boolean; text: FindingsText; onChange: (text: FindingsText) => void; onSave: () => void; saving: boolean; dirty: boolean }) {
  const { t } = useTranslation();
  if (!editable) {
    return (
      <Section id="findings" title={t('reports.findings.title')}>
        <Typography.Title level={5}>{t('reports.findings.findings')}</Typography.Title>
        <Paragraphs text={text.findings} testId="report-findings-text" />
        <Typography.Title level={5}>{t('reports.findings.recommendations')}</Typography.Title>
        <Paragraphs text={text.recommendations} testId="report-recommendations-text" />
      </Section>
    );
  }
  return (
    <Section id="findings" title={t('reports.findings.title')}>
      <Typography.Paragraph type="secondary">{t('reports.findings.hint')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={onSave}>
        <Form.Item label={t('reports.findings.findings')}>
          <Input.TextArea value={text.findings} onChange={(e) => onChange({ ...text, findings: e.target.value })} autoSize={{ minRows: 4, maxRows: 16 }} maxLength={MAX_LENGTH} showCount data-testid="report-findings-input" />
        </Form.Item>
        <Form.Item label={t('reports.findings.recommendations')}>
          <Input.TextArea value={text.recommendations} onChange={(e) => onChange({ ...text, recommendations: e.target.value })} autoSize={{ minRows: 4, maxRows: 16 }} maxLength={MAX_LENGTH} showCount data-testid="report-recommendations-input" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} disabled={!dirty} data-testid="report-findings-save">
            {t('common.save')}
          </Button>
          {dirty && <Typography.Text type="warning">{t('reports.findings.unsaved')}</Typography.Text>}
        </Space>
      </Form>
    </Section>
  );
}
