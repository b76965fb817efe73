import { EyeInvisibleOutlined } from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Suggestion } from '../../api/types';
import { localName } from '../../lib/format';
import { isSuggestionKind, isSuggestionStatus, shownSubmitter, suggestionStatusColor } from './display';

export function SuggestionStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={suggestionStatusColor(status)} data-testid="suggestion-status" data-status={status}>
      {isSuggestionStatus(status) ? t(`suggestionStatus.${status}`) : status}
    </Tag>
  );
}

export function SuggestionKindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return <Tag color={kind === 'complaint' ? 'volcano' : 'blue'}>{isSuggestionKind(kind) ? t(`suggestionKind.${kind}`) : kind}</Tag>;
}

/** The submitter as the reader may know them: an anonymous one is only ever "anonymous". */
export function SubmitterText({ suggestion }: { suggestion: Pick<Suggestion, 'anonymous' | 'submitter'> }) {
  const { t, i18n } = useTranslation();
  const submitter = shownSubmitter(suggestion);
  if (!submitter) {
    return (
      <Tag icon={<EyeInvisibleOutlined />} data-testid="suggestion-anonymous">
        {t('suggestion.anonymousSubmitter')}
      </Tag>
    );
  }
  const department = localName(submitter.departmentName, i18n.language);
  return (
    <Space size={4} data-testid="suggestion-submitter">
      <span>{submitter.displayName}</span>
      {department && <Typography.Text type="secondary">{department}</Typography.Text>}
    </Space>
  );
}
