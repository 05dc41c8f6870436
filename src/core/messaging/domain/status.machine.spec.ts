import { describe, expect, it } from 'vitest';
import { applyStatusEvent } from './status.machine.js';

describe('outbound status machine', () => {
  it('moves forward through sent, delivered and read', () => {
    expect(applyStatusEvent('accepted', 'sent')).toEqual({ changed: true, to: 'sent' });
    expect(applyStatusEvent('sent', 'delivered')).toEqual({ changed: true, to: 'delivered' });
    expect(applyStatusEvent('delivered', 'read')).toEqual({ changed: true, to: 'read' });
  });

  it('ignores a late delivered after read and anything after failed', () => {
    expect(applyStatusEvent('read', 'delivered')).toEqual({ changed: false, from: 'read', event: 'delivered' });
    expect(applyStatusEvent('failed', 'sent').changed).toBe(false);
    expect(applyStatusEvent('delivered', 'failed').changed).toBe(false);
  });

  it('lets an accepted message fail', () => {
    expect(applyStatusEvent('accepted', 'failed')).toEqual({ changed: true, to: 'failed' });
  });
});
