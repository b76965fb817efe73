import { Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { SENSITIVITY_LEVELS } from '../../api/types';
import {
  identifierKindColor,
  isGbCategory,
  isIdentifierKind,
  isLevel,
  isPolicyCategory,
  isResourceStatus,
  isShareType,
  isSpecialCategory,
  levelColor,
  resourceStatusColor,
  shareTypeColor,
} from './display';

// Labels for catalog values; a value the console does not know is shown as the server sent it.
export function policyCategoryLabel(t: TFunction, value: string): string {
  return isPolicyCategory(value) ? t(`policyCategory.${value}`) : value;
}

export function gbCategoryLabel(t: TFunction, value: string): string {
  return isGbCategory(value) ? t(`gbCategory.${value}`) : value;
}

export function specialCategoryLabel(t: TFunction, value: string): string {
  return isSpecialCategory(value) ? t(`specialCategory.${value}`) : value;
}

export function ShareTypeTag({ shareType }: { shareType: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={shareTypeColor(shareType)} data-share-type={shareType}>
      {isShareType(shareType) ? t(`shareType.${shareType}`) : shareType}
    </Tag>
  );
}

/** The level on its colour; level-5 special categories (HIV, psychiatric, genetic…) are named on the tag. */
export function LevelTag({ level, specialCategory }: { level: number; specialCategory?: string | null | undefined }) {
  const { t } = useTranslation();
  const text = t('level.tag', { level });
  return (
    <Tag color={levelColor(level)} title={isLevel(level) ? t(`levelName.l${level}`) : undefined} data-level={level} style={{ marginInlineEnd: 0 }}>
      {specialCategory ? `${text} · ${specialCategoryLabel(t, specialCategory)}` : text}
    </Tag>
  );
}

export function IdentifierKindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return <Tag color={identifierKindColor(kind)}>{isIdentifierKind(kind) ? t(`identifierKind.${kind}`) : kind}</Tag>;
}

export function ResourceStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={resourceStatusColor(status)}>{isResourceStatus(status) ? t(`resourceStatus.${status}`) : status}</Tag>;
}

/** Options for a level picker: the coloured tag and what the level means (GB/T 39725). */
export function levelOptions(t: TFunction, withMeaning = true) {
  return SENSITIVITY_LEVELS.map((level) => ({
    value: level,
    title: t('level.option', { level, name: t(`levelName.l${level}`) }),
    label: (
      <Space size={6}>
        <Tag color={levelColor(level)} style={{ marginInlineEnd: 0 }}>
          {t('level.tag', { level })}
        </Tag>
        {withMeaning && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`levelName.l${level}`)}
          </Typography.Text>
        )}
      </Space>
    ),
  }));
}
