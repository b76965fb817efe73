import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { grantsApi } from '../api/endpoints';
import { GRANT_STATUSES, type Grant, type GrantStatus } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { LoadMorePager } from '../components/load-more-pager';
import { byId } from '../lib/append-page';
import { formatDateTime, localName } from '../lib/format';
import { testId } from '../lib/test-id';
import { useCursorList } from '../lib/use-cursor-list';
import { useCatalogFields, useCatalogNames } from './patients/use-catalog';
import { isChannel, isIdentification, mayRevoke, shortId } from './sharing/display';
import { GrantDetails } from './sharing/grant-details';
import { PackagesPanel } from './sharing/packages-panel';
import { RevokeModal } from './sharing/revoke-modal';
import { GrantStatusTag } from './sharing/sharing-tags';
import { useCatalogOwners, useDirectory, useSharingSettings, useUserNames, useViewer } from './sharing/use-sharing';

const PAGE_SIZE = 50;

/**
 * 授权管理: every grant — who may read which resource and fields, for what purpose, over which channel,
 * until when — with revocation (information administrators; heads of the owning department), which takes
 * effect on the grantee's very next request.
 */
export default function GrantsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const [status, setStatus] = useState<GrantStatus | undefined>('active');
  const [catalog, setCatalog] = useState<string>();
  const query = { ...(status ? { status } : {}), ...(catalog ? { catalog } : {}), limit: PAGE_SIZE };
  const list = useCursorList(
    (after?: string, signal?: AbortSignal) => grantsApi.list({ ...query, after }, signal).then((page) => ({ items: page.items, nextCursor: page.nextAfter })),
    byId,
    [status, catalog],
  );
  const { items, setItems, loading } = list;
  const [open, setOpen] = useState<Grant>();
  const [revoking, setRevoking] = useState<string>();
  const directory = useDirectory();
  const viewer = useViewer(directory);
  const owners = useCatalogOwners();
  const revoker = { canWrite: can('grant:write'), canRevoke: can('grant:revoke'), departmentCode: viewer.departmentCode };
  const { purposeLabel } = useSharingSettings();
  const catalogNames = useCatalogNames();
  const fields = useCatalogFields(open ? [open.catalogCode] : []);
  const names = useUserNames(items.flatMap((g) => [g.createdBy, ...(g.grantee.kind === 'user' ? [g.grantee.id] : []), ...(g.statusChangedBy ? [g.statusChangedBy] : [])]));

  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');
  const resourceName = (code: string) => localName(catalogNames.get(code), i18n.language) || code;

  const columns: TableColumnsType<Grant> = [
    {
      title: t('grant.id'),
      key: 'id',
      width: 110,
      render: (_, g) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(g)} data-testid="grant-open">
          {shortId(g.id)}
        </Button>
      ),
    },
    { title: t('grant.resource'), key: 'resource', render: (_, g) => resourceName(g.catalogCode) },
    {
      title: t('grant.grantee'),
      key: 'grantee',
      width: 160,
      render: (_, g) => (g.grantee.kind === 'user' ? (g.people?.[g.grantee.id] ?? names.get(g.grantee.id) ?? shortId(g.grantee.id)) : directory.recipientName(g.grantee)),
    },
    { title: t('shareRequest.purpose'), key: 'purpose', width: 100, render: (_, g) => purposeLabel(g.purpose) },
    {
      title: t('grant.fields'),
      key: 'fields',
      width: 90,
      render: (_, g) => (
        <Tooltip title={g.fields.join(', ')}>
          <Tag>{t('shareRequest.fieldCount', { count: g.fields.length })}</Tag>
        </Tooltip>
      ),
    },
    { title: t('shareRequest.channel'), key: 'channel', width: 110, render: (_, g) => (isChannel(g.channel) ? t(`channel.${g.channel}`) : g.channel) },
    { title: t('shareRequest.identification'), key: 'masking', width: 100, render: (_, g) => (isIdentification(g.maskingProfile) ? t(`identification.${g.maskingProfile}`) : g.maskingProfile) },
    { title: t('grant.validTo'), key: 'validTo', width: 150, render: (_, g) => date(g.validTo) },
    { title: t('grant.status'), key: 'status', width: 90, render: (_, g) => <GrantStatusTag status={g.status} /> },
    {
      title: t('grant.shareRequest'),
      key: 'request',
      width: 100,
      render: (_, g) => (g.shareRequestId ? <Link to={`/share-requests/${encodeURIComponent(g.shareRequestId)}`}>{t('grant.openRequest')}</Link> : <Typography.Text type="secondary">{t('grant.direct')}</Typography.Text>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, g) =>
        mayRevoke(g, revoker, owners) ? (
          <Button size="small" danger onClick={() => setRevoking(g.id)} data-testid={`grant-revoke-${g.id}`}>
            {t('grant.revoke')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card title={t('grant.title')} extra={<Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />}>
      <Typography.Paragraph type="secondary">{t('grant.intro')}</Typography.Paragraph>
      {!can('grant:read') && <Typography.Paragraph type="secondary" data-testid="grant-scoped-note">{t('grant.scopedNote')}</Typography.Paragraph>}
      <div className="yx-toolbar">
        <Space wrap>
          <Select<GrantStatus>
            allowClear
            value={status}
            placeholder={t('grant.filterStatus')}
            style={{ width: 160 }}
            options={GRANT_STATUSES.map((s) => ({ value: s, label: t(`grantStatus.${s}`) }))}
            onChange={(value) => setStatus(value)}
            data-testid="grant-filter-status"
          />
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={catalog}
            placeholder={t('grant.filterResource')}
            style={{ width: 240 }}
            options={[...catalogNames.entries()].map(([code, name]) => ({ value: code, label: `${localName(name, i18n.language)} · ${code}` }))}
            onChange={(value) => setCatalog(value)}
            data-testid="grant-filter-resource"
          />
        </Space>
      </div>
      <ErrorAlert error={list.error} />
      <div data-testid="grant-table">
        <Table<Grant>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={loading}
          pagination={false}
          size="middle"
          scroll={{ x: 1300 }}
          locale={{ emptyText: t('grant.empty') }}
          onRow={(g) => ({ ...testId(`grant-row-${g.id}`), 'data-status': g.status }) as Record<string, string>}
        />
      </div>
      <LoadMorePager list={list} label={t('grant.more')} testId="grant-more" summary={t('common.total', { count: items.length })} />
      <Drawer open={open !== undefined} size={720} title={t('grant.detailTitle')} onClose={() => setOpen(undefined)} destroyOnHidden>
        {open && <GrantDetails grant={open} directory={directory} names={names} purposeLabel={purposeLabel} catalogNames={catalogNames} fields={fields[open.catalogCode]} />}
        {open?.channel === 'export' && <PackagesPanel grant={open} />}
      </Drawer>
      <RevokeModal
        grantId={revoking}
        onClose={() => setRevoking(undefined)}
        onRevoked={(grant) => {
          setRevoking(undefined);
          setItems((shown) => shown.map((g) => (g.id === grant.id ? grant : g)));
          void message.success(t('grant.revoked'));
        }}
      />
    </Card>
  );
}
