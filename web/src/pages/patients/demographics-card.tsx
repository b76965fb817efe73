import { Alert, Card, Descriptions, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PresentedRecord } from '../../api/types';
import { genderLabel } from './display';
import { ageAt, DEMOGRAPHIC_FIELDS, demographics, type Demographics } from './fhir-summary';
import type { RecordContext } from './record-line';
import { BasisTag, MaskedRecordTag, MaskedValue } from './record-tags';

/** Who the patient is, as far as the reader may see: masked fields stay masked, named by their catalog field. */
export function DemographicsCard({ record, patientId, fields }: { record: PresentedRecord | null; patientId: string; fields: RecordContext['catalogFields'][string] | undefined }) {
  const { t } = useTranslation();
  if (!record) {
    return (
      <Card size="small" title={t('patientView.demographics')} style={{ marginBottom: 16 }}>
        <Alert type="info" showIcon title={t('patientView.patientHidden')} data-testid="patient-hidden" />
      </Card>
    );
  }
  const d = demographics(record.resource);
  const value = (key: keyof Demographics, text: string | null) => (
    <MaskedValue masked={record.masked.filter((m) => m.field === DEMOGRAPHIC_FIELDS[key])} fields={fields}>
      {text ?? '—'}
    </MaskedValue>
  );
  const age = ageAt(d.birthDate, new Date());
  return (
    <Card
      size="small"
      title={
        <Space size={12}>
          <Typography.Text strong style={{ fontSize: 18 }} data-testid="patient-name">
            {value('name', d.name)}
          </Typography.Text>
          <Typography.Text type="secondary">
            {[genderLabel(t, d.gender), age !== null ? t('patients.age', { age }) : null].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space size={4}>
          <BasisTag basis={record.basis} />
          <MaskedRecordTag record={record} fields={fields} />
        </Space>
      }
      style={{ marginBottom: 16 }}
      data-testid="patient-demographics"
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, xxl: 3 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('patients.gender')}>{value('gender', genderLabel(t, d.gender))}</Descriptions.Item>
        <Descriptions.Item label={t('patients.birthDate')}>{value('birthDate', d.birthDate)}</Descriptions.Item>
        <Descriptions.Item label={t('patients.mrn')}>{value('mrn', d.mrn)}</Descriptions.Item>
        <Descriptions.Item label={t('patients.idNumber')}>{value('idNumber', d.idNumber)}</Descriptions.Item>
        <Descriptions.Item label={t('patients.phone')}>{value('phone', d.phone)}</Descriptions.Item>
        <Descriptions.Item label={t('patients.address')}>{value('address', d.address)}</Descriptions.Item>
        <Descriptions.Item label={t('patientView.patientId')}>
          <Typography.Text copyable style={{ fontSize: 12 }}>
            {patientId}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
