import type { MessageRecord } from '../../src/core/messaging/index.js';

/** When the store tests' messages were sent. */
export const t0 = Date.UTC(2026, 10, 28, 9, 0, 0);
/** Three customers, not in key order. */
export const users = ['15550100003', '15550100001', '15550100002'] as const;

/** An outbound text of business b1's number p1, accepted at `t0`, unless `overrides` say otherwise. */
export function message(key: string, waId: string, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    key, businessId: 'b1', wabaId: 'w1', phoneNumberId: 'p1', direction: 'outbound', waId, type: 'text', content: { body: `body ${key}` }, status: 'accepted', errorCode: null,
    contextKey: null, bizOpaqueCallbackData: null, idempotencyKey: null, requestFingerprint: null, category: null, createdAt: t0, updatedAt: t0, ...overrides,
  };
}

/** Messages K00000… from `from`; message `index` goes to the users in turn, so each commit's are scattered over them. */
export function spread(from: number, count: number): MessageRecord[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = from + offset;
    return message(`K${String(index).padStart(5, '0')}`, users[index % users.length] ?? users[0]);
  });
}
