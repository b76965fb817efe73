import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReviewStep } from '../../api/types';
import { localName } from '../../lib/format';
import {
  decisionColor,
  feedbackStateColor,
  grantStatusColor,
  isDecision,
  isFeedbackState,
  isGrantStatus,
  isRequestState,
  isReviewerRole,
  isSeverity,
  requestStateColor,
  severityColor,
} from './display';
import type { Directory } from './use-sharing';

export function RequestStateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={requestStateColor(state)} data-testid="request-state" data-state={state}>
      {isRequestState(state) ? t(`requestState.${state}`) : state}
    </Tag>
  );
}

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={severityColor(severity)} data-severity={severity}>
      {isSeverity(severity) ? t(`severity.${severity}`) : severity}
    </Tag>
  );
}

export function DecisionTag({ decision }: { decision: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={decisionColor(decision)} data-decision={decision}>
      {isDecision(decision) ? t(`decision.${decision}`) : decision}
    </Tag>
  );
}

export function GrantStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={grantStatusColor(status)} data-testid="grant-status" data-status={status}>
      {isGrantStatus(status) ? t(`grantStatus.${status}`) : status}
    </Tag>
  );
}

export function FeedbackStateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={feedbackStateColor(state)} data-testid="feedback-state" data-state={state}>
      {isFeedbackState(state) ? t(`feedbackState.${state}`) : state}
    </Tag>
  );
}

/** A review step in words: the role, and for department heads the owning department. */
export function useStepLabel(directory: Directory): (step: Pick<ReviewStep, 'role' | 'departmentCode'>) => string {
  const { t, i18n } = useTranslation();
  return (step) => {
    const role = isReviewerRole(step.role) ? t(`reviewerRole.${step.role}`) : step.role;
    if (!step.departmentCode) return role;
    const department = directory.departmentByCode(step.departmentCode);
    return t('shareRequest.stepWithDepartment', { role, department: department ? localName(department.name, i18n.language) : step.departmentCode });
  };
}
