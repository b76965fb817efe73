import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, Radio, Segmented, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { emergencyApi } from '../api/endpoints';
import { REVIEW_STATUSES, type EmergencyAccess, type ReviewStatus } from '../api/types';
import { ErrorAlert } from '../components/errors';
import { FormModal } from '../components/form-modal';
import { formatDateTime } from '../lib/format';
import { testId } from '../lib/test-id';
import { useLoad } from '../lib/use-load';

type Filter = ReviewStatus | 'all';

const REVIEW_COLORS: Record<ReviewStatus, string> = { pending: 'gold', justified: 'success', unjustified: 'error' };

interface ReviewValues {
  justified: boolean | undefined;
  note: string;
}

function ReviewStatusTag({ window }: { window: EmergencyAccess }) {
  const { t } = useTranslation();
  const status = window.reviewStatus;
  const known = (REVIEW_STATUSES as readonly string[]).includes(status);
  const tag = (
    <Tag color={known ? REVIEW_COLORS[status] : 'default'} data-testid="emergency-review-status" data-status={status}>
      {known ? t(`reviewStatus.${status}`) : status}
    </Tag>
  );
  return window.reviewNote ? <Tooltip title={window.reviewNote}>{tag}</Tooltip> : tag;
}

/** 紧急访问复核: the information administrator marks each emergency window justified or not, with a note. */
export default function EmergencyReviewPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('pending');
  const [items, setItems] = useState<EmergencyAccess[]>([]);
  const [refreshTick, setRefreshTick] = useState(0);
  const [reviewing, setReviewing] = useState<EmergencyAccess>();

  const { loading, error } = useLoad(
    (signal) => emergencyApi.list({ scope: 'all', ...(filter === 'all' ? {} : { review: filter }), limit: 200 }, signal),
    ({ items: found }) => setItems(found),
    [filter, refreshTick],
  );

  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');

  const columns: TableColumnsType<EmergencyAccess> = [
    { title: t('emergencyReview.openedAt'), key: 'openedAt', width: 150, render: (_, w) => date(w.openedAt) },
    { title: t('emergencyReview.user'), key: 'user', width: 110, render: (_, w) => w.username ?? w.userId },
    {
      title: t('emergencyReview.patient'),
      key: 'patient',
      width: 170,
      render: (_, w) => (
        <Typography.Text copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {w.patientId}
        </Typography.Text>
      ),
    },
    {
      title: t('emergencyReview.reason'),
      key: 'reason',
      render: (_, w) => (
        <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 2, expandable: 'collapsible' }}>
          {w.reason}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('emergencyReview.window'),
      key: 'window',
      width: 150,
      render: (_, w) => (
        <Space orientation="vertical" size={0}>
          <Tag color={w.state === 'active' ? 'red' : 'default'} style={{ marginInlineEnd: 0 }}>
            {w.state === 'active' ? t('emergencyReview.active') : t('emergencyReview.ended')}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('emergencyReview.windowRange', { from: date(w.openedAt), to: date(w.closedAt ?? w.expiresAt) })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('emergencyReview.reviewDue'),
      key: 'reviewDue',
      width: 150,
      render: (_, w) => (
        <Space size={4} wrap>
          <span>{date(w.reviewDueAt)}</span>
          {w.reviewOverdue && <Tag color="error">{t('emergencyReview.overdue')}</Tag>}
        </Space>
      ),
    },
    { title: t('emergencyReview.result'), key: 'result', width: 100, render: (_, w) => <ReviewStatusTag window={w} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, w) =>
        w.reviewStatus === 'pending' ? (
          <Button size="small" type="primary" onClick={() => setReviewing(w)} data-testid={`emergency-review-open-${w.id}`}>
            {t('emergencyReview.review')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card
      title={t('emergencyReview.title')}
      extra={<Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />}
    >
      <Typography.Paragraph type="secondary">{t('emergencyReview.intro')}</Typography.Paragraph>
      <div className="yx-toolbar">
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[...REVIEW_STATUSES.map((status) => ({ value: status as Filter, label: t(`reviewStatus.${status}`) })), { value: 'all', label: t('emergencyReview.filterAll') }]}
          data-testid="emergency-review-filter"
        />
      </div>
      <ErrorAlert error={error} />
      <div data-testid="emergency-review-table">
        <Table<EmergencyAccess>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={loading}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: 1150 }}
          locale={{ emptyText: t('emergencyReview.empty') }}
          onRow={(w) => testId(`emergency-row-${w.id}`)}
        />
      </div>
      <div className="yx-pager">
        <Typography.Text type="secondary">{t('emergencyReview.count', { count: items.length })}</Typography.Text>
      </div>
      <FormModal<ReviewValues, EmergencyAccess>
        open={reviewing !== undefined}
        record={undefined}
        valuesOf={() => ({})}
        title={t('emergencyReview.modalTitle')}
        testIdPrefix="emergency-review-form"
        bodyTestId
        fields={['justified', 'note']}
        initialValues={{ justified: undefined, note: '' }}
        okText={t('emergencyReview.submit')}
        submit={async ({ justified, note }) => {
          if (!reviewing) return;
          await emergencyApi.review(reviewing.id, justified === true, note.trim());
          setReviewing(undefined);
          void message.success(t('emergencyReview.reviewed'));
          setRefreshTick((n) => n + 1);
        }}
        onClose={() => setReviewing(undefined)}
      >
        {reviewing && (
          <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('emergencyReview.user')}>{reviewing.username ?? reviewing.userId}</Descriptions.Item>
            <Descriptions.Item label={t('emergencyReview.patient')}>{reviewing.patientId}</Descriptions.Item>
            <Descriptions.Item label={t('emergencyReview.window')}>
              {t('emergencyReview.windowRange', { from: date(reviewing.openedAt), to: date(reviewing.closedAt ?? reviewing.expiresAt) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('emergencyReview.reason')}>{reviewing.reason}</Descriptions.Item>
          </Descriptions>
        )}
        <Form.Item name="justified" label={t('emergencyReview.decision')} rules={[{ required: true, message: t('emergencyReview.decisionRequired') }]}>
          <Radio.Group data-testid="emergency-review-decision">
            <Radio value={true} data-testid="emergency-review-justified">
              {t('emergencyReview.justified')}
            </Radio>
            <Radio value={false} data-testid="emergency-review-unjustified">
              {t('emergencyReview.unjustified')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="note"
          label={t('emergencyReview.note')}
          rules={[
            { required: true, whitespace: true, message: t('emergencyReview.noteRequired') },
            {
              validator: async (_, value: string | undefined) => {
                if (value && value.trim() && [...value.trim()].length < 2) throw new Error(t('emergencyReview.noteTooShort'));
              },
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="emergency-review-note" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
