import { AlertOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Popconfirm, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { emergencyApi } from '../../api/endpoints';
import type { EmergencyAccess, EmergencySettings } from '../../api/types';
import { useErrorText } from '../../components/errors';
import { FormModal } from '../../components/form-modal';
import { formatDateTime } from '../../lib/format';
import { testId } from '../../lib/test-id';
import { formatCountdown, reasonLength, remainingMs } from './emergency-window';

interface ReasonValues {
  reason: string;
}

/**
 * 紧急访问: the clinical reason (at least the configured length), a plain warning that the window is
 * time-boxed, flagged, audited and reviewed, then POST /emergency-access.
 */
export function EmergencyDialog({
  open,
  patientId,
  settings,
  onOpened,
  onClose,
}: {
  open: boolean;
  patientId: string;
  settings: EmergencySettings;
  onOpened: (window: EmergencyAccess) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const min = settings.minReasonLength;
  return (
    <FormModal<ReasonValues, never>
      open={open}
      record={undefined}
      valuesOf={() => ({})}
      title={
        <Space>
          <AlertOutlined style={{ color: '#ff4d4f' }} />
          {t('emergency.title')}
        </Space>
      }
      testIdPrefix="emergency-form"
      bodyTestId
      fields={['reason']}
      initialValues={{ reason: '' }}
      okText={t('emergency.submit')}
      okDanger
      submit={async ({ reason }) => onOpened(await emergencyApi.open(patientId, reason.trim()))}
      onClose={onClose}
    >
      <Alert type="warning" showIcon title={t('emergency.warning', { minutes: settings.windowMinutes })} style={{ marginBottom: 16 }} data-testid="emergency-warning" />
      <Typography.Paragraph type="secondary">{t('emergency.patient', { id: patientId })}</Typography.Paragraph>
      <Form.Item
        name="reason"
        label={t('emergency.reason')}
        rules={[
          { required: true, whitespace: true, message: t('emergency.reasonRequired') },
          {
            validator: async (_, value: string | undefined) => {
              if (value && value.trim() && reasonLength(value) < min) throw new Error(t('emergency.reasonTooShort', { min }));
            },
          },
        ]}
      >
        <Input.TextArea rows={4} maxLength={1000} showCount placeholder={t('emergency.reasonPlaceholder')} data-testid="emergency-reason" />
      </Form.Item>
    </FormModal>
  );
}

/** The current time, ticking every `intervalMs`. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The red banner over the patient view while an emergency window is open: time left (mm:ss, or h:mm:ss),
 * when it ends, and a button to end it early. `onEnded` runs once when it is closed or runs out.
 */
export function EmergencyBanner({ window, onEnded }: { window: EmergencyAccess; onEnded: (reason: 'closed' | 'expired') => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const now = useNow(1000);
  const [closing, setClosing] = useState(false);
  const left = remainingMs(window.expiresAt, now);
  const ended = useRef(false);

  useEffect(() => {
    if (left > 0 || ended.current) return;
    ended.current = true;
    void message.warning(t('emergency.expired'));
    onEnded('expired');
  }, [left, message, onEnded, t]);

  const close = async () => {
    setClosing(true);
    try {
      await emergencyApi.close(window.id);
      ended.current = true;
      void message.success(t('emergency.closed'));
      onEnded('closed');
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setClosing(false);
    }
  };

  return (
    <Alert
      type="error"
      showIcon
      icon={<AlertOutlined />}
      data-testid="emergency-banner"
      style={{ marginBottom: 16 }}
      title={
        <Space size="middle" wrap>
          <Typography.Text strong>{t('emergency.activeTitle')}</Typography.Text>
          <span className="yx-countdown" data-testid="emergency-countdown" aria-live="off">
            {t('emergency.remaining', { time: formatCountdown(left) })}
          </span>
        </Space>
      }
      description={t('emergency.activeDetail', { expiresAt: formatDateTime(window.expiresAt, i18n.language), reason: window.reason })}
      action={
        <Popconfirm title={t('emergency.closeConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} okButtonProps={{ danger: true, ...testId('emergency-close-confirm') }} onConfirm={() => void close()}>
          <Button danger loading={closing} data-testid="emergency-close">
            {t('emergency.close')}
          </Button>
        </Popconfirm>
      }
    />
  );
}
