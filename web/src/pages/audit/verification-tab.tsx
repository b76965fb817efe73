import { QuestionCircleOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../../api/endpoints';
import type { VerificationMode, VerificationRun } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { formatTimestamp } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { useUserNames } from '../sharing/use-sharing';
import { abbreviateHash } from './display';
import { durationParts, rangeLabel, ranAsRequested, summarize, triggerKind, triggeringUsers } from './verifications';

/** The server's maximum: enough to find the daily full run among the 10-minute incremental ones. */
const LIST_LIMIT = 200;

function ModeTag({ mode }: { mode: VerificationMode }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`verificationModeHint.${mode}`)}>
      <Tag color={mode === 'full' ? 'purple' : 'blue'} data-mode={mode}>
        {t(`verificationMode.${mode}`)}
      </Tag>
    </Tooltip>
  );
}

function ResultCell({ run }: { run: VerificationRun }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={2}>
      <Tag color={run.ok ? 'success' : 'error'} data-testid="audit-verification-result" data-result={run.ok ? 'passed' : 'failed'}>
        {t(run.ok ? 'auditVerification.passed' : 'auditVerification.failed')}
      </Tag>
      {run.problem && <Typography.Text type="danger">{run.problem}</Typography.Text>}
    </Space>
  );
}

