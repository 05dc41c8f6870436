import { describe, expect, it } from 'vitest';
import { canSendFreeForm, customerServiceWindowMs, explainClosedWindow } from './window.policy.js';

const hour = 3_600_000;
const lastInboundAt = Date.UTC(2026, 10, 25, 9, 0, 0);

describe('canSendFreeForm', () => {
  it('is open right after the user writes and until just before 24 h', () => {
    expect(canSendFreeForm({ lastInboundAt }, lastInboundAt)).toEqual({ open: true, closesAt: lastInboundAt + customerServiceWindowMs });
    expect(canSendFreeForm({ lastInboundAt }, lastInboundAt + 24 * hour - 1).open).toBe(true);
  });

  it('closes exactly 24 h after the last inbound message', () => {
    expect(canSendFreeForm({ lastInboundAt }, lastInboundAt + 24 * hour)).toEqual({ open: false, reason: 'closed', closedAt: lastInboundAt + 24 * hour });
  });

  it('was never open for a user who never wrote', () => {
    expect(canSendFreeForm({ lastInboundAt: null }, lastInboundAt)).toEqual({ open: false, reason: 'never_opened' });
  });

  it('explains a window that closed 1 h ago and suggests a template', () => {
    const now = lastInboundAt + 25 * hour;
    const text = explainClosedWindow(canSendFreeForm({ lastInboundAt }, now), now);
    expect(text).toContain('closed 1 h 0 min ago');
    expect(text).toContain('template');
  });
});
