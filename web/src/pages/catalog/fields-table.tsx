import { Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogField } from '../../api/types';
import { localName } from '../../lib/format';
import { testId } from '../../lib/test-id';
import { IdentifierKindTag, LevelTag } from './catalog-tags';
import { fhirPathBranches, isFieldType } from './display';

/** The field dictionary: each field's label, type, sensitivity and where it sits in the FHIR resource. */
export function FieldsTable({ fields }: { fields: readonly CatalogField[] }) {
  const { t, i18n } = useTranslation();
  const columns: TableColumnsType<CatalogField> = [
    {
      title: t('resource.fieldName'),
      key: 'name',
      width: 220,
      render: (_, field) => <Typography.Text code>{field.name}</Typography.Text>,
    },
    {
      title: t('resource.fieldLabel'),
      key: 'label',
      width: 170,
      render: (_, field) => {
        const description = localName(field.description, i18n.language);
        const label = localName(field.label, i18n.language);
        return description ? (
          <Tooltip title={description}>
            <span style={{ borderBottom: '1px dotted rgba(0,0,0,0.45)' }}>{label}</span>
          </Tooltip>
        ) : (
          label
        );
      },
    },
    { title: t('resource.fieldType'), key: 'type', width: 110, render: (_, field) => (isFieldType(field.type) ? t(`fieldType.${field.type}`) : field.type) },
    {
      title: t('resource.fieldLevel'),
      key: 'level',
      width: 90,
      sorter: (a, b) => a.level - b.level,
      render: (_, field) => <LevelTag level={field.level} />,
    },
    { title: t('resource.identifierKind'), key: 'identifierKind', width: 120, render: (_, field) => <IdentifierKindTag kind={field.identifierKind} /> },
    {
      title: t('resource.fhirPath'),
      key: 'fhirPath',
      render: (_, field) => (
        <div>
          {fhirPathBranches(field.fhirPath).map((branch, i) => (
            <div key={`${branch}-${i}`}>
              <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {branch}
              </Typography.Text>
            </div>
          ))}
        </div>
      ),
    },
  ];
  return (
    <div data-testid="resource-fields-table">
      <Table<CatalogField>
        rowKey="name"
        columns={columns}
        dataSource={[...fields]}
        pagination={false}
        size="small"
        scroll={{ x: 900 }}
        onRow={(field) => testId(`resource-field-${field.name}`)}
        footer={() => t('resource.fieldsCount', { count: fields.length })}
      />
    </div>
  );
}
