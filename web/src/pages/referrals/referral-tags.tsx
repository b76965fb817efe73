import { ClockCircleOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PartnerReads, Referral, ReferralStep } from '../../api/types';
import { formatDateTime, localName } from '../../lib/format';
import { isReviewerRole } from '../sharing/display';
import type { Directory } from '../sharing/use-sharing';
import { useNow } from '../patients/emergency';
import { formatCountdown } from '../patients/emergency-window';
import { formatMinutes, inboundStatusColor, isInboundStatus, isPending, isReferralStatus, isUrgency, msUntilDue, referralStatusColor } from './display';

export function ReferralStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={referralStatusColor(status)} data-testid="referral-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {isReferralStatus(status) ? t(`referralStatus.${status}`) : status}
    </Tag>
  );
}

export function InboundStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={inboundStatusColor(status)} data-testid="inbound-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {isInboundStatus(status) ? t(`inboundStatus.${status}`) : status}
    </Tag>
  );
}

/** Routine or urgent (紧急); a partner's FHIR priority other than routine counts as urgent too. */
export function UrgencyTag({ urgency }: { urgency: string | null }) {
  const { t } = useTranslation();
  if (!urgency) return null;
  const urgent = urgency !== 'routine';
  return (
    <Tag color={urgent ? 'red' : 'default'} icon={urgent ? <ThunderboltOutlined /> : undefined} data-testid="referral-urgency" data-urgency={urgency} style={{ marginInlineEnd: 0 }}>
      {isUrgency(urgency) ? t(`urgency.${urgency}`) : t('urgency.partner', { priority: urgency })}
    </Tag>
  );
}

/** The time left for the fast-track decision, ticking; past the deadline, by how much it is overdue. */
export function DueCountdown({ referral }: { referral: Pick<Referral, 'status' | 'reviewDueAt' | 'overdue'> }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const ms = msUntilDue(referral, now);
  if (!isPending(referral) || ms === null) return null;
  const overdue = referral.overdue || ms <= 0;
  return (
    <Tag color={overdue ? 'error' : ms < 5 * 60_000 ? 'warning' : 'processing'} icon={<ClockCircleOutlined />} data-testid="referral-due" data-overdue={overdue ? 'true' : 'false'} style={{ marginInlineEnd: 0 }}>
      <span aria-live="off">{overdue ? t('referral.overdueBy', { time: formatCountdown(Math.max(0, -ms)) }) : t('referral.dueIn', { time: formatCountdown(ms) })}</span>
    </Tag>
  );
}

/** Minutes from the referral to the approval that shared the data, against the fast-track target. */
export function ApprovalTime({ referral }: { referral: Pick<Referral, 'minutesToApproval' | 'targetMinutes' | 'withinTarget'> }) {
  const { t, i18n } = useTranslation();
  const { minutesToApproval: minutes, targetMinutes: target, withinTarget } = referral;
  if (minutes === null) return <Typography.Text type="secondary">{target !== null ? t('referral.target', { minutes: target }) : '—'}</Typography.Text>;
  return (
    <Space size={4} wrap data-testid="referral-approval" data-minutes={minutes} data-within={withinTarget === null ? '' : String(withinTarget)}>
      <span>{t('referral.minutes', { minutes: formatMinutes(minutes, i18n.language) })}</span>
      {target !== null && (
        <Tag color={withinTarget ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>
          {withinTarget ? t('referral.withinTarget', { minutes: target }) : t('referral.beyondTarget', { minutes: target })}
        </Tag>
      )}
    </Space>
  );
}

/** The partner's reads of what a referral shared: how many (at least, when the count was capped) and the last. */
export function PartnerReadsText({ reads }: { reads: PartnerReads | null | undefined }) {
  const { t, i18n } = useTranslation();
  if (!reads) return <Typography.Text type="secondary">—</Typography.Text>;
  if (reads.count === 0) return <Typography.Text type="secondary" data-testid="referral-reads" data-count="0">{t('referral.readsNone')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={0} data-testid="referral-reads" data-count={reads.count}>
      <span>{t(reads.atLeast ? 'referral.readsAtLeast' : 'referral.readsCount', { count: reads.count })}</span>
      {reads.lastAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('referral.readsLast', { at: formatDateTime(reads.lastAt, i18n.language) })}
        </Typography.Text>
      )}
    </Space>
  );
}

/**
 * A fast-track step in words. Unlike a share request's (the head of the department owning the data),
 * a referral's department-head step is the head of the referring clinician's department.
 */
export function useReferralStepLabel(directory: Directory): (step: Pick<ReferralStep, 'role' | 'departmentCode'>) => string {
  const { t, i18n } = useTranslation();
  return (step) => {
    if (step.role === 'dept_head') {
      const department = step.departmentCode ? directory.departmentByCode(step.departmentCode) : undefined;
      return step.departmentCode ? t('referral.stepHead', { department: department ? localName(department.name, i18n.language) : step.departmentCode }) : t('referral.ownHead');
    }
    return isReviewerRole(step.role) ? t(`reviewerRole.${step.role}`) : step.role;
  };
}
