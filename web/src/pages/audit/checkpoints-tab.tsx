import { ReloadOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../../api/endpoints';
import type { Checkpoint } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { formatTimestamp } from '../../lib/format';
import { useLoad, useLoadMore } from '../../lib/use-load';
import { abbreviateHash } from './display';

const PAGE_SIZE = 50;

/** Signed tree heads, newest first; the latest one is what new inclusion proofs are checked against. */
export function CheckpointsTab() {
  const { t, i18n } = useTranslation();
  const [latest, setLatest] = useState<Checkpoint>();
  const [items, setItems] = useState<Checkpoint[]>([]);
  const [nextCursor, setNextCursor] = useState<number | null>(null);
  const [refreshTick, setRefreshTick] = useState(0);

  const { loading, error, setError } = useLoad(
    (signal) => {
      more.restart();
      return Promise.all([auditApi.latestCheckpoint(signal), auditApi.checkpoints({ limit: PAGE_SIZE }, signal)]);
    },
    ([head, page]) => {
      setLatest(head);
      setItems(page.items);
      setNextCursor(page.nextCursor);
    },
    [refreshTick],
  );
  const more = useLoadMore(setError);
  const { run: runMore } = more;

  const loadMore = useCallback(async () => {
    if (nextCursor === null) return;
    const cursor = nextCursor;
    await runMore(
      () => auditApi.checkpoints({ limit: PAGE_SIZE, cursor }),
      (page) => {
        setItems((shown) => {
          const seen = new Set(shown.map((c) => c.treeSize));
          return [...shown, ...page.items.filter((c) => !seen.has(c.treeSize))];
        });
        setNextCursor(page.nextCursor);
      },
    );
  }, [nextCursor, runMore]);

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
        <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />
      </div>
      <ErrorAlert error={error} />
      <div data-testid="audit-checkpoints-table">
        <Table<Checkpoint>
          rowKey="treeSize"
          columns={columns}
          dataSource={items}
          loading={loading}
          pagination={false}
          size="middle"
          scroll={{ x: 1000 }}
          rowClassName={(c) => (isLatest(c) ? 'yx-row-latest' : '')}
          locale={{ emptyText: t('checkpoint.empty') }}
        />
      </div>
      <div className="yx-pager">
        <Button onClick={() => void loadMore()} loading={more.loadingMore} disabled={nextCursor === null || loading} data-testid="audit-checkpoints-more">
          {t('audit.more')}
        </Button>
      </div>
    </>
  );
}
