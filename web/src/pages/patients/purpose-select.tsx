import { Select, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PurposeOption } from '../../api/types';
import { localName } from '../../lib/format';

/** The purpose of use sent with every read (X-Purpose-Of-Use); the choice holds for the session. */
export function PurposeSelect({ options, value, onChange }: { options: readonly PurposeOption[]; value: string; onChange: (code: string) => void }) {
  const { t, i18n } = useTranslation();
  // Until the settings arrive the current code is the only option, so the select never shows a bare code.
  const choices = options.length > 0 ? options : [{ code: value, label: { zh: value, en: value } }];
  return (
    <Space size={8}>
      <Tooltip title={t('patients.purposeHint')}>
        <Typography.Text type="secondary">{t('patients.purpose')}</Typography.Text>
      </Tooltip>
      <Select
        value={value}
        onChange={onChange}
        options={choices.map((option) => ({ value: option.code, label: localName(option.label, i18n.language) || option.code }))}
        style={{ width: 150 }}
        aria-label={t('patients.purpose')}
        popupMatchSelectWidth={false}
        data-testid="purpose-select"
      />
    </Space>
  );
}
