import { Alert, Card, Collapse, Descriptions, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertEvidence } from '../../api/types';
import { formatTimestamp } from '../../lib/format';
import { ActionLabel, ActorCell, OutcomeTag } from '../audit/audit-tags';
import { detailsJson, objectLabel } from '../audit/display';
import { browserDigester, checkInclusionProof, type ProofCheck } from '../audit/inclusion-proof';
import { ProofStatus } from '../audit/proof-status';

/**
 * One evidence entry of an alert as recorded in the audit log, with its inclusion proof recomputed in
 * this browser against the signed checkpoint the server sent (the same check as the audit log page).
 */
export function EvidenceItem({ item }: { item: AlertEvidence }) {
  const { t, i18n } = useTranslation();
  const [check, setCheck] = useState<ProofCheck | 'checking'>('checking');
  const proof = 'proof' in item ? item.proof : undefined;

  useEffect(() => {
    if (!proof) return;
    let live = true;
    setCheck('checking');
    void checkInclusionProof(proof, browserDigester()).then((outcome) => {
      if (live) setCheck(outcome);
    });
    return () => {
      live = false;
    };
  }, [proof]);

  if (!('entry' in item)) {
    return (
      <div data-testid={`alert-evidence-${item.seq}`}>
        <Alert type="info" showIcon title={t('alerts.archived', { seq: item.seq })} />
      </div>
    );
  }
  const { entry } = item;
  const fields = [
    { key: 'time', label: t('audit.time'), children: formatTimestamp(entry.recordedAt, i18n.language) },
    { key: 'actor', label: t('audit.actor'), children: <ActorCell actor={entry.actor} /> },
    { key: 'action', label: t('audit.action'), children: <ActionLabel action={entry.action} /> },
    { key: 'outcome', label: t('audit.outcome'), children: <OutcomeTag outcome={entry.outcome} reason={entry.reason} /> },
    {
      key: 'object',
      label: t('audit.object'),
      span: 2,
      children: <Typography.Text style={{ wordBreak: 'break-all' }}>{objectLabel(entry.objectType, entry.objectId) || '—'}</Typography.Text>,
    },
  ];
  return (
    <div data-testid={`alert-evidence-${item.seq}`}>
      <Card size="small" title={t('alerts.evidenceEntry', { seq: item.seq })}>
        <Space orientation="vertical" size="small" style={{ width: '100%' }}>
          <ProofStatus check={check} />
          <Descriptions size="small" column={2} bordered items={fields} />
          <Collapse size="small" ghost items={[{ key: 'details', label: t('audit.details'), children: <pre className="yx-json">{detailsJson(entry.details)}</pre> }]} />
        </Space>
      </Card>
    </div>
  );
}
