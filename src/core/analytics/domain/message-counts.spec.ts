import { describe, expect, it } from 'vitest';
import { countMove } from './message-counts.js';

describe('countMove', () => {
  it('counts a message as sent from sent on, and as delivered from delivered on', () => {
    expect(countMove('accepted', 'sent')).toEqual({ sent: 1, delivered: 0 });
    expect(countMove('sent', 'delivered')).toEqual({ sent: 0, delivered: 1 });
    expect(countMove('delivered', 'read')).toEqual({ sent: 0, delivered: 0 });
    expect(countMove('accepted', 'read')).toEqual({ sent: 1, delivered: 1 });
  });

  it('takes a message that fails after it was sent out of both counts', () => {
    expect(countMove('accepted', 'failed')).toEqual({ sent: 0, delivered: 0 });
    expect(countMove('sent', 'failed')).toEqual({ sent: -1, delivered: 0 });
    expect(countMove('delivered', 'failed')).toEqual({ sent: -1, delivered: -1 });
  });
});
