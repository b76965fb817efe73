import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertSeverity, AlertStatus, AnomalyAlert } from '../../api/types';
import { localName } from '../../lib/format';
import { ALERT_STATUS_COLORS, isAlertRule, SEVERITY_COLORS } from './display';

export function SeverityTag({ severity }: { severity: AlertSeverity }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`alertSeverity.${severity}`)}</Tag>;
}

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={ALERT_STATUS_COLORS[status]} data-testid="alert-status" data-status={status}>
      {t(`alertStatus.${status}`)}
    </Tag>
  );
}

/** The rule in the reader's language; a rule newer than this console reads as the server labels it. */
export function RuleName({ alert }: { alert: Pick<AnomalyAlert, 'rule' | 'label'> }) {
  const { t, i18n } = useTranslation();
  return <>{isAlertRule(alert.rule) ? t(`alertRule.${alert.rule}`) : localName(alert.label, i18n.language) || alert.rule}</>;
}
