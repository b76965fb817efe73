import { Modal, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consentsApi } from '../../../api/endpoints';
import type { Consent, FhirConsent } from '../../../api/types';
import { ErrorAlert } from '../../../components/errors';
import { useLoad } from '../../../lib/use-load';

/** The consent as the FHIR R4 Consent resource partners receive, for checking and copying. */
export function ConsentFhirModal({ consent, onClose }: { consent: Consent | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const [resource, setResource] = useState<{ id: string; json: FhirConsent }>();
  const consentId = consent?.id;
  const { loading, error } = useLoad(
    async (signal) => (consentId ? { id: consentId, json: await consentsApi.fhir(consentId, signal) } : undefined),
    setResource,
    [consentId],
  );
  const shown = resource && resource.id === consentId ? JSON.stringify(resource.json, null, 2) : undefined;
  return (
    <Modal open={consent !== undefined} onCancel={onClose} footer={null} width={760} title={t('consent.fhirTitle')}>
      <Typography.Paragraph type="secondary">{t('consent.fhirIntro')}</Typography.Paragraph>
      {consentId && <ErrorAlert error={error} />}
      {!shown && loading && (
        <div className="yx-center">
          <Spin />
        </div>
      )}
      {shown && (
        <Typography.Paragraph copyable={{ text: shown }} style={{ marginBottom: 0 }}>
          <pre
            style={{ maxHeight: '60vh', overflow: 'auto', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12, margin: 0 }}
            data-testid="consent-fhir-json"
          >
            {shown}
          </pre>
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
