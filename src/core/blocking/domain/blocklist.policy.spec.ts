import { describe, expect, it } from 'vitest';
import { blockRefusal, blockWindowMs, unblockRefusal, type BlockFacts } from './blocklist.policy.js';

const now = Date.UTC(2026, 10, 25, 9, 0, 0);
const facts = (change: Partial<BlockFacts>): BlockFacts => ({ waId: '6281200000001', businessNumber: '6281100000000', isBusinessAccount: false, alreadyBlocked: false, lastInboundAt: now - 60_000, ...change });

describe('who a number may block', () => {
  it('blocks a user who wrote a minute ago', () => {
    expect(blockRefusal('+62 812-0000-0001', facts({}), now)).toBeUndefined();
  });

  it('refuses with 131047 a user whose last message is 24 h old or who never wrote', () => {
    expect(blockRefusal('x', facts({ lastInboundAt: now - blockWindowMs }), now)?.code).toBe(131047);
    expect(blockRefusal('x', facts({ lastInboundAt: now - blockWindowMs + 1 }), now)).toBeUndefined();
    expect(blockRefusal('x', facts({ lastInboundAt: null }), now)?.code).toBe(131047);
  });

  it('lets an already blocked user be blocked again, whenever they last wrote', () => {
    expect(blockRefusal('x', facts({ alreadyBlocked: true, lastInboundAt: null }), now)).toBeUndefined();
  });

  it('refuses an invalid number (131047), itself (131021) and a business account (131047)', () => {
    expect(blockRefusal('abc', facts({ waId: undefined }), now)?.code).toBe(131047);
    expect(blockRefusal('x', facts({ waId: '6281100000000' }), now)).toMatchObject({ code: 131021, message: 'Failed to block self phone number' });
    expect(blockRefusal('x', facts({ isBusinessAccount: true }), now)?.details).toMatch(/business accounts cannot be blocked/);
  });

  it('unblocks without the 24-hour rule, refusing only an invalid number and itself', () => {
    expect(unblockRefusal('x', facts({ lastInboundAt: null }))).toBeUndefined();
    expect(unblockRefusal('abc', facts({ waId: undefined }))?.code).toBe(131009);
    expect(unblockRefusal('x', facts({ waId: '6281100000000' }))?.code).toBe(131021);
  });
});
