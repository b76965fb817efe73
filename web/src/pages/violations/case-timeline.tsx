import { Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ViolationCase } from '../../api/types';
import { formatTimestamp } from '../../lib/format';
import { DecisionName } from './case-tags';
import { eventFacts, isEventKind } from './history';

const COLORS: Record<string, string> = {
  opened: 'blue',
  suspended: 'red',
  suspension_lifted: 'green',
  decision_proposed: 'orange',
  decision_in_force: 'red',
  decision_approved: 'green',
  decision_rejected: 'gray',
  appeal: 'purple',
  closed: 'gray',
};

const TARGET_KINDS = ['user', 'grant', 'institution', 'api_client'] as const;
const isTargetKind = (kind: string): kind is (typeof TARGET_KINDS)[number] => (TARGET_KINDS as readonly string[]).includes(kind);

/** The case's history in the order it happened; the subject's copy leaves out notes and evidence steps (server). */
export function CaseTimeline({ c }: { c: ViolationCase }) {
  const { t, i18n } = useTranslation();
  const items = c.history.map((event) => {
    const facts = eventFacts(event.data);
    return {
      key: event.id,
      color: COLORS[event.kind] ?? 'blue',
      title: (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatTimestamp(event.at, i18n.language)}
        </Typography.Text>
      ),
      content: (
        <div data-testid={`case-event-${event.kind}`}>
          <Space size={4} wrap>
            <Typography.Text strong>{isEventKind(event.kind) ? t(`violationEvent.${event.kind}`) : event.kind}</Typography.Text>
            <Typography.Text type="secondary">{event.actor.name ?? event.actor.id}</Typography.Text>
            {facts.decision && (
              <Tag>
                <DecisionName kind={facts.decision} subject={c.subject.kind} />
              </Tag>
            )}
            {facts.targets?.map((target) => (
              <Tag key={target.kind}>{t('violations.targetCount', { kind: isTargetKind(target.kind) ? t(`violationTarget.${target.kind}`) : target.kind, count: target.count })}</Tag>
            ))}
            {facts.auditSeqs && <Tag>{t('violations.evidenceSeqs', { seqs: facts.auditSeqs.join(', ') })}</Tag>}
            {facts.alertIds && <Tag>{t('violations.evidenceAlerts', { count: facts.alertIds.length })}</Tag>}
          </Space>
          {facts.details && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{t('violations.details')}: {facts.details}</Typography.Paragraph>}
          {event.text && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{event.text}</Typography.Paragraph>}
        </div>
      ),
    };
  });
  return (
    <div data-testid="case-timeline">
      <Timeline items={items} />
    </div>
  );
}
