import type { Selectable } from 'kysely';
import { encodeWamid } from '../../wire/index.js';
import type { MessagesTable, OutboxTable, WebhookAttemptsTable } from '../../store/index.js';

export const iso = (epochMilliseconds: number | null): string | null => (epochMilliseconds === null ? null : new Date(Number(epochMilliseconds)).toISOString());

/** Unique business-initiated contacts a number may reach in a rolling 24 h, by tier (null: unlimited). */
export const tierLimits: Readonly<Record<string, number | null>> = { TIER_50: 50, TIER_250: 250, TIER_1K: 1_000, TIER_2K: 2_000, TIER_10K: 10_000, TIER_100K: 100_000, TIER_UNLIMITED: null };

export function messageRowView(row: Selectable<MessagesTable>): Record<string, unknown> {
  const content = JSON.parse(row.content) as Record<string, unknown>;
  return {
    id: encodeWamid({ waId: row.wa_id, key: row.key }),
    key: row.key,
    business_id: row.business_id,
    phone_number_id: row.phone_number_id,
    direction: row.direction,
    wa_id: row.wa_id,
    type: row.type,
    category: row.category,
    content,
    status: row.status,
    error_code: row.error_code,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** Which event a webhook body tells: a status (`status:read`) or an inbound `message`. */
function eventOf(body: string): string {
  try {
    const value = (JSON.parse(body) as { entry?: { changes?: { value?: { statuses?: { status?: string }[]; messages?: unknown[] } }[] }[] }).entry?.[0]?.changes?.[0]?.value;
    const status = value?.statuses?.[0]?.status;
    if (status !== undefined) return `status:${status}`;
    return value?.messages !== undefined ? 'message' : 'other';
  } catch {
    return 'other';
  }
}

export function deliveryView(row: Selectable<OutboxTable>, attempts: readonly Selectable<WebhookAttemptsTable>[]): Record<string, unknown> {
  return {
    key: row.key,
    app_id: row.app_id,
    url: row.url,
    event: eventOf(row.body),
    status: row.status,
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      attempted_at: iso(attempt.attempted_at),
      response_status: attempt.response_status,
      error: attempt.error,
      duration_ms: attempt.duration_ms,
    })),
    next_attempt_at: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    created_at: iso(row.created_at),
    delivered_at: iso(row.delivered_at),
    last_error: row.last_error,
  };
}
