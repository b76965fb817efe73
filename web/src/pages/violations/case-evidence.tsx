import { Button, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ViolationCase } from '../../api/types';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../lib/format';
import { useDepartments } from '../../lib/use-departments';
import { EntryDrawer } from '../audit/entry-drawer';

/**
 * The case's evidence: audit entries open in the audit log's own drawer (with the inclusion proof
 * checked in the browser) for readers of the log; alerts link to the alert page for its readers.
 */
export function CaseEvidence({ c }: { c: ViolationCase }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { departments } = useDepartments();
  const [seq, setSeq] = useState<number>();
  const mayReadLog = can('audit:read');
  const mayReadAlerts = can('alert:read');
  return (
    <>
      <List
        size="small"
        bordered
        data-testid="case-evidence"
        locale={{ emptyText: t('violations.noEvidence') }}
        dataSource={c.evidence}
        renderItem={(e) => (
          <List.Item key={`${e.kind}-${e.ref}`}>
            <Space size={8} wrap>
              <Tag>{e.kind === 'alert' ? t('violations.evidenceAlert') : t('violations.evidenceAuditEntry')}</Tag>
              {e.kind === 'audit_entry' && mayReadLog ? (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setSeq(Number(e.ref))} data-testid={`case-evidence-entry-${e.ref}`}>
                  #{e.ref}
                </Button>
              ) : e.kind === 'alert' && mayReadAlerts ? (
                <Link to={`/alerts?alert=${encodeURIComponent(e.ref)}`}>{t('violations.openAlert')}</Link>
              ) : (
                <Typography.Text code>{e.kind === 'audit_entry' ? `#${e.ref}` : e.ref}</Typography.Text>
              )}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {e.addedBy.name ?? e.addedBy.id} · {formatDateTime(e.addedAt, i18n.language)}
              </Typography.Text>
              {e.note && <Typography.Text>{e.note}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      {mayReadLog && <EntryDrawer seq={seq} preview={undefined} departments={departments} onClose={() => setSeq(undefined)} />}
    </>
  );
}
