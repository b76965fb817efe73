import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ViolationDecisionKind, ViolationStatus, ViolationSubjectKind } from '../../api/types';
import { decisionLabelKey } from './case-rules';

const STATUS_COLORS: Record<ViolationStatus, string> = { open: 'processing', awaiting_approval: 'warning', decided: 'error', closed: 'default' };

export function CaseStatusTag({ status }: { status: ViolationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status" data-status={status}>
      {t(`violationStatus.${status}`)}
    </Tag>
  );
}

export function SubjectKindTag({ kind }: { kind: ViolationSubjectKind }) {
  const { t } = useTranslation();
  return <Tag>{t(`violationSubjectKind.${kind}`)}</Tag>;
}

export function SuspendedTag() {
  const { t } = useTranslation();
  return (
    <Tag color="volcano" data-testid="case-suspended">
      {t('violations.suspendedTag')}
    </Tag>
  );
}

/** The decision as the subject's kind words it (termination: 解除劳动合同 for staff, 终止协议 for an institution). */
export function DecisionName({ kind, subject }: { kind: ViolationDecisionKind; subject: ViolationSubjectKind }) {
  const { t } = useTranslation();
  return <>{t(`violationDecision.${decisionLabelKey(kind, subject)}`)}</>;
}
