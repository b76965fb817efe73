import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CatalogField, LocalizedName, Narrowing } from '../../api/types';
import { localName } from '../../lib/format';
import { isIdentification } from './display';

/** What a reviewer's narrowing took away, in words. */
export function NarrowingText({ narrowing, catalogNames, catalogFields }: { narrowing: Narrowing | null; catalogNames: ReadonlyMap<string, LocalizedName>; catalogFields: Record<string, CatalogField[]> }) {
  const { t, i18n } = useTranslation();
  if (!narrowing) return null;
  const label = (code: string, name: string) => localName(catalogFields[code]?.find((f) => f.name === name)?.label, i18n.language) || name;
  return (
    <Space orientation="vertical" size={0} data-testid="narrowing-text">
      {Object.entries(narrowing.dropFields ?? {}).map(([code, fields]) => (
        <Typography.Text key={code} style={{ fontSize: 12 }}>
          {t('narrowing.dropped', { resource: localName(catalogNames.get(code), i18n.language) || code, fields: fields.map((f) => label(code, f)).join(t('narrowing.separator')) })}
        </Typography.Text>
      ))}
      {narrowing.accessDays !== undefined && <Typography.Text style={{ fontSize: 12 }}>{t('narrowing.accessDays', { count: narrowing.accessDays })}</Typography.Text>}
      {narrowing.patientIds && <Typography.Text style={{ fontSize: 12 }}>{t('narrowing.patients', { count: narrowing.patientIds.length })}</Typography.Text>}
      {narrowing.identification && (
        <Typography.Text style={{ fontSize: 12 }}>
          {t('narrowing.identification', { level: isIdentification(narrowing.identification) ? t(`identification.${narrowing.identification}`) : narrowing.identification })}
        </Typography.Text>
      )}
    </Space>
  );
}
