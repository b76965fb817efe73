import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Result, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { grantsApi } from '../api/endpoints';
import type { Grant } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { PageSpinner } from '../components/page-spinner';
import { useLoad } from '../lib/use-load';
import { useCatalogFields, useCatalogNames } from './patients/use-catalog';
import { mayRevoke } from './sharing/display';
import { GrantDetails } from './sharing/grant-details';
import { PackagesPanel } from './sharing/packages-panel';
import { RevokeModal } from './sharing/revoke-modal';
import { useCatalogOwners, useDirectory, useSharingSettings, useUserNames, useViewer } from './sharing/use-sharing';

/**
 * One grant, where notices about it lead. Whoever may see it (readers of all grants, its grantee, the
 * requester of its share request, the head of the department owning its data) sees it in full, with
 * its export packages; the head and the information administrator may revoke it.
 */
export default function GrantPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const { can } = useSession();
  const [grant, setGrant] = useState<Grant>();
  const [revoking, setRevoking] = useState(false);
  const directory = useDirectory();
  const viewer = useViewer(directory);
  const owners = useCatalogOwners();
  const { purposeLabel } = useSharingSettings();
  const catalogNames = useCatalogNames();
  const fields = useCatalogFields(grant ? [grant.catalogCode] : []);
  const names = useUserNames(grant ? [grant.createdBy, ...(grant.statusChangedBy ? [grant.statusChangedBy] : []), ...(grant.grantee.kind === 'user' ? [grant.grantee.id] : [])] : []);

  const { loading, error } = useLoad((signal) => grantsApi.get(id, signal).catch((cause: unknown) => (cause instanceof ApiError && cause.status === 404 ? undefined : Promise.reject(cause))), setGrant, [id]);

  if (loading) return <PageSpinner />;
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
          {mayRevoke(grant, { canWrite: can('grant:write'), canRevoke: can('grant:revoke'), departmentCode: viewer.departmentCode }, owners) && (
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
      {grant.channel === 'export' && <PackagesPanel grant={grant} />}
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
