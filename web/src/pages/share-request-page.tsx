import { ArrowLeftOutlined, EditOutlined, ReloadOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Steps, Table, Tag, Tooltip, Typography, type DescriptionsProps, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { feedbackApi, grantsApi, shareRequestsApi } from '../api/endpoints';
import type { FeedbackItem, Grant, ShareRequest, ShareReview } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { PageSpinner } from '../components/page-spinner';
import { formatDateTime, localName } from '../lib/format';
import { testId } from '../lib/test-id';
import { useLoad } from '../lib/use-load';
import { useCatalogFields, useCatalogNames } from './patients/use-catalog';
import { FeedbackModal } from './sharing/feedback-modal';
import { shortId } from './sharing/display';
import { BLOCKED_CODE } from './sharing/findings';
import { FindingCounts, FindingsList } from './sharing/findings-list';
import { NarrowingText } from './sharing/narrowing-text';
import { ExportNote, RequestSummary } from './sharing/request-summary';
import { ReviewPanel } from './sharing/review-panel';
import { RevokeModal } from './sharing/revoke-modal';
import { DecisionTag, FeedbackStateTag, GrantStatusTag, RequestStateTag, useStepLabel } from './sharing/sharing-tags';
import { useDirectory, useSharingSettings, useUserNames, useViewer } from './sharing/use-sharing';
import { canDecide, grantedUntil, requesterActions, roundDecisions, stepStatuses } from './sharing/workflow';

interface GrantRow {
  id: string;
  grant: Grant | undefined;
  feedback: FeedbackItem | undefined;
}

/**
 * One share request: its state and review progress, pre-check findings, the form with requested beside
 * necessary fields, the review history, and once granted its grants and usage feedback. The requester
 * edits, submits or withdraws it here; in the review queue (`mode="review"`) the reviewer of the current
 * step decides it here.
 */
export default function ShareRequestPage({ mode }: { mode: 'requester' | 'review' }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const me = useMe();
  const { can } = useSession();
  const [request, setRequest] = useState<ShareRequest>();
  const [refreshTick, setRefreshTick] = useState(0);
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState<'submit' | 'withdraw'>();
  const [grants, setGrants] = useState<Map<string, Grant>>(new Map());
  const [feedback, setFeedback] = useState<FeedbackItem[]>([]);
  const [feedbackFor, setFeedbackFor] = useState<string>();
  const [revoking, setRevoking] = useState<string>();

  const settings = useSharingSettings();
  const directory = useDirectory();
  const viewer = useViewer(directory);
  const stepLabel = useStepLabel(directory);
  const catalogNames = useCatalogNames();
  const catalogFields = useCatalogFields(request?.form.resources.map((r) => r.catalogCode) ?? []);
  const names = useUserNames(request ? [request.requesterId, ...request.reviews.map((r) => r.reviewerId)] : []);

  const { loading, error } = useLoad((signal) => shareRequestsApi.get(id, signal), ({ request: loaded }) => setRequest(loaded), [id, refreshTick]);

  const grantIds = request?.grantIds.join(',') ?? '';
  // Whoever may see the request's grants (readers of all grants, the requester, the owning head) gets them; the server decides.
  const mayReadGrants = true;
  useLoad(
    async (signal) => {
      if (!mayReadGrants || !grantIds) return new Map<string, Grant>();
      const found = await Promise.all(grantIds.split(',').map((grantId) => grantsApi.get(grantId, signal).catch(() => undefined)));
      return new Map(found.filter((g): g is Grant => g !== undefined).map((g) => [g.id, g]));
    },
    setGrants,
    [grantIds, mayReadGrants, refreshTick],
  );

  const own = request?.requesterId === me.user.id;
  const mayReadAllFeedback = can(['grant:read', 'audit:read']);
  useLoad(
    async (signal) => {
      if (!grantIds || (!own && !mayReadAllFeedback)) return [];
      const { items } = await feedbackApi.list({ scope: own ? 'mine' : 'all' }, signal);
      return items.filter((item) => item.requestId === id);
    },
    setFeedback,
    [grantIds, own, mayReadAllFeedback, id, refreshTick],
  );

  const grantRows = useMemo<GrantRow[]>(
    () => (request?.grantIds ?? []).map((grantId) => ({ id: grantId, grant: grants.get(grantId), feedback: feedback.find((f) => f.grantId === grantId) })),
    [request?.grantIds, grants, feedback],
  );

  if (loading && !request) return <PageSpinner />;
  if (!request) {
    return (
      <Card>
        <ErrorAlert error={error} />
        <Link to={mode === 'review' ? '/reviews' : '/share-requests'}>
          <Button icon={<ArrowLeftOutlined />}>{t('common.back')}</Button>
        </Link>
      </Card>
    );
  }

  const date = (iso: string | null | undefined) => (iso ? formatDateTime(iso, i18n.language) : '—');
  // The view names people by id; names come from the user directory where the reader may read it.
  const person = (userId: string) => request?.people?.[userId] ?? names.get(userId) ?? <Tooltip title={userId}>{shortId(userId)}</Tooltip>;
  const actions = requesterActions(request, me.user.id);
  const deciding = canDecide(request, viewer);
  const statuses = stepStatuses(request);
  const decisions = roundDecisions(request);
  const currentStep = request.steps[request.currentStep];
  const reload = () => setRefreshTick((n) => n + 1);

  const submit = async () => {
    setBusy('submit');
    setActionError(undefined);
    try {
      setRequest(await shareRequestsApi.submit(request.id));
      void message.success(t('shareRequest.submitted'));
    } catch (err) {
      setActionError(err);
      // A blocked submission stores the findings it was refused for; show them.
      if (err instanceof ApiError && err.code === BLOCKED_CODE) reload();
    } finally {
      setBusy(undefined);
    }
  };

  const withdraw = async () => {
    setBusy('withdraw');
    setActionError(undefined);
    try {
      setRequest(await shareRequestsApi.withdraw(request.id));
      void message.success(t('shareRequest.withdrawn'));
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(undefined);
    }
  };

  const facts: DescriptionsProps['items'] = [
    {
      key: 'requester',
      label: t('shareRequest.requester'),
      children: (
        <span data-testid="request-requester">
          {person(request.requesterId)}
          {request.requesterDepartmentName ? ` · ${localName(request.requesterDepartmentName, i18n.language)}` : ''}
        </span>
      ),
    },
    { key: 'createdAt', label: t('common.createdAt'), children: date(request.createdAt) },
    { key: 'submittedAt', label: t('shareRequest.submittedAt'), children: date(request.submittedAt) },
    { key: 'updatedAt', label: t('common.updatedAt'), children: date(request.updatedAt) },
  ];
  if (request.state === 'in_review' && currentStep) {
    facts.push({
      key: 'due',
      label: t('shareRequest.stepDue'),
      children: (
        <Space size={4}>
          <span data-testid="request-step-due">{date(request.stepDueAt)}</span>
          {request.stepOverdue && (
            <Tag color="error" data-testid="request-step-overdue">
              {t('shareRequest.overdue')}
            </Tag>
          )}
        </Space>
      ),
    });
  }

  const stepItems = request.steps.map((step, i) => {
    const decided = decisions[i];
    const status = statuses[i] ?? 'wait';
    return {
      key: `${i}-${step.role}-${step.departmentCode ?? ''}`,
      title: stepLabel(step),
      status,
      content: decided ? (
        <Space orientation="vertical" size={0}>
          <Space size={4}>
            <DecisionTag decision={decided.decision} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {person(decided.reviewerId)}
            </Typography.Text>
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {date(decided.decidedAt)}
          </Typography.Text>
        </Space>
      ) : status === 'process' ? (
        <Space orientation="vertical" size={0}>
          <Typography.Text style={{ fontSize: 12 }}>{t('shareRequest.dueAt', { due: date(request.stepDueAt) })}</Typography.Text>
          {request.stepOverdue && <Tag color="error">{t('shareRequest.overdue')}</Tag>}
        </Space>
      ) : undefined,
    };
  });

  const historyColumns: TableColumnsType<ShareReview> = [
    { title: t('shareRequest.decidedAt'), key: 'decidedAt', width: 150, render: (_, r) => date(r.decidedAt) },
    { title: t('shareRequest.step'), key: 'step', width: 200, render: (_, r) => (request.steps[r.step] ? stepLabel(request.steps[r.step]!) : r.role) },
    { title: t('shareRequest.reviewer'), key: 'reviewer', width: 120, render: (_, r) => person(r.reviewerId) },
    { title: t('shareRequest.decision'), key: 'decision', width: 110, render: (_, r) => <DecisionTag decision={r.decision} /> },
    { title: t('shareRequest.reason'), key: 'reason', render: (_, r) => r.reason },
    { title: t('shareRequest.narrowing'), key: 'narrowing', width: 240, render: (_, r) => <NarrowingText narrowing={r.narrowing} catalogNames={catalogNames} catalogFields={catalogFields} /> },
  ];

  const single = request.form.resources.length === 1 ? request.form.resources[0] : undefined;
  const until = grantedUntil(request);
  const grantColumns: TableColumnsType<GrantRow> = [
    {
      title: t('grant.id'),
      key: 'id',
      width: 150,
      render: (_, row) => (
        <Typography.Text copyable={{ text: row.id }} style={{ fontSize: 12 }}>
          {row.grant ? <Link to={`/grants/${encodeURIComponent(row.id)}`} data-testid={`request-grant-link-${row.id}`}>{shortId(row.id)}</Link> : shortId(row.id)}
        </Typography.Text>
      ),
    },
    {
      title: t('grant.resource'),
      key: 'resource',
      render: (_, row) => {
        // A grant the reader may not see is not loaded; a one-resource request names it anyway.
        const code = row.grant?.catalogCode ?? single?.catalogCode;
        return code ? localName(catalogNames.get(code), i18n.language) || code : '—';
      },
    },
    {
      title: t('grant.fields'),
      key: 'fields',
      render: (_, row) => {
        const code = row.grant?.catalogCode ?? single?.catalogCode;
        const fields = row.grant?.fields ?? single?.fields.map((f) => f.name);
        if (!code || !fields) return '—';
        return (
          <Typography.Text style={{ fontSize: 12 }} data-testid="grant-fields">
            {fields.map((f) => localName(catalogFields[code]?.find((d) => d.name === f)?.label, i18n.language) || f).join(t('narrowing.separator'))}
          </Typography.Text>
        );
      },
    },
    { title: t('grant.validTo'), key: 'validTo', width: 150, render: (_, row) => date(row.grant?.validTo ?? until) },
    { title: t('grant.status'), key: 'status', width: 100, render: (_, row) => (row.grant ? <GrantStatusTag status={row.grant.status} /> : '—') },
    {
      title: t('feedback.state'),
      key: 'feedback',
      width: 170,
      render: (_, row) =>
        row.feedback ? (
          <Space orientation="vertical" size={0}>
            <FeedbackStateTag state={row.feedback.state} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.feedback.submittedAt ? t('feedback.submittedAtText', { at: date(row.feedback.submittedAt) }) : t('feedback.dueAtText', { at: date(row.feedback.dueAt) })}
            </Typography.Text>
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_, row) => (
        <Space size={4} wrap>
          {actions.feedback && row.feedback?.state !== 'submitted' && (
            <Button size="small" type="primary" onClick={() => setFeedbackFor(row.id)} data-testid={`grant-feedback-${row.id}`}>
              {t('feedback.fill')}
            </Button>
          )}
          {can('grant:revoke') && (row.grant ? row.grant.status === 'active' || row.grant.status === 'suspended' : request.state === 'granted') && (
            <Button size="small" danger onClick={() => setRevoking(row.id)} data-testid={`grant-revoke-${row.id}`}>
              {t('grant.revoke')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  // The findings every reviewer sees, and the form with requested beside necessary fields.
  const details = (
    <>
      <Card title={t('precheck.title')} extra={<FindingCounts findings={request.findings} />}>
        <FindingsList findings={request.findings} catalogNames={catalogNames} testId="request-findings" />
      </Card>
      <Card title={t('shareRequest.content')}>
        <RequestSummary
          form={request.form}
          directory={directory}
          purposes={settings.purposes}
          purposeLabel={settings.purposeLabel}
          catalogNames={catalogNames}
          catalogFields={catalogFields}
          compact={deciding}
        />
      </Card>
    </>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="share-request-page">
      <Card
        title={
          <Space wrap>
            <span data-testid="request-title">{request.title}</span>
            <RequestStateTag state={request.state} />
          </Space>
        }
        extra={
          <Space wrap>
            {actions.edit && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/share-requests/${encodeURIComponent(request.id)}/edit`)} data-testid="request-edit">
                {t('shareRequest.edit')}
              </Button>
            )}
            {actions.submit && (
              <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} onClick={() => void submit()} data-testid="request-submit">
                {t('shareRequest.submit')}
              </Button>
            )}
            {actions.withdraw && (
              <Popconfirm title={t('shareRequest.withdrawConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => void withdraw()}>
                <Button danger icon={<StopOutlined />} loading={busy === 'withdraw'} data-testid="request-withdraw">
                  {t('shareRequest.withdraw')}
                </Button>
              </Popconfirm>
            )}
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} data-testid="request-refresh" />
            <Link to={mode === 'review' ? '/reviews' : '/share-requests'}>
              <Button icon={<ArrowLeftOutlined />}>{mode === 'review' ? t('review.backToQueue') : t('shareRequest.backToList')}</Button>
            </Link>
          </Space>
        }
      >
        {/* A blocked submission's reasons are the findings shown in the user's language; the English paths are left out. */}
          <ErrorAlert error={actionError} testId="request-action-error" showFieldErrors={!(actionError instanceof ApiError && actionError.code === BLOCKED_CODE)} />
        <ErrorAlert error={error} />
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} items={facts} style={{ marginBottom: 16 }} />
        {request.steps.length > 0 ? (
          <Steps items={stepItems} size="small" current={Math.min(request.currentStep, Math.max(0, request.steps.length - 1))} data-testid="request-steps" />
        ) : (
          <Typography.Text type="secondary">{t('shareRequest.stepsAfterSubmit')}</Typography.Text>
        )}
        {request.state === 'returned' && own && <Alert type="warning" showIcon style={{ marginTop: 16 }} title={t('shareRequest.returnedHint')} />}
        {request.state === 'closed' && <Alert type="success" showIcon style={{ marginTop: 16 }} title={t('shareRequest.closedTitle')} description={t('shareRequest.closedHint')} data-testid="request-closed" />}
      </Card>

      {mode === 'review' && !deciding && request.state === 'in_review' && (
        <Alert type="info" showIcon title={own ? t('review.ownRequest') : t('review.notYourStep')} data-testid="review-not-yours" />
      )}

      {deciding && currentStep ? (
        // The reviewer reads the findings and the request on the left and decides on the right.
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {details}
            </Space>
          </Col>
          <Col xs={24} xl={9}>
            <div className="yx-sticky">
              <ReviewPanel
                form={request.form}
                submit={(input) => shareRequestsApi.review(request.id, input)}
                stepLabel={stepLabel(currentStep)}
                catalogNames={catalogNames}
                catalogFields={catalogFields}
                onDecided={(decided) => {
                  setRequest(decided);
                  void message.success(t('review.decided'));
                  navigate(mode === 'review' ? '/reviews' : `/share-requests/${encodeURIComponent(decided.id)}`);
                }}
              />
            </div>
          </Col>
        </Row>
      ) : (
        details
      )}

      {request.grantIds.length > 0 && (
        <Card title={t('shareRequest.grants')} data-testid="request-grants">
          {grants.size < request.grantIds.length && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('shareRequest.grantsHint')}
            </Typography.Paragraph>
          )}
          <Table<GrantRow> rowKey="id" size="small" pagination={false} columns={grantColumns} dataSource={grantRows} scroll={{ x: 1000 }} onRow={(row) => testId(`grant-row-${row.id}`)} />
          <ExportNote channel={request.form.channel} />
        </Card>
      )}

      <Card title={t('shareRequest.history')}>
        <div data-testid="review-history">
          <Table<ShareReview>
            rowKey={(r) => `${r.step}-${r.decidedAt}-${r.reviewerId}`}
            size="small"
            pagination={false}
            columns={historyColumns}
            dataSource={request.reviews}
            scroll={{ x: 1000 }}
            locale={{ emptyText: t('shareRequest.noReviews') }}
            onRow={(r) => ({ ...testId('review-history-row'), 'data-decision': r.decision }) as Record<string, string>}
          />
        </div>
      </Card>

      <FeedbackModal
        grantId={feedbackFor}
        title={request.title}
        onClose={() => setFeedbackFor(undefined)}
        onSubmitted={() => {
          setFeedbackFor(undefined);
          void message.success(t('feedback.submitted'));
          reload();
        }}
      />
      <RevokeModal
        grantId={revoking}
        onClose={() => setRevoking(undefined)}
        onRevoked={() => {
          setRevoking(undefined);
          void message.success(t('grant.revoked'));
          reload();
        }}
      />
    </Space>
  );
}
