import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditActor } from '../../api/types';
import { RoleTags } from '../../components/tags';
import { isAuditAction, isAuditActorType, isAuditOutcome, outcomeColor, splitRoles } from './display';

/** The action in the reader's language; an action this console does not know is shown as recorded. */
export function ActionLabel({ action }: { action: string }) {
  const { t } = useTranslation();
  return <>{isAuditAction(action) ? t(`auditAction.${action}`) : action}</>;
}

export function OutcomeTag({ outcome, reason }: { outcome: string; reason?: string | null }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={outcomeColor(outcome)} style={{ marginInlineEnd: 0 }}>
        {isAuditOutcome(outcome) ? t(`auditOutcome.${outcome}`) : outcome}
      </Tag>
      {reason && (
        <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
          {reason}
        </Typography.Text>
      )}
    </Space>
  );
}

export function ActorTypeLabel({ type }: { type: string }) {
  const { t } = useTranslation();
  return <>{isAuditActorType(type) ? t(`auditActorType.${type}`) : type}</>;
}

export function ActorRoleTags({ roles }: { roles: readonly string[] }) {
  const { known, other } = splitRoles(roles);
  return (
    <>
      <RoleTags roles={known} />
      {other.map((role) => (
        <Tag key={role}>{role}</Tag>
      ))}
    </>
  );
}

/** Account name (or id), a tag for anyone who is not a signed-in user, then the roles held at the time. */
export function ActorCell({ actor }: { actor: AuditActor }) {
  return (
    <Space size={[4, 4]} wrap>
      <Typography.Text strong>{actor.name ?? actor.id ?? '—'}</Typography.Text>
      {actor.type !== 'user' && (
        <Tag bordered={false}>
          <ActorTypeLabel type={actor.type} />
        </Tag>
      )}
      <ActorRoleTags roles={actor.roles} />
    </Space>
  );
}
