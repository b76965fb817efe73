import { InboxOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Progress, Row, Space, Statistic, Switch, Table, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fhirApi } from '../api/endpoints';
import { outcomeText } from '../api/fhir';
import { ErrorAlert } from '../components/errors';
import { formatBytes } from '../lib/format';
import {
  BATCH_SIZE,
  planImport,
  resultsFromRefusal,
  resultsFromResponse,
  sourceKey,
  sourceOrder,
  totalsOf,
  type EntryOutcome,
  type EntryProblem,
  type EntryResult,
  type ImportPlan,
  type ImportRequest,
} from './import/ingest';

type PlanError = Extract<ImportPlan, { kind: 'error' }>;

/** A request the server refused as a whole (not entry by entry). */
interface Refusal {
  batch: number;
  status: number;
  transaction: boolean;
  problems: EntryProblem[];
}

interface Run {
  file: { name: string; size: number };
  description?: { kind: 'bundle'; type: string; entries: number } | { kind: 'ndjson'; resources: number; batches: number };
  planError?: PlanError | { kind: 'error'; reason: 'read'; detail: string };
  batchesDone: number;
  batchesTotal: number;
  running: boolean;
  /** Stop was pressed: the batch in flight finishes, no further batch is sent. */
  stopping?: boolean;
  cancelled: boolean;
  results: EntryResult[];
  refusals: Refusal[];
  error?: unknown;
}

function plannedEntries(plan: Exclude<ImportPlan, { kind: 'error' }>): number {
  return plan.kind === 'bundle' ? plan.request.sources.length : plan.resources + plan.refusedLines.length;
}

const OUTCOME_COLORS: Record<EntryOutcome, string> = { created: 'success', updated: 'processing', refused: 'error' };

