import type { PolicyService } from '../policy/index.js';
import type { Notice, OutboundNotifier } from './inbox.js';

const TIMEOUT_MS = 5_000;

/**
 * Sends notices to the webhook in the `notifications.webhook` setting (the hospital's message or
 * e-mail gateway turns them into messages). Usernames, not personal data, leave the platform; the
 * receiver looks people up itself. Delivery is best effort: the inbox is the record.
 */
export function webhookNotifier(policy: PolicyService, resolveUsernames: (userIds: readonly string[]) => Promise<string[]>, post: typeof fetch = fetch): OutboundNotifier {
  return async (userIds: readonly string[], notice: Notice) => {
    const { url, kinds } = await policy.get('notifications.webhook');
    if (!url || !kinds.includes(notice.kind)) return;
    const body = JSON.stringify({ kind: notice.kind, subject: { type: notice.subjectType, id: notice.subjectId }, title: notice.title, recipients: await resolveUsernames(userIds), sentAt: new Date().toISOString() });
    await post(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  };
}
