import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Space, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors';
import { useLoad } from '../../lib/use-load';
import { browserDigester, checkInclusionProof, type ProofCheck } from '../audit/inclusion-proof';
import { ProofStatus } from '../audit/proof-status';
import { asInclusionProof, serverChecks, verificationOutcome } from './display';
import type { QuarterId } from './quarter';
import type { ReportVerification } from './report-model';
import { reportsApi } from './reports-api';
import { Section } from './section';

interface Result {
  verification: ReportVerification;
  proof: ProofCheck;
}

/** Asks the server to check the report, then recomputes the audit entry's inclusion proof in this browser. */
async function verify(quarter: QuarterId, signal: AbortSignal): Promise<Result> {
  const verification = await reportsApi.verify(quarter, signal);
  const proof = asInclusionProof(verification.proof);
  return { verification, proof: proof ? await checkInclusionProof(proof, browserDigester()) : { status: 'malformed', treeSize: 0 } };
}

const OUTCOME_TYPE = { passed: 'success', partial: 'warning', failed: 'error' } as const;

function OutcomeAlert({ result }: { result: Result }) {
  const { t } = useTranslation();
  const outcome = verificationOutcome(result.verification, result.proof);
  return <Alert showIcon type={OUTCOME_TYPE[outcome]} title={t(`reports.verify.outcome.${outcome}`)} data-testid="report-verification-outcome" data-status={outcome} style={{ marginBottom: 12 }} />;
}

/**
 * 验证: what an auditor checks on an issued report — the stored report against its hash, the
 * signature, the audit entry that recorded the hash, and that entry's inclusion in the signed log.
 * The last is recomputed here, independently of the server's code.
 */
export function VerificationPanel({ quarter }: { quarter: QuarterId }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<Result>();
  const [tick, setTick] = useState(0);
  const { loading, error } = useLoad((signal) => verify(quarter, signal), setResult, [quarter, tick]);

  return (
    <Section id="verification" title={t('reports.verify.title')}>
      <div data-testid="report-verification">
        <ErrorAlert error={error} />
        {loading && !result ? (
          <Spin />
        ) : (
          result && (
            <>
              <OutcomeAlert result={result} />
              <Descriptions
                size="small"
                bordered
                column={1}
                style={{ marginBottom: 12 }}
                items={serverChecks(result.verification).map(({ check, ok }) => ({
                  key: check,
                  label: t(`reports.verify.check.${check}`, { seq: result.verification.auditSeq }),
                  children: (
                    <Space data-testid={`report-check-${check}`} data-ok={ok ? 'true' : 'false'}>
                      {ok ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <CloseCircleFilled style={{ color: '#ff4d4f' }} />}
                      {ok ? t('reports.verify.ok') : t('reports.verify.notOk')}
                    </Space>
                  ),
                }))}
              />
              <ProofStatus check={result.proof} />
            </>
          )
        )}
        <Button icon={<SafetyCertificateOutlined />} onClick={() => setTick((n) => n + 1)} loading={loading} style={{ marginTop: 12 }} data-testid="report-verify-again">
          {t('reports.verify.again')}
        </Button>
      </div>
    </Section>
  );
}