/** Recorded verification runs of the audit log (ADR 0017), and buttons to run one now. */
export function VerificationTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [runs, setRuns] = useState<VerificationRun[]>([]);
  const [refreshTick, setRefreshTick] = useState(0);
  const [running, setRunning] = useState<VerificationMode>();
  const [runError, setRunError] = useState<unknown>();
  const { loading, error } = useLoad((signal) => auditApi.verifications(LIST_LIMIT, signal), (page) => setRuns(page.items), [refreshTick]);
  const names = useUserNames(triggeringUsers(runs));
  const summary = summarize(runs);
  const time = (iso: string) => formatTimestamp(iso, i18n.language);
  const count = (n: number) => new Intl.NumberFormat(i18n.language).format(n);
  const result = (run: VerificationRun) => t(run.ok ? 'auditVerification.passed' : 'auditVerification.failed');

  const start = async (mode: VerificationMode) => {
    setRunning(mode);
    setRunError(undefined);
    try {
      const run = await auditApi.verify(mode);
      // Shown at once; the reload that follows brings the list in the server's order.
      setRuns((shown) => [run, ...shown.filter((r) => r.id !== run.id)]);
      if (run.ok) void message.success(t('auditVerification.donePassed', { treeSize: run.treeSize }));
      else void message.error(t('auditVerification.doneFailed'));
      if (!ranAsRequested(mode, run)) void message.info(t('auditVerification.ranFull'));
      setRefreshTick((n) => n + 1);
    } catch (err) {
      setRunError(err);
    } finally {
      setRunning(undefined);
    }
  };

  const duration = (ms: number) => {
    const parts = durationParts(ms);
    return parts.unit === 'ms' ? t('verificationDuration.ms', { ms: parts.ms }) : parts.unit === 's' ? t('verificationDuration.s', { s: parts.s }) : t('verificationDuration.min', { min: parts.min, s: parts.s });
  };

  const trigger = (value: string) => {
    const kind = triggerKind(value);
    return kind === 'user' ? (names.get(value) ?? value) : t(`verificationTrigger.${kind}`);
  };

  const columns: TableColumnsType<VerificationRun> = [
    { title: t('auditVerification.finishedAt'), key: 'finishedAt', width: 190, render: (_, run) => <span title={`${run.startedAt} → ${run.finishedAt}`}>{time(run.finishedAt)}</span> },
    { title: t('auditVerification.mode'), key: 'mode', width: 100, render: (_, run) => <ModeTag mode={run.mode} /> },
    {
      title: (
        <Tooltip title={t('auditVerification.rangeHint')}>
          <span>
            {t('auditVerification.range')} <QuestionCircleOutlined />
          </span>
        </Tooltip>
      ),
      key: 'range',
      width: 170,
      render: (_, run) => (
        <Tooltip title={[t('auditVerification.checkpointsChecked', { count: run.checkpointsChecked }), run.rootHash ? abbreviateHash(run.rootHash) : ''].filter(Boolean).join(' · ')}>
          <Typography.Text code>{rangeLabel(run)}</Typography.Text>
        </Tooltip>
      ),
    },
    { title: t('auditVerification.entriesChecked'), key: 'entriesChecked', width: 150, align: 'right', render: (_, run) => count(run.entriesChecked) },
    { title: t('auditVerification.duration'), key: 'duration', width: 120, align: 'right', render: (_, run) => duration(run.durationMs) },
    { title: t('auditVerification.result'), key: 'result', render: (_, run) => <ResultCell run={run} /> },
    { title: t('auditVerification.trigger'), key: 'trigger', width: 160, render: (_, run) => <span data-testid="audit-verification-trigger">{trigger(run.trigger)}</span> },
  ];

  const { latest, latestFull, warning } = summary;
  const warned = warning === 'latest-failed' ? latest : warning === 'full-failed' ? latestFull : undefined;

  return (
    <>
      <Typography.Paragraph type="secondary">{t('auditVerification.intro')}</Typography.Paragraph>
      <div className="yx-toolbar" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Space orientation="vertical" size={0} data-testid="audit-verification-summary">
          {latest ? (
            <>
              <Typography.Text>{t('auditVerification.summaryLatest', { time: time(latest.finishedAt), mode: t(`verificationMode.${latest.mode}`), result: result(latest), treeSize: latest.treeSize })}</Typography.Text>
              <Typography.Text type="secondary">
                {latestFull ? t('auditVerification.summaryLatestFull', { time: time(latestFull.finishedAt), result: result(latestFull) }) : t('auditVerification.summaryNoFull', { count: runs.length })}
              </Typography.Text>
            </>
          ) : (
            !loading && <Typography.Text type="secondary">{t('auditVerification.summaryNone')}</Typography.Text>
          )}
        </Space>
        <Space wrap>
          <Tooltip title={t('auditVerification.runIncrementalHint')}>
            <Button type="primary" icon={<SafetyCertificateOutlined />} loading={running === 'incremental'} disabled={running !== undefined} onClick={() => void start('incremental')} data-testid="audit-verify-incremental">
              {t('auditVerification.runIncremental')}
            </Button>
          </Tooltip>
          <Tooltip title={t('auditVerification.runFullHint')}>
            <Button loading={running === 'full'} disabled={running !== undefined} onClick={() => void start('full')} data-testid="audit-verify-full">
              {t('auditVerification.runFull')}
            </Button>
          </Tooltip>
          <Button icon={<ReloadOutlined />} onClick={() => setRefreshTick((n) => n + 1)} aria-label={t('common.refresh')} />
        </Space>
      </div>
      {warned && (
        <Alert
          type="warning"
          showIcon
          data-testid="audit-verification-warning"
          title={t(warning === 'latest-failed' ? 'auditVerification.latestFailed' : 'auditVerification.fullFailed')}
          description={
            <>
              {warned.problem && <div>{warned.problem}</div>}
              <div>{t(warning === 'latest-failed' ? 'auditVerification.latestFailedHint' : 'auditVerification.fullFailedHint')}</div>
            </>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <ErrorAlert error={runError} title={t('auditVerification.runRefused')} testId="audit-verification-error" />
      <ErrorAlert error={error} />
      <div data-testid="audit-verifications-table">
        <Table<VerificationRun>
          rowKey="id"
          columns={columns}
          dataSource={runs}
          loading={loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          size="middle"
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('auditVerification.empty') }}
        />
      </div>
    </>
  );
}
