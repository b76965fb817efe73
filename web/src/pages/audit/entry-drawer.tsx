import { Descriptions, Drawer, Space, Typography, type DescriptionsProps } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../../api/endpoints';
import type { AuditEntry, Department, InclusionProof } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { formatTimestamp, localName } from '../../lib/format';
import { ActionLabel, ActorRoleTags, ActorTypeLabel, OutcomeTag } from './audit-tags';
import { detailsJson } from './display';
import { browserDigester, checkInclusionProof, type ProofCheck } from './inclusion-proof';
import { ProofStatus } from './proof-status';

interface Loaded {
  entry: AuditEntry;
  proof: InclusionProof;
}

function Mono({ children, copy }: { children: ReactNode; copy?: string }) {
  return (
    <Typography.Text code copyable={copy ? { text: copy } : false} style={{ wordBreak: 'break-all' }}>
      {children}
    </Typography.Text>
  );
}

const dash = (value: string | null | undefined): ReactNode => (value === null || value === undefined || value === '' ? '—' : value);

/**
 * One audit entry with every recorded field, and its inclusion proof checked in this browser.
 * `preview` is the row from the list, shown straight away while the entry and proof load.
 */
export function EntryDrawer({
  seq,
  preview,
  departments,
  onClose,
}: {
  seq: number | undefined;
  preview: AuditEntry | undefined;
  departments: readonly Department[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>();
  const [check, setCheck] = useState<ProofCheck | 'checking'>('checking');
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    setLoaded(undefined);
    setError(undefined);
    setCheck('checking');
    if (seq === undefined) return;
    const controller = new AbortController();
    auditApi
      .event(seq, controller.signal)
      .then(async (result) => {
        if (controller.signal.aborted) return;
        setLoaded(result);
        const outcome = await checkInclusionProof(result.proof, browserDigester());
        if (!controller.signal.aborted) setCheck(outcome);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      });
    return () => controller.abort();
  }, [seq]);

  const entry = loaded?.entry ?? (preview?.seq === seq ? preview : undefined);
  const proof = loaded?.proof;
  const department = entry?.actor.departmentId ? departments.find((d) => d.id === entry.actor.departmentId) : undefined;

  const fields: DescriptionsProps['items'] = entry
    ? [
        { key: 'seq', label: t('audit.seq'), children: entry.seq },
        {
          key: 'recordedAt',
          label: t('audit.recordedAt'),
          children: (
            <span title={entry.recordedAt}>
              {formatTimestamp(entry.recordedAt, i18n.language)} <Typography.Text type="secondary">({entry.recordedAt})</Typography.Text>
            </span>
          ),
        },
        { key: 'actorType', label: t('audit.actorType'), children: <ActorTypeLabel type={entry.actor.type} /> },
        { key: 'actorName', label: t('audit.actorName'), children: dash(entry.actor.name) },
        { key: 'actorId', label: t('audit.actorId'), children: entry.actor.id ? <Mono>{entry.actor.id}</Mono> : '—' },
        { key: 'roles', label: t('audit.roles'), children: entry.actor.roles.length > 0 ? <ActorRoleTags roles={entry.actor.roles} /> : '—' },
        {
          key: 'department',
          label: t('audit.department'),
          children: department ? localName(department.name, i18n.language) : dash(entry.actor.departmentId),
        },
        { key: 'action', label: t('audit.action'), children: <ActionLabel action={entry.action} /> },
        { key: 'objectType', label: t('audit.objectType'), children: dash(entry.objectType) },
        { key: 'objectId', label: t('audit.objectId'), children: entry.objectId ? <Mono>{entry.objectId}</Mono> : '—' },
        { key: 'patient', label: t('audit.patient'), children: dash(entry.patientId) },
        { key: 'purpose', label: t('audit.purpose'), children: dash(entry.purposeOfUse) },
        { key: 'grant', label: t('audit.grant'), children: dash(entry.grantId) },
        { key: 'accessBasis', label: t('audit.accessBasis'), children: dash(entry.accessBasis) },
        { key: 'outcome', label: t('audit.outcome'), children: <OutcomeTag outcome={entry.outcome} /> },
        { key: 'reason', label: t('audit.reason'), children: entry.reason ? <Mono>{entry.reason}</Mono> : '—' },
        { key: 'sourceIp', label: t('audit.sourceIp'), children: dash(entry.sourceIp) },
        { key: 'userAgent', label: t('audit.userAgent'), children: dash(entry.userAgent) },
        { key: 'requestId', label: t('audit.requestId'), children: entry.requestId ? <Mono copy={entry.requestId}>{entry.requestId}</Mono> : '—' },
      ]
    : [];

  const proofFields: DescriptionsProps['items'] = proof
    ? [
        { key: 'checkpoint', label: t('auditProof.checkpoint'), children: `${t('checkpoint.treeSize')} ${proof.checkpoint.treeSize} · ${formatTimestamp(proof.checkpoint.signedAt, i18n.language)}` },
        { key: 'rootHash', label: t('checkpoint.rootHash'), children: <Mono copy={proof.checkpoint.rootHash}>{proof.checkpoint.rootHash}</Mono> },
        { key: 'hashAlgorithm', label: t('checkpoint.hashAlgorithm'), children: proof.checkpoint.hashAlgorithm },
        { key: 'leafIndex', label: t('auditProof.leafIndex'), children: proof.leafIndex },
        { key: 'leafHash', label: t('auditProof.leafHash'), children: <Mono copy={proof.leafHash}>{proof.leafHash}</Mono> },
        { key: 'pathLength', label: t('auditProof.pathLength'), children: proof.hashes.length },
      ]
    : [];

  return (
    <Drawer
      open={seq !== undefined}
      onClose={onClose}
      size={720}
      title={seq !== undefined ? t('audit.detailTitle', { seq }) : ''}
      destroyOnHidden
    >
      <div data-testid="audit-detail">
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <ErrorAlert error={error} />
          <section>
            <Typography.Title level={5}>{t('auditProof.title')}</Typography.Title>
            {error === undefined && <ProofStatus check={check} />}
            {proof && (
              <>
                <Descriptions size="small" column={1} bordered items={proofFields} style={{ marginTop: 12 }} />
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t('auditProof.signatureNote', { keyId: proof.checkpoint.keyId, algorithm: proof.checkpoint.signatureAlgorithm })}
                </Typography.Paragraph>
              </>
            )}
          </section>
          {entry && (
            <>
              <Descriptions size="small" column={1} bordered items={fields} />
              <section>
                <Typography.Title level={5}>{t('audit.details')}</Typography.Title>
                <pre className="yx-json" data-testid="audit-detail-json">
                  {detailsJson(entry.details)}
                </pre>
              </section>
            </>
          )}
        </Space>
      </div>
    </Drawer>
  );
}
