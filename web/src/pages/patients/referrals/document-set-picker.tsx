import { Button, Checkbox, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogField, LocalizedName } from '../../../api/types';
import { localName } from '../../../lib/format';
import type { DocumentChoice, DocumentSetEntry } from '../../referrals/referral-draft';

/**
 * The referral document set (转诊资料) with what will be shared of each resource; the clinician
 * leaves resources or fields out, never adds (whatever is beyond the template needs a share request
 * of its own). `value` holds the kept fields of each resource; a resource absent from it keeps all.
 */
export function DocumentSetPicker({
  set,
  value = {},
  onChange,
  catalogNames,
  catalogFields,
  lookbackMonths,
}: {
  set: readonly DocumentSetEntry[];
  value?: DocumentChoice;
  onChange?: (value: DocumentChoice) => void;
  catalogNames: ReadonlyMap<string, LocalizedName>;
  catalogFields: Record<string, CatalogField[]>;
  lookbackMonths: number;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const keptOf = (entry: DocumentSetEntry) => {
    const chosen = value[entry.catalogCode];
    return chosen === undefined ? entry.fields : entry.fields.filter((f) => chosen.includes(f));
  };
  const change = (code: string, fields: string[]) => onChange?.({ ...value, [code]: fields });
  const fieldLabel = (code: string, name: string) => localName(catalogFields[code]?.find((f) => f.name === name)?.label, i18n.language) || name;
  const toggleOpen = (code: string) =>
    setOpen((shown) => {
      const next = new Set(shown);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });

  return (
    <Space orientation="vertical" size={6} style={{ width: '100%' }} data-testid="refer-documents">
      {set.map((entry) => {
        const kept = keptOf(entry);
        const all = kept.length === entry.fields.length;
        const code = entry.catalogCode;
        return (
          <div key={code} data-testid={`refer-doc-${code}`} data-kept={kept.length}>
            <Space size={8} wrap>
              <Checkbox
                checked={kept.length > 0}
                indeterminate={kept.length > 0 && !all}
                onChange={(e) => change(code, e.target.checked ? [...entry.fields] : [])}
                data-testid={`refer-doc-toggle-${code}`}
              >
                <Typography.Text delete={kept.length === 0}>{localName(catalogNames.get(code), i18n.language) || code}</Typography.Text>
              </Checkbox>
              <Tag style={{ marginInlineEnd: 0 }}>{entry.wholeHistory ? t('referral.wholeHistory') : t('referral.lookback', { months: lookbackMonths })}</Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {kept.length === 0 ? t('referral.leftOut') : t('referral.fieldCount', { kept: kept.length, total: entry.fields.length })}
              </Typography.Text>
              <Button type="link" size="small" onClick={() => toggleOpen(code)} data-testid={`refer-doc-fields-${code}`}>
                {open.has(code) ? t('referral.hideFields') : t('referral.chooseFields')}
              </Button>
            </Space>
            {open.has(code) && (
              <Checkbox.Group value={kept} onChange={(fields) => change(code, fields as string[])} style={{ paddingInlineStart: 24, marginTop: 4 }}>
                <Space wrap size={[12, 4]}>
                  {entry.fields.map((field) => (
                    <Checkbox key={field} value={field} data-testid={`refer-field-${code}-${field}`}>
                      {fieldLabel(code, field)}
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            )}
          </div>
        );
      })}
    </Space>
  );
}
