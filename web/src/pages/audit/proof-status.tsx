import { LoadingOutlined } from '@ant-design/icons';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProofCheck } from './inclusion-proof';

/**
 * What the browser could establish about an entry's inclusion proof. Only a proof recomputed here
 * gets the green mark; SM3 proofs and browsers without WebCrypto say so instead of claiming success.
 */
export function ProofStatus({ check }: { check: ProofCheck | 'checking' }) {
  const { t } = useTranslation();
  const common = { showIcon: true, 'data-testid': 'audit-proof-status' } as const;
  if (check === 'checking') {
    return <Alert {...common} data-status="checking" type="info" icon={<LoadingOutlined />} title={t('auditProof.checking')} />;
  }
  switch (check.status) {
    case 'verified':
      return (
        <Alert
          {...common}
          data-status="verified"
          type="success"
          title={t('auditProof.verified', { treeSize: check.treeSize })}
          description={t('auditProof.verifiedDetail', { count: check.pathLength })}
        />
      );
    case 'mismatch':
      return (
        <Alert
          {...common}
          data-status="mismatch"
          type="error"
          title={t('auditProof.mismatch', { treeSize: check.treeSize })}
          description={t('auditProof.mismatchDetail')}
        />
      );
    case 'malformed':
      return <Alert {...common} data-status="malformed" type="error" title={t('auditProof.malformed')} description={t('auditProof.malformedDetail')} />;
    case 'server-only':
      return (
        <Alert {...common} data-status="server-only" type="info" title={t('auditProof.serverOnly')} description={t('auditProof.serverOnlyDetail')} />
      );
    case 'no-webcrypto':
      return (
        <Alert {...common} data-status="no-webcrypto" type="warning" title={t('auditProof.noWebCrypto')} description={t('auditProof.noWebCryptoDetail')} />
      );
    case 'unsupported':
      return (
        <Alert
          {...common}
          data-status="unsupported"
          type="warning"
          title={t('auditProof.unsupported', { algorithm: check.algorithm })}
          description={t('auditProof.unsupportedDetail')}
        />
      );
  }
}
