import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Institution } from '../../api/types';
import { agreementState, daysLeft, type AgreementState } from './agreement';

const COLORS: Record<AgreementState, string> = {
  unset: 'default',
  'not-started': 'blue',
  current: 'success',
  'ending-soon': 'warning',
  ended: 'error',
};

/** The agreement's dates and where it stands today (partner tokens are issued only within it). */
export function AgreementPeriod({ institution, today }: { institution: Institution; today: string }) {
  const { t } = useTranslation();
  const state = agreementState(institution, today);
  if (state === 'unset') return <Typography.Text type="secondary">{t('common.notSet')}</Typography.Text>;
  const left = daysLeft(institution, today);
  return (
    <Space size={4} wrap>
      <span>{`${institution.agreementStart ?? '…'} – ${institution.agreementEnd ?? '…'}`}</span>
      <Tag color={COLORS[state]} data-testid="agreement-state" data-state={state}>
        {state === 'ending-soon' ? t('agreementState.endingSoonDays', { days: left ?? 0 }) : t(`agreementState.${state}`)}
      </Tag>
    </Space>
  );
}