function ProblemList({ problems }: { problems: readonly EntryProblem[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return <>—</>;
  return (
    <Space orientation="vertical" size={2}>
      {problems.map((problem, i) => (
        <div key={i}>
          {problem.local ? t(`import.problem.${problem.local}`) : problem.text}
          {problem.expression && (
            <div>
              <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {problem.expression}
              </Typography.Text>
            </div>
          )}
        </div>
      ))}
    </Space>
  );
}

export default function ImportPage() {
  const { t, i18n } = useTranslation();
  const [run, setRun] = useState<Run>();
  const [onlyProblems, setOnlyProblems] = useState(false);
  /** The run in progress: leaving the page aborts its request; "stop" lets the batch in flight finish. */
  const current = useRef<{ abort: AbortController; stop: boolean } | undefined>(undefined);

  useEffect(() => () => current.current?.abort.abort(), []);

  const start = async (file: File) => {
    current.current?.abort.abort();
    const abort = new AbortController();
    const self = { abort, stop: false };
    current.current = self;
    // Updates from a run that has since been replaced are dropped.
    const update = (patch: Partial<Run>) => {
      if (current.current === self) setRun((shown) => (shown ? { ...shown, ...patch } : shown));
    };
    setOnlyProblems(false);
    const base: Run = { file: { name: file.name, size: file.size }, batchesDone: 0, batchesTotal: 0, running: true, cancelled: false, results: [], refusals: [] };
    setRun(base);

    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      update({ running: false, planError: { kind: 'error', reason: 'read', detail: err instanceof Error ? err.message : String(err) } });
      return;
    }
    const plan = planImport(text);
    if (plan.kind === 'error') {
      update({ running: false, planError: plan });
      return;
    }

    const requests: ImportRequest[] = plan.kind === 'bundle' ? [plan.request] : plan.requests;
    let results: EntryResult[] = plan.kind === 'ndjson' ? [...plan.refusedLines] : [];
    const refusals: Refusal[] = [];
    update({
      description:
        plan.kind === 'bundle'
          ? { kind: 'bundle', type: plan.request.bundle.type, entries: plan.request.sources.length }
          : { kind: 'ndjson', resources: plan.resources, batches: plan.requests.length },
      batchesTotal: requests.length,
      results,
    });

    // One batch after another: the server sees the patients of a file before the records that point at them.
    for (const [index, request] of requests.entries()) {
      if (self.stop || abort.signal.aborted) break;
      try {
        const answer = await fhirApi.ingest(request.bundle, abort.signal);
        if (answer.ok) {
          results = [...results, ...resultsFromResponse(request, answer.bundle)];
        } else if (answer.status === 401 || answer.status === 403) {
          // Without the permission (or the session) every remaining batch would be refused the same way.
          const reason = outcomeText(answer.outcome).join(' ');
          update({ results, refusals: [...refusals], batchesDone: index, running: false, error: new Error(reason || t('error.forbidden')) });
          return;
        } else {
          const refusal = resultsFromRefusal(request, answer.outcome);
          results = [...results, ...refusal.results];
          refusals.push({ batch: index + 1, status: answer.status, transaction: request.bundle.type === 'transaction', problems: refusal.general });
        }
      } catch (err) {
        if (abort.signal.aborted) break;
        update({ results, refusals: [...refusals], batchesDone: index, running: false, error: err });
        return;
      }
      update({ results, refusals: [...refusals], batchesDone: index + 1 });
    }
    update({ results, refusals: [...refusals], running: false, cancelled: self.stop && results.length < plannedEntries(plan) });
  };

  const stop = () => {
    if (!current.current) return;
    current.current.stop = true;
    setRun((shown) => (shown ? { ...shown, stopping: true } : shown));
  };

  const totals = useMemo(() => totalsOf(run?.results ?? []), [run?.results]);
  const rows = useMemo(() => {
    const all = [...(run?.results ?? [])].sort((a, b) => sourceOrder(a.source, b.source));
    return onlyProblems ? all.filter((r) => r.outcome === 'refused') : all;
  }, [run?.results, onlyProblems]);

  const columns: TableColumnsType<EntryResult> = [
    {
      title: t('import.source'),
      key: 'source',
      width: 110,
      render: (_, r) => (r.source.kind === 'line' ? t('import.line', { line: r.source.line }) : t('import.entry', { index: r.source.index })),
    },
    { title: t('import.resourceType'), key: 'type', width: 160, render: (_, r) => r.resourceType ?? '—' },
    {
      title: t('import.status'),
      key: 'status',
      width: 130,
      render: (_, r) => (
        <Tag color={OUTCOME_COLORS[r.outcome]} data-outcome={r.outcome}>
          {r.status !== undefined ? `${r.status} ` : ''}
          {t(`import.${r.outcome}`)}
        </Tag>
      ),
    },
    {
      title: t('import.location'),
      key: 'location',
      width: 400,
      render: (_, r) =>
        r.location ? (
          <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {r.location}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: t('import.problems'), key: 'problems', render: (_, r) => <ProblemList problems={r.problems} /> },
  ];

  const percent = run && run.batchesTotal > 0 ? Math.round((run.batchesDone / run.batchesTotal) * 100) : 0;
  const finished = run !== undefined && !run.running && !run.planError;

  return (
    <Card title={t('import.title')}>
      <Typography.Paragraph type="secondary">{t('import.intro', { size: BATCH_SIZE })}</Typography.Paragraph>
      <Upload.Dragger
        accept=".json,.ndjson,.jsonl,application/json,application/fhir+json,application/x-ndjson"
        multiple={false}
        showUploadList={false}
        disabled={run?.running}
        beforeUpload={(file) => {
          void start(file);
          // Read here in the browser; nothing is uploaded by the component itself.
          return false;
        }}
        data-testid="import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
        <p className="ant-upload-hint">{t('import.dropHint')}</p>
      </Upload.Dragger>

      {run && (
        <div style={{ marginTop: 16 }} data-testid="import-run">
          <Space size={12} wrap style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('import.file', { name: run.file.name, size: formatBytes(run.file.size, i18n.language) })}</Typography.Text>
            {run.description?.kind === 'bundle' && <Typography.Text type="secondary">{t('import.kindBundle', { type: run.description.type, count: run.description.entries })}</Typography.Text>}
            {run.description?.kind === 'ndjson' && (
              <Typography.Text type="secondary">{t('import.kindNdjson', { count: run.description.resources, batches: run.description.batches })}</Typography.Text>
            )}
          </Space>

          {run.planError && (
            <Alert
              type="error"
              showIcon
              title={run.planError.reason === 'read' ? t('import.error.read', { reason: run.planError.detail ?? '' }) : t(`import.error.${run.planError.reason}`, { type: run.planError.detail ?? '' })}
              data-testid="import-error"
            />
          )}

          {!run.planError && run.batchesTotal > 0 && (
            <Space style={{ width: '100%', marginBottom: 8 }} align="center">
              <Progress percent={percent} status={run.running ? 'active' : run.error || run.cancelled || run.refusals.length > 0 ? 'exception' : 'success'} style={{ width: 360 }} data-testid="import-progress" />
              <Typography.Text type="secondary">{t('import.progress', { done: run.batchesDone, total: run.batchesTotal })}</Typography.Text>
              {run.running && (
                <Button icon={<StopOutlined />} onClick={stop} loading={run.stopping} data-testid="import-stop">
                  {t('import.cancel')}
                </Button>
              )}
            </Space>
          )}

          <ErrorAlert error={run.error} />
          {run.cancelled && <Alert type="warning" showIcon title={t('import.cancelled')} style={{ marginBottom: 16 }} />}
          {run.refusals.map((refusal) => (
            <Alert
              key={refusal.batch}
              type="error"
              showIcon
              title={refusal.transaction ? t('import.transactionRefused') : t('import.batchRefused', { batch: refusal.batch, status: refusal.status })}
              description={refusal.problems.length > 0 ? <ProblemList problems={refusal.problems} /> : undefined}
              style={{ marginBottom: 16 }}
              data-testid="import-refusal"
            />
          ))}

          {!run.planError && (
            <>
              <Row gutter={16} style={{ marginBottom: 16 }} data-testid="import-summary" data-finished={finished ? 'true' : 'false'}>
                <Col xs={12} sm={6}>
                  <Statistic title={t('import.created')} value={totals.created} styles={{ content: { color: '#389e0d' } }} data-testid="import-created" />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic title={t('import.updated')} value={totals.updated} styles={{ content: { color: '#0958d9' } }} data-testid="import-updated" />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic title={t('import.refused')} value={totals.refused} styles={{ content: { color: totals.refused > 0 ? '#cf1322' : undefined } }} data-testid="import-refused" />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic title={t('import.total')} value={totals.total} data-testid="import-total" />
                </Col>
              </Row>
              {finished && !run.error && !run.cancelled && run.refusals.length === 0 && (
                <Typography.Paragraph type="success" data-testid="import-done">
                  {t('import.done')}
                </Typography.Paragraph>
              )}
              <Space style={{ marginBottom: 8 }}>
                <Switch checked={onlyProblems} onChange={setOnlyProblems} size="small" data-testid="import-only-problems" />
                <span>{t('import.onlyProblems')}</span>
              </Space>
              <div data-testid="import-results">
                <Table<EntryResult>
                  rowKey={(r) => sourceKey(r.source)}
                  columns={columns}
                  dataSource={rows}
                  pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
                  size="small"
                  scroll={{ x: 1000 }}
                  locale={{ emptyText: t('import.empty') }}
                />
              </div>
            </>
          )}
        </div>
      )}
    </Card>
  );
}
