import { Space, Tag, Typography } from 'antd';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogField, LocalizedName, PresentedRecord } from '../../api/types';
import { localName } from '../../lib/format';
import { dayOf, maskedAt, recordDate, recordDepartment, summarize, timeOf, type SummaryPart } from './fhir-summary';
import { BasisTag, MaskedRecordTag, MaskedValue } from './record-tags';

export interface RecordContext {
  catalogNames: Map<string, LocalizedName>;
  catalogFields: Record<string, CatalogField[]>;
  departmentName: (code: string) => string;
}

/**
 * One record of the timeline: time, catalog resource, department, access basis, and a short summary;
 * masked pieces are underlined with the reason on hover, and a read under emergency access is flagged red.
 * `showDate` shows the whole date (lists not grouped by day).
 */
export function RecordLine({ record, context, showDate = false }: { record: PresentedRecord; context: RecordContext; showDate?: boolean }) {
  const { t, i18n } = useTranslation();
  const { resource } = record;
  const fields = context.catalogFields[record.catalogCode];
  const summary = summarize(resource);
  const date = recordDate(resource);
  const department = recordDepartment(resource);
  const catalogName = localName(context.catalogNames.get(record.catalogCode), i18n.language) || record.catalogCode;

  const piece = (p: SummaryPart) => (
    <MaskedValue masked={maskedAt(resource.resourceType, p.element, record.masked, fields)} fields={fields}>
      {p.text}
    </MaskedValue>
  );
  const time = date ? timeOf(date.text, i18n.language) : null;
  // Grouped by day, the time is enough; a date without a time (or masked to its year) is shown as it is.
  const when = date ? (showDate ? [dayOf(date.text), time].filter(Boolean).join(' ') : (time ?? date.text)) : null;

  return (
    <div
      className={record.emergency ? 'yx-record yx-record-emergency' : 'yx-record'}
      data-testid="timeline-record"
      data-catalog={record.catalogCode}
      data-basis={record.basis}
      data-emergency={record.emergency ? 'true' : 'false'}
    >
      <Space size={[8, 4]} wrap>
        {when && date && <Typography.Text type="secondary">{piece({ text: when, element: date.element })}</Typography.Text>}
        <Typography.Text strong data-testid="record-resource">
          {catalogName}
        </Typography.Text>
        <Tag style={{ marginInlineEnd: 0 }}>{department ? context.departmentName(department) : t('patientView.noDepartment')}</Tag>
        <BasisTag basis={record.basis} />
        <MaskedRecordTag record={record} fields={fields} />
      </Space>
      {(summary.title || summary.details.length > 0) && (
        <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-line' }} ellipsis={{ rows: 3, expandable: 'collapsible' }} data-testid="record-summary">
          {summary.title && <Typography.Text>{piece(summary.title)}</Typography.Text>}
          {summary.details.map((detail, index) => (
            <Fragment key={`${detail.element}-${index}`}>
              {(summary.title || index > 0) && <Typography.Text type="secondary"> · </Typography.Text>}
              {piece(detail)}
            </Fragment>
          ))}
        </Typography.Paragraph>
      )}
    </div>
  );
}
