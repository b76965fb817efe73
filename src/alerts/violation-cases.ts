import type { UserPrincipal } from '../org/index.js';

export interface ViolationCaseInput {
  subject: { kind: 'user' | 'department' | 'institution'; id: string };
  title: string;
  description: string;
  alertIds: string[];
  auditSeqs: number[];
}

/**
 * What escalating an alert needs from violation handling (违规处理): open a case with the alert's
 * evidence. The violations module provides it; the composition root wires the two.
 */
export interface ViolationCaseOpener {
  openViolationCase(input: ViolationCaseInput, openedBy: UserPrincipal): Promise<{ id: string }>;
}
