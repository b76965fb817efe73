import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Input, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { patientsApi } from '../api/endpoints';
import type { PresentedRecord } from '../api/types';
import { ErrorAlert } from '../components/errors';
import { LoadMorePager } from '../components/load-more-pager';
import { testId } from '../lib/test-id';
import { useCursorList } from '../lib/use-cursor-list';
import { ageAt, DEMOGRAPHIC_FIELDS, demographics, type Demographics } from './patients/fhir-summary';
import { genderLabel, isPatientId, MAX_QUERY, patientLink, recordKey } from './patients/display';
import { PurposeSelect } from './patients/purpose-select';
import { usePurpose } from './patients/purpose';
import { BasisTag, MaskedRecordTag, MaskedValue } from './patients/record-tags';
import { useAccessSettings } from './patients/use-access-settings';
import { useCatalogFields } from './patients/use-catalog';

const PAGE_SIZE = 20;

export default function PatientsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { settings, error: settingsError } = useAccessSettings();
  const [purpose, setPurpose] = usePurpose(settings.purposes);
  const [searchParams, setSearchParams] = useSearchParams();
  // The search lives in the address, so the back button from a patient returns to the same list.
  const q = (searchParams.get('q') ?? '').trim().slice(0, MAX_QUERY) || undefined;
  const [searchText, setSearchText] = useState(q ?? '');
  const [openId, setOpenId] = useState('');

  useEffect(() => setSearchText(q ?? ''), [q]);

  const list = useCursorList((cursor?: string, signal?: AbortSignal) => patientsApi.search({ q, limit: PAGE_SIZE, cursor }, purpose, signal), recordKey, [q, purpose]);
  const { items } = list;
  const total = list.last?.total ?? 0;
  const totalExact = list.last?.totalExact !== false;

  const fields = useCatalogFields(items.some((r) => r.masked.length > 0 || r.omitted.length > 0) ? ['CLIN_PATIENT'] : []).CLIN_PATIENT;

  const cell = (record: PresentedRecord, key: keyof Demographics, text: string | null) => (
    <MaskedValue masked={record.masked.filter((m) => m.field === DEMOGRAPHIC_FIELDS[key])} fields={fields}>
      {text ?? '—'}
    </MaskedValue>
  );

  const columns: TableColumnsType<PresentedRecord> = [
    {
      title: t('patients.name'),
      key: 'name',
      width: 140,
      render: (_, r) => {
        const link = patientLink(r);
        const name = cell(r, 'name', demographics(r.resource).name);
        return link ? (
          <Link to={link} onClick={(e) => e.stopPropagation()} data-testid="patient-open">
            {name}
          </Link>
        ) : (
          <Tooltip title={t('patients.pseudonymous')}>{name}</Tooltip>
        );
      },
    },
    { title: t('patients.gender'), key: 'gender', width: 70, render: (_, r) => cell(r, 'gender', genderLabel(t, demographics(r.resource).gender)) },
    {
      title: t('patients.birthDate'),
      key: 'birthDate',
      width: 150,
      render: (_, r) => {
        const birthDate = demographics(r.resource).birthDate;
        const age = ageAt(birthDate, new Date());
        return (
          <Space size={6}>
            {cell(r, 'birthDate', birthDate)}
            {age !== null && <Typography.Text type="secondary">{t('patients.age', { age })}</Typography.Text>}
          </Space>
        );
      },
    },
    { title: t('patients.mrn'), key: 'mrn', width: 140, render: (_, r) => cell(r, 'mrn', demographics(r.resource).mrn) },
    { title: t('patients.idNumber'), key: 'idNumber', width: 190, render: (_, r) => cell(r, 'idNumber', demographics(r.resource).idNumber) },
    { title: t('patients.phone'), key: 'phone', width: 130, render: (_, r) => cell(r, 'phone', demographics(r.resource).phone) },
    {
      title: t('patients.basis'),
      key: 'basis',
      width: 170,
      render: (_, r) => (
        <Space size={4} wrap>
          <BasisTag basis={r.basis} />
          <MaskedRecordTag record={r} fields={fields} />
        </Space>
      ),
    },
  ];

  const openById = (value: string) => {
    const id = value.trim();
    if (isPatientId(id)) navigate(`/patients/${encodeURIComponent(id)}`);
  };

  return (
    <Card
      title={t('patients.title')}
      extra={
        <Space>
          <PurposeSelect options={settings.purposes} value={purpose} onChange={setPurpose} />
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('patients.intro')}</Typography.Paragraph>
      <div className="yx-toolbar">
        <Input.Search
          allowClear
          enterButton={t('common.search')}
          placeholder={t('patients.searchPlaceholder')}
          aria-label={t('patients.searchPlaceholder')}
          value={searchText}
          maxLength={MAX_QUERY}
          onChange={(e) => setSearchText(e.target.value)}
          onSearch={(value) => {
            const text = value.trim();
            setSearchParams(text ? { q: text } : {}, { replace: true });
            // Searching the same text again reads again (records may have arrived since).
            if ((text || undefined) === q) list.reload();
          }}
          style={{ width: 360 }}
          data-testid="patient-search"
        />
      </div>
      <ErrorAlert error={settingsError} />
      <ErrorAlert error={list.error} />
      <div data-testid="patient-table">
        <Table<PresentedRecord>
          rowKey={recordKey}
          columns={columns}
          dataSource={items}
          loading={list.loading}
          pagination={false}
          size="middle"
          scroll={{ x: 1000 }}
          locale={{ emptyText: q ? t('patients.emptySearch', { q }) : t('patients.empty') }}
          onRow={(r) => {
            const link = patientLink(r);
            return {
              ...testId(`patient-row-${r.patientId ?? r.resource.id ?? ''}`),
              onClick: link ? () => navigate(link) : undefined,
              style: link ? { cursor: 'pointer' } : undefined,
            };
          }}
        />
      </div>
      <LoadMorePager
        list={list}
        label={t('patients.more')}
        testId="patient-more"
        summary={t('patients.count', { total: totalExact ? total : `${total}+`, count: items.length })}
        summaryTestId="patient-count"
      />
      <Card size="small" type="inner" title={t('patients.openById')} style={{ marginTop: 24 }}>
        <Typography.Paragraph type="secondary">{t('patients.openByIdHint')}</Typography.Paragraph>
        <Input.Search
          enterButton={t('patients.open')}
          placeholder={t('patients.openByIdPlaceholder')}
          aria-label={t('patients.openByIdPlaceholder')}
          value={openId}
          maxLength={64}
          status={openId.trim() && !isPatientId(openId.trim()) ? 'error' : undefined}
          onChange={(e) => setOpenId(e.target.value)}
          onSearch={openById}
          style={{ width: 420 }}
          data-testid="patient-open-by-id"
        />
      </Card>
    </Card>
  );
}
