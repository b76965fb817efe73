import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patientsApi } from '../../api/endpoints';
import type { PresentedRecord } from '../../api/types';
import { ErrorAlert } from '../../components/errors';
import { usePurpose } from '../patients/purpose';
import { PurposeSelect } from '../patients/purpose-select';
import { demographics } from '../patients/fhir-summary';
import { useAccessSettings } from '../patients/use-access-settings';

const MAX_HITS = 10;

/** A hit's label: name and MRN as the reader may see them (masked values stay masked). */
export function hitLabel(record: PresentedRecord): { id: string; name: string; mrn: string } | null {
  const id = record.patientId ?? (record.resource.resourceType === 'Patient' ? (record.resource.id as string | undefined) : undefined);
  if (!id) return null;
  const d = demographics(record.resource);
  return { id, name: d.name ?? '—', mrn: d.mrn ?? '—' };
}

/**
 * Finds patients for an explicit patient scope by exact MRN, ID card number, phone or full name,
 * through the patient search (blind index; only patients the requester may see, for the purpose
 * chosen; each search is a data read and audited). Picked patients are added to the scope by id.
 */
export function PatientPicker({ selected, onAdd }: { selected: readonly string[]; onAdd: (patientId: string) => void }) {
  const { t } = useTranslation();
  const { settings } = useAccessSettings();
  const [purpose, setPurpose] = usePurpose(settings.purposes);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ id: string; name: string; mrn: string }[] | undefined>();
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<unknown>();

  const search = async (text: string) => {
    const q = text.trim();
    if (!q) return;
    setSearching(true);
    setError(undefined);
    try {
      const page = await patientsApi.search({ q, limit: MAX_HITS }, purpose);
      setHits(page.items.map(hitLabel).filter((hit): hit is NonNullable<typeof hit> => hit !== null));
    } catch (cause) {
      setError(cause);
      setHits(undefined);
    } finally {
      setSearching(false);
    }
  };

  return (
    <div style={{ marginBottom: 12 }} data-testid="patient-picker">
      <Space wrap style={{ marginBottom: 8 }}>
        <Input.Search
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onSearch={(value) => void search(value)}
          loading={searching}
          allowClear
          maxLength={64}
          placeholder={t('wizard.pickerPlaceholder')}
          style={{ width: 320 }}
          data-testid="patient-picker-query"
        />
        <PurposeSelect options={settings.purposes} value={purpose} onChange={setPurpose} />
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('wizard.pickerHint')}
      </Typography.Paragraph>
      <ErrorAlert error={error} />
      {hits !== undefined && (
        <List
          size="small"
          bordered
          dataSource={hits}
          locale={{ emptyText: t('wizard.pickerEmpty') }}
          data-testid="patient-picker-hits"
          renderItem={(hit) => {
            const added = selected.includes(hit.id);
            return (
              <List.Item
                data-testid={`patient-hit-${hit.id}`}
                actions={[
                  <Button key="add" size="small" icon={<PlusOutlined />} disabled={added} onClick={() => onAdd(hit.id)} data-testid={`patient-add-${hit.id}`}>
                    {added ? t('wizard.pickerAdded') : t('wizard.pickerAdd')}
                  </Button>,
                ]}
              >
                <Space>
                  <Typography.Text strong>{hit.name}</Typography.Text>
                  <Typography.Text type="secondary">{t('wizard.pickerMrn', { mrn: hit.mrn })}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {hit.id}
                  </Typography.Text>
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </div>
  );
}
