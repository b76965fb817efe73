import { Alert, Button, Descriptions, Drawer, Space, Typography, type DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { alertsApi } from '../../api/endpoints';
import type { AlertWithEvidence, AnomalyAlert, Department } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/errors';
import { PageSpinner } from '../../components/page-spinner';
import { formatTimestamp, localName } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { useUserNames } from '../sharing/use-sharing';
import { AlertStatusTag, RuleName, SeverityTag } from './alert-tags';
import { factEntries, isFactKey, triageOptions, type FactValue } from './display';
import { EvidenceItem } from './evidence-item';
import { TriageModal, type TriageMode } from './triage-modal';

function FactText({ value }: { value: FactValue }) {
  const { t, i18n } = useTranslation();
  switch (value.kind) {
    case 'none':
      return <>—</>;
    case 'flag':
      return <>{value.value ? t('common.yes') : t('common.no')}</>;
    case 'time':
      return <span title={value.iso}>{formatTimestamp(value.iso, i18n.language)}</span>;
    case 'text':
      return <Typography.Text style={{ wordBreak: 'break-all' }}>{value.text}</Typography.Text>;
  }
}

/**
 * One alert: its rule, subject and facts, the triage if done, and every evidence entry with its
 * inclusion proof verified here. The information administrator (alert:manage) triages it from here.
 */
export function AlertDrawer({ alertId, departments, onClose, onTriaged }: { alertId: string | undefined; departments: readonly Department[]; onClose: () => void; onTriaged: (alert: AnomalyAlert) => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const [loaded, setLoaded] = useState<AlertWithEvidence>();
  const [mode, setMode] = useState<TriageMode>();
  const { loading, error } = useLoad(
    async (signal) => {
      setLoaded(undefined);
      return alertId ? alertsApi.get(alertId, signal) : undefined;
    },
    setLoaded,
    [alertId],
  );
  const alert = loaded?.alert;
  const names = useUserNames(alert?.triage ? [alert.triage.by] : []);
  const date = (iso: string) => formatTimestamp(iso, i18n.language);
  const department = alert?.subject.departmentId ? departments.find((d) => d.id === alert.subject.departmentId) : undefined;
  const options = alert && can('alert:manage') ? triageOptions(alert) : { dismiss: false, escalate: false };

  const fields: DescriptionsProps['items'] = alert
    ? [
        { key: 'rule', label: t('alerts.rule'), children: <RuleName alert={alert} /> },
        { key: 'severity', label: t('alerts.severity'), children: <SeverityTag severity={alert.severity} /> },
        { key: 'status', label: t('alerts.status'), children: <AlertStatusTag status={alert.status} /> },
        { key: 'subject', label: t('alerts.subject'), children: <span data-testid="alert-subject">{alert.subject.username ?? '—'}{alert.subject.userId ? '' : ` ${t('alerts.unknownSubject')}`}</span> },
        { key: 'department', label: t('alerts.department'), children: department ? localName(department.name, i18n.language) : (alert.subject.departmentId ?? '—') },
        { key: 'occurredAt', label: t('alerts.occurredAt'), children: date(alert.occurredAt) },
        { key: 'raisedAt', label: t('alerts.raisedAt'), children: date(alert.raisedAt) },
      ]
    : [];
  const facts: DescriptionsProps['items'] = alert
    ? factEntries(alert.facts).map(({ key, value }) => ({ key, label: isFactKey(key) ? t(`alertFact.${key}`) : key, children: <FactText value={value} /> }))
    : [];

  return (
    <Drawer open={alertId !== undefined} onClose={onClose} size={760} title={t('alerts.detailTitle')} destroyOnHidden>
      <div data-testid="alert-detail">
        <ErrorAlert error={error} />
        {loading && !alert && <PageSpinner />}
        {alert && loaded && (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            {(options.dismiss || options.escalate) && (
              <Space wrap>
                <Button onClick={() => setMode('dismiss')} data-testid="alert-dismiss">
                  {t('alerts.dismiss')}
                </Button>
                <Button type="primary" danger disabled={!options.escalate} onClick={() => setMode('escalate')} data-testid="alert-escalate">
                  {t('alerts.escalate')}
                </Button>
                {!options.escalate && <Typography.Text type="secondary">{t('alerts.noSubjectNote')}</Typography.Text>}
              </Space>
            )}
            {alert.violationCaseId && (
              <Alert
                type="warning"
                showIcon
                title={t('alerts.escalatedTo')}
                action={
                  <Link to={`/violations/${encodeURIComponent(alert.violationCaseId)}`} data-testid="alert-case-link">
                    {t('alerts.goToCase')}
                  </Link>
                }
              />
            )}
            <Descriptions size="small" column={2} bordered items={fields} />
            {alert.triage && (
              <section data-testid="alert-triage">
                <Typography.Title level={5}>{t('alerts.triage')}</Typography.Title>
                <Descriptions
                  size="small"
                  column={1}
                  bordered
                  items={[
                    { key: 'by', label: t('alerts.triagedBy'), children: names.get(alert.triage.by) ?? alert.triage.by },
                    { key: 'at', label: t('alerts.triagedAt'), children: date(alert.triage.at) },
                    { key: 'reason', label: t('alerts.triageReason'), children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{alert.triage.reason}</Typography.Paragraph> },
                  ]}
                />
              </section>
            )}
            <section>
              <Typography.Title level={5}>{t('alerts.facts')}</Typography.Title>
              <Descriptions size="small" column={2} bordered items={facts} data-testid="alert-facts" />
            </section>
            <section>
              <Typography.Title level={5}>{t('alerts.evidence', { count: loaded.evidence.length })}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('alerts.evidenceIntro')}</Typography.Paragraph>
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                {loaded.evidence.map((item) => (
                  <EvidenceItem key={item.seq} item={item} />
                ))}
              </Space>
            </section>
          </Space>
        )}
      </div>
      {alert && (
        <TriageModal
          alertId={alert.id}
          mode={mode}
          onClose={() => setMode(undefined)}
          onTriaged={(triaged) => {
            setMode(undefined);
            setLoaded((shown) => (shown ? { ...shown, alert: triaged } : shown));
            onTriaged(triaged);
          }}
        />
      )}
    </Drawer>
  );
}
