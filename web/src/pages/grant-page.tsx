import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Result, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router-dom';
import { feedbackApi, grantsApi } from '../api/endpoints';
import type { Grant } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { PageSpinner } from '../components/page-spinner';
import { useLoad } from '../lib/use-load';
import { useCatalogFields, useCatalogNames } from './patients/use-catalog';
import { revocable } from './sharing/display';
import { GrantDetails } from './sharing/grant-details';
import { RevokeModal } from './sharing/revoke-modal';
import { useDirectory, useSharingSettings, useUserNames } from './sharing/use-sharing';

/**
 * One grant, where notices about it lead. Readers of grants see it in full (and may revoke it); a requester,
 * who may not read grants, is taken to the share request the grant came from.
 */
export default function GrantPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const { can } = useSession();
  const mayRead = can('grant:read');
  const [grant, setGrant] = useState<Grant>();
  const [requestId, setRequestId] = useState<string | null>();
  const [revoking, setRevoking] = useState(false);
  const directory = useDirectory();
  const { purposeLabel } = useSharingSettings();
  const catalogNames = useCatalogNames();
  const fields = useCatalogFields(grant ? [grant.catalogCode] : []);
  const names = useUserNames(grant ? [grant.createdBy, ...(grant.statusChangedBy ? [grant.statusChangedBy] : []), ...(grant.grantee.kind === 'user' ? [grant.grantee.id] : [])] : []);

  const { loading, error } = useLoad(
    async (signal) => {
      if (mayRead) return { grant: await grantsApi.get(id, signal), requestId: undefined };
      // The requester finds the grant among the feedback items of their own requests.
      const { items } = await feedbackApi.list({ scope: 'mine' }, signal);
      return { grant: undefined, requestId: items.find((item) => item.grantId === id)?.requestId ?? null };
    },
    (found) => {
      setGrant(found.grant);
      setRequestId(found.requestId);
    },
    [id, mayRead],
  );

  if (loading) return <PageSpinner />;
  if (requestId) return <Navigate to={`/share-requests/${encodeURIComponent(requestId)}`} replace />;
  if (!grant) {
    return error ? (
      <Card>
        <ErrorAlert error={error} />
      </Card>
    ) : (
      <Result status="404" title={t('grant.notFound')} extra={<Link to="/">{t('error.goHome')}</Link>} />
    );
  }
  return (
    <Card
      title={t('grant.detailTitle')}
      extra={
        <Space>
          {can('grant:revoke') && revocable(grant) && (
            <Button danger onClick={() => setRevoking(true)} data-testid={`grant-revoke-${grant.id}`}>
              {t('grant.revoke')}
            </Button>
          )}
          <Link to="/grants">
            <Button icon={<ArrowLeftOutlined />}>{t('grant.backToList')}</Button>
          </Link>
        </Space>
      }
    >
      <GrantDetails grant={grant} directory={directory} names={names} purposeLabel={purposeLabel} catalogNames={catalogNames} fields={fields[grant.catalogCode]} />
      <RevokeModal
        grantId={revoking ? grant.id : undefined}
        onClose={() => setRevoking(false)}
        onRevoked={(revoked) => {
          setRevoking(false);
          setGrant(revoked);
          void message.success(t('grant.revoked'));
        }}
      />
    </Card>
  );
}
