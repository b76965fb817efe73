import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mfaApi } from '../../api/endpoints';
import { ApiError } from '../../api/problem';
import type { TotpEnrolment } from '../../api/types';
import { useMe, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/errors';
import { formatDateTime } from '../../lib/format';
import { DisableMfaModal, RegenerateCodesModal } from './mfa-modals';
import { RecoveryCodes } from './recovery-codes';
import { TotpEnrolmentPanel } from './totp-enrolment';

/** Below this many unused recovery codes the card suggests generating new ones. */
const LOW_RECOVERY_CODES = 3;

type Panel =
  | { kind: 'status' }
  | { kind: 'enrolling'; enrolment: TotpEnrolment }
  /** Codes just issued (on enrolment or regeneration), shown this once. */
  | { kind: 'codes'; codes: string[] };

/** 两步验证: turn the TOTP factor on, see its state, renew recovery codes, turn it off where policy allows. */
export function MfaCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { user } = useMe();
  const { reload } = useSession();
  const [panel, setPanel] = useState<Panel>({ kind: 'status' });
  const [modal, setModal] = useState<'regenerate' | 'disable'>();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>();
  const mfa = user.mfa;

  const start = async () => {
    setStarting(true);
    setError(undefined);
    try {
      setPanel({ kind: 'enrolling', enrolment: await mfaApi.startTotp() });
    } catch (err) {
      setError(err);
    } finally {
      setStarting(false);
    }
  };

  const confirm = async (code: string) => {
    try {
      const { recoveryCodes } = await mfaApi.confirmTotp(code);
      setPanel({ kind: 'codes', codes: recoveryCodes });
      void message.success(t('mfa.enabled'));
      // The card stays mounted while the session learns of the factor (and the rest of the console opens).
      void reload();
    } catch (err) {
      // An expired or vanished enrolment cannot be finished: back to the start, with the reason.
      if (err instanceof ApiError && err.code === 'MFA_ENROLMENT_NOT_FOUND') {
        setPanel({ kind: 'status' });
        setError(err);
        return;
      }
      throw err;
    }
  };

  const regenerate = async (code: string) => {
    const { recoveryCodes } = await mfaApi.regenerateRecoveryCodes(code);
    setModal(undefined);
    setPanel({ kind: 'codes', codes: recoveryCodes });
    void reload();
  };

  const disable = async (password: string, code: string) => {
    await mfaApi.disableTotp(password, code);
    setModal(undefined);
    void message.success(t('mfa.disabled'));
    await reload();
  };

  const status = (
    <>
      <Typography.Paragraph type="secondary">{t('mfa.intro')}</Typography.Paragraph>
      {mfa.required && !mfa.enrolled && <Alert type="warning" showIcon title={t('mfa.requiredByPolicy')} style={{ marginBottom: 16 }} />}
      <Descriptions column={1} bordered size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('mfa.status')}>
          <Tag color={mfa.enrolled ? 'green' : 'default'} data-testid="mfa-status">
            {mfa.enrolled ? t('mfa.enrolled') : t('mfa.notEnrolled')}
          </Tag>
        </Descriptions.Item>
        {mfa.enrolled && mfa.enrolledAt && <Descriptions.Item label={t('mfa.enrolledAt')}>{formatDateTime(mfa.enrolledAt, i18n.language)}</Descriptions.Item>}
        {mfa.enrolled && (
          <Descriptions.Item label={t('mfa.recoveryLeft')}>
            <span data-testid="mfa-recovery-left">{t('mfa.recoveryLeftValue', { count: mfa.recoveryCodesLeft })}</span>
            {mfa.recoveryCodesLeft <= LOW_RECOVERY_CODES && (
              <Typography.Text type="warning" style={{ marginLeft: 8 }}>
                {t('mfa.recoveryLow')}
              </Typography.Text>
            )}
          </Descriptions.Item>
        )}
      </Descriptions>
      {mfa.enrolled ? (
        <Space wrap>
          <Button onClick={() => setModal('regenerate')} data-testid="mfa-regenerate">
            {t('mfa.regenerate')}
          </Button>
          {/* The server refuses it too (409 MFA_REQUIRED_BY_POLICY); the button is not offered at all. */}
          {!mfa.required && (
            <Button danger onClick={() => setModal('disable')} data-testid="mfa-disable">
              {t('mfa.disable')}
            </Button>
          )}
        </Space>
      ) : (
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={starting} onClick={() => void start()} data-testid="mfa-enrol">
          {t('mfa.enrol')}
        </Button>
      )}
      {mfa.enrolled && mfa.required && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('mfa.disableBlocked')}
        </Typography.Paragraph>
      )}
    </>
  );

  return (
    <Card title={t('mfa.title')} data-testid="mfa-card" data-enrolled={String(mfa.enrolled)}>
      <ErrorAlert error={error} testId="mfa-card-error" />
      {panel.kind === 'status' && status}
      {panel.kind === 'enrolling' && (
        <TotpEnrolmentPanel enrolment={panel.enrolment} confirm={confirm} onCancel={() => setPanel({ kind: 'status' })} />
      )}
      {panel.kind === 'codes' && <RecoveryCodes codes={panel.codes} account={user.username} onDone={() => setPanel({ kind: 'status' })} />}
      <RegenerateCodesModal open={modal === 'regenerate'} submit={regenerate} onClose={() => setModal(undefined)} />
      <DisableMfaModal open={modal === 'disable'} submit={disable} onClose={() => setModal(undefined)} />
    </Card>
  );
}
