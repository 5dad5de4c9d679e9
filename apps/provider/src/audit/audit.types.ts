/** Who made a change, as written to the audit log: `user:alice`, `cli`, `system`; plus where from, when known. */
export interface AuditActor {
  label: string;
  ipAddress?: string | null;
}

/** One event to record. `details` holds non-secret facts only (a scrubber drops secret-looking keys anyway). */
export interface AuditRecordInput {
  actor: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown> | null;
  ipAddress?: string | null;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** The audit actor label for an authenticated person. */
export const userActor = (username: string): string => `user:${username}`;
