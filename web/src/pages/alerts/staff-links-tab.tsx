import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Popconfirm, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alertsApi } from '../../api/endpoints';
import type { StaffPatientLink } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { formatDateTime } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { useUserNames } from '../sharing/use-sharing';
import { UserSelect } from '../violations/user-select';

interface LinkValues {
  patientId: string;
  userId: string;
}

/**
 * 职工本人病历: which patient records are staff members' own. Nothing in the records says so, so the
 * information administrator keeps the list; the rule on access to colleagues' records reads it.
 */
export function StaffLinksTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<LinkValues>();
  const [links, setLinks] = useState<StaffPatientLink[]>([]);
  const [saving, setSaving] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const { loading, error } = useLoad((signal) => alertsApi.links(signal), (list) => setLinks(list.items), []);
  const names = useUserNames(links.map((l) => l.linkedBy));

  const add = async ({ patientId, userId }: LinkValues) => {
    setSaving(true);
    setActionError(undefined);
    try {
      const linked = await alertsApi.link(patientId.trim(), userId);
      setLinks((shown) => [linked, ...shown.filter((l) => l.patientId !== linked.patientId)]);
      form.resetFields();
      void message.success(t('staffLinks.added'));
    } catch (err) {
      setActionError(err);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (patientId: string) => {
    setActionError(undefined);
    try {
      await alertsApi.unlink(patientId);
      setLinks((shown) => shown.filter((l) => l.patientId !== patientId));
      void message.success(t('staffLinks.removed'));
    } catch (err) {
      setActionError(err);
    }
  };

  const columns: TableColumnsType<StaffPatientLink> = [
    { title: t('staffLinks.patient'), key: 'patient', render: (_, l) => <Typography.Text code>{l.patientId}</Typography.Text> },
    { title: t('staffLinks.user'), key: 'user', render: (_, l) => l.username ?? l.userId },
    { title: t('staffLinks.linkedBy'), key: 'by', render: (_, l) => names.get(l.linkedBy) ?? l.linkedBy },
    { title: t('staffLinks.linkedAt'), key: 'at', width: 170, render: (_, l) => formatDateTime(l.linkedAt, i18n.language) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, l) => (
        <Popconfirm title={t('staffLinks.removeConfirm')} okText={t('staffLinks.remove')} cancelText={t('common.cancel')} onConfirm={() => remove(l.patientId)}>
          <Button size="small" danger data-testid={`staff-link-remove-${l.patientId}`}>
            {t('staffLinks.remove')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t('staffLinks.intro')}</Typography.Paragraph>
      <Form<LinkValues> form={form} layout="inline" onFinish={(values) => void add(values)} disabled={saving} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="patientId" rules={[{ required: true, whitespace: true, message: t('staffLinks.patientRequired') }]}>
          <Input placeholder={t('staffLinks.patientPlaceholder')} aria-label={t('staffLinks.patient')} style={{ width: 260 }} data-testid="staff-link-patient" />
        </Form.Item>
        <Form.Item name="userId" rules={[{ required: true, message: t('staffLinks.userRequired') }]} style={{ minWidth: 260 }}>
          <UserSelect testId="staff-link-user" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={saving} data-testid="staff-link-add">
              {t('staffLinks.add')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <ErrorAlert error={actionError ?? error} testId="staff-links-error" />
      <div data-testid="staff-links-table">
        <Table<StaffPatientLink> rowKey="patientId" columns={columns} dataSource={links} loading={loading} pagination={false} size="middle" locale={{ emptyText: t('staffLinks.empty') }} />
      </div>
    </>
  );
}
