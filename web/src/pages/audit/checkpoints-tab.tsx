import { ReloadOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../../api/endpoints';
import type { Checkpoint } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { formatTimestamp } from '../../lib/format';
import { abbreviateHash } from './display';

const PAGE_SIZE = 50;

/** Signed tree heads, newest first; the latest one is what new inclusion proofs are checked against. */
export function CheckpointsTab() {
  const { t, i18n } = useTranslation();
  const [latest, setLatest] = useState<Checkpoint>();
  const [items, setItems] = useState<Checkpoint[]>([]);
  const [nextCursor, setNextCursor] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>();
  const [refreshTick, setRefreshTick] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    generation.current += 1;
    const controller = new AbortController();
    setLoading(true);
    Promise.all([auditApi.latestCheckpoint(controller.signal), auditApi.checkpoints({ limit: PAGE_SIZE }, controller.signal)])
      .then(([head, page]) => {
        setLatest(head);
        setItems(page.items);
        setNextCursor(page.nextCursor);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [refreshTick]);

  const loadMore = useCallback(async () => {
    if (nextCursor === null) return;
    const requested = generation.current;
    setLoadingMore(true);
    try {
      const page = await auditApi.checkpoints({ limit: PAGE_SIZE, cursor: nextCursor });
      if (requested !== generation.current) return;
      setItems((shown) => {
        const seen = new Set(shown.map((c) => c.treeSize));
        return [...shown, ...page.items.filter((c) => !seen.has(c.treeSize))];
      });
      setNextCursor(page.nextCursor);
    } catch (err) {
      if (requested === generation.current) setError(err);
    } finally {
      setLoadingMore(false);
    }
  }, [nextCursor]);

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
        <Button onClick={() => void loadMore()} loading={loadingMore} disabled={nextCursor === null || loading} data-testid="audit-checkpoints-more">
          {t('audit.more')}
        </Button>
      </div>
    </>
  );
}
