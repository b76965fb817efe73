import { ReloadOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../../api/endpoints';
import type { Checkpoint } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { LoadMorePager } from '../../components/load-more-pager';
import { formatTimestamp } from '../../lib/format';
import { useCursorList } from '../../lib/use-cursor-list';
import { abbreviateHash } from './display';

const PAGE_SIZE = 50;

const byTreeSize = (c: Checkpoint) => c.treeSize;

/** A page of checkpoints; the first also brings the latest one, which the list marks. */
async function checkpointPage(cursor?: number, signal?: AbortSignal): Promise<{ items: Checkpoint[]; nextCursor: number | null; latest?: Checkpoint }> {
  if (cursor !== undefined) return auditApi.checkpoints({ limit: PAGE_SIZE, cursor }, signal);
  const [latest, page] = await Promise.all([auditApi.latestCheckpoint(signal), auditApi.checkpoints({ limit: PAGE_SIZE }, signal)]);
  return { ...page, latest };
}

/** Signed tree heads, newest first; the latest one is what new inclusion proofs are checked against. */
export function CheckpointsTab() {
  const { t, i18n } = useTranslation();
  const list = useCursorList(checkpointPage, byTreeSize, []);
  const latest = list.first?.latest;

  const isLatest = (c: Checkpoint) => latest !== undefined && c.treeSize === latest.treeSize && c.rootHash === latest.rootHash;

  const columns: TableColumnsType<Checkpoint> = [
    {
      title: t('checkpoint.treeSize'),
      key: 'treeSize',
      width: 140,
      render: (_, c) => (
        <Space size={6}>
          <Typography.Text strong={isLatest(c)}>{c.treeSize}</Typography.Text>
          {isLatest(c) && <Tag color="blue">{t('checkpoint.latest')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('checkpoint.rootHash'),
      key: 'rootHash',
      render: (_, c) => (
        <Typography.Text code copyable={{ text: c.rootHash }} title={c.rootHash}>
          {abbreviateHash(c.rootHash)}
        </Typography.Text>
      ),
    },
    { title: t('checkpoint.signedAt'), key: 'signedAt', width: 190, render: (_, c) => <span title={c.signedAt}>{formatTimestamp(c.signedAt, i18n.language)}</span> },
    { title: t('checkpoint.keyId'), key: 'keyId', render: (_, c) => <Typography.Text code>{c.keyId}</Typography.Text> },
    { title: t('checkpoint.hashAlgorithm'), dataIndex: 'hashAlgorithm', key: 'hashAlgorithm', width: 130 },
    { title: t('checkpoint.signatureAlgorithm'), dataIndex: 'signatureAlgorithm', key: 'signatureAlgorithm', width: 150 },
  ];

  return (
    <>
      <div className="yx-toolbar" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary" data-testid="audit-checkpoint-latest">
          {latest ? t('checkpoint.latestSummary', { treeSize: latest.treeSize, signedAt: formatTimestamp(latest.signedAt, i18n.language) }) : ''}
        </Typography.Text>
        <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
      </div>
      <ErrorAlert error={list.error} />
      <div data-testid="audit-checkpoints-table">
        <Table<Checkpoint>
          rowKey="treeSize"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          size="middle"
          scroll={{ x: 1000 }}
          rowClassName={(c) => (isLatest(c) ? 'yx-row-latest' : '')}
          locale={{ emptyText: t('checkpoint.empty') }}
        />
      </div>
      <LoadMorePager list={list} label={t('audit.more')} testId="audit-checkpoints-more" />
    </>
  );
}
