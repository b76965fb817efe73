import { EyeInvisibleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogField, MaskedField, PresentedRecord } from '../../api/types';
import { localName } from '../../lib/format';
import { basisColor, basisKey, maskedByReason, parseBasis } from './access-basis';

const STRATEGIES = ['name', 'id-number', 'phone', 'address', 'birth-year', 'keep-last-4', 'redact', 'pseudonym'] as const;
type Strategy = (typeof STRATEGIES)[number];
const isStrategy = (value: string): value is Strategy => (STRATEGIES as readonly string[]).includes(value);

/** A catalog field's label in the reader's language; its machine name while the dictionary is not at hand. */
export function fieldLabel(name: string, fields: readonly CatalogField[] | undefined, language: string): string {
  const field = fields?.find((f) => f.name === name);
  return field ? localName(field.label, language) || name : name;
}

function reasonText(t: TFunction, reason: string): string {
  if (reason === 'outside-grant') return t('masking.outsideGrant');
  if (reason === 'profile') return t('masking.profile');
  return t('masking.otherReason', { reason });
}

/** "超出授权范围，已按规则脱敏：姓名（只保留姓氏）", one line per reason. */
export function maskedLines(t: TFunction, masked: readonly MaskedField[], fields: readonly CatalogField[] | undefined, language: string): string[] {
  return maskedByReason(masked).map(({ reason, fields: group }) =>
    t('masking.tooltip', {
      reason: reasonText(t, reason),
      fields: group
        .map((m) => {
          const label = fieldLabel(m.field, fields, language);
          return isStrategy(m.strategy) ? t('masking.fieldWithStrategy', { field: label, strategy: t(`masking.strategy.${m.strategy}`) }) : label;
        })
        .join(t('masking.separator')),
    }),
  );
}

function Lines({ lines }: { lines: string[] }) {
  return (
    <>
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </>
  );
}

/** 部门 / 诊疗关系 / 授权 / 紧急访问, coloured by rule; emergency reads are red. */
export function BasisTag({ basis }: { basis: string }) {
  const { t } = useTranslation();
  const parsed = parseBasis(basis);
  const hint =
    parsed.kind === 'department'
      ? t('accessBasis.hintDepartment')
      : parsed.kind === 'care-team'
        ? t('accessBasis.hintCareTeam')
        : parsed.kind === 'grant'
          ? t('accessBasis.hintGrant', { id: parsed.id ?? '' })
          : parsed.kind === 'emergency'
            ? t('accessBasis.hintEmergency', { id: parsed.id ?? '' })
            : parsed.raw;
  return (
    <Tooltip title={hint}>
      <Tag color={basisColor(parsed.kind)} data-testid="basis-tag" data-basis={parsed.kind ?? parsed.raw} style={{ marginInlineEnd: 0 }}>
        {parsed.kind ? t(`accessBasis.${basisKey(parsed.kind)}`) : parsed.raw}
      </Tag>
    </Tooltip>
  );
}

/** A value exactly as returned; when it was masked, underlined with the reason on hover. */
export function MaskedValue({ children, masked, fields }: { children: ReactNode; masked: readonly MaskedField[]; fields: readonly CatalogField[] | undefined }) {
  const { t, i18n } = useTranslation();
  if (masked.length === 0) return <>{children}</>;
  return (
    <Tooltip title={<Lines lines={maskedLines(t, masked, fields, i18n.language)} />}>
      <span className="yx-masked" data-testid="masked-value" data-masked-fields={masked.map((m) => m.field).join(',')} tabIndex={0}>
        {children}
      </span>
    </Tooltip>
  );
}

/** A record-level mark listing every masked field and every field the grant left out. */
export function MaskedRecordTag({ record, fields }: { record: PresentedRecord; fields: readonly CatalogField[] | undefined }) {
  const { t, i18n } = useTranslation();
  if (record.masked.length === 0 && record.omitted.length === 0) return null;
  const lines = maskedLines(t, record.masked, fields, i18n.language);
  if (record.omitted.length > 0) {
    lines.push(t('masking.omitted', { fields: record.omitted.map((name) => fieldLabel(name, fields, i18n.language)).join(t('masking.separator')) }));
  }
  return (
    <Tooltip title={<Lines lines={lines} />}>
      <Tag icon={<EyeInvisibleOutlined />} data-testid="masked-record" style={{ marginInlineEnd: 0 }}>
        {t('masking.tag')}
      </Tag>
    </Tooltip>
  );
}
