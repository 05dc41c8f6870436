import { describe, expect, it } from 'vitest';
import { nextNumberStatus } from './number-status.machine.js';

describe('the number status machine', () => {
  it('keeps a new number Pending at registration until its Commerce Policy review passes', () => {
    expect(nextNumberStatus('PENDING', 'registered', { registered: true, commerceReview: 'pending' })).toMatchObject({ ok: true, to: 'PENDING' });
    expect(nextNumberStatus('PENDING', 'commerce_review_passed', { registered: true, commerceReview: 'passed' })).toMatchObject({ ok: true, to: 'CONNECTED' });
    expect(nextNumberStatus('PENDING', 'commerce_review_failed', { registered: true, commerceReview: 'failed' })).toMatchObject({ ok: true, to: 'DISCONNECTED' });
  });

  it('connects a number at once when it registers again after a passed review, and takes it offline when it deregisters', () => {
    expect(nextNumberStatus('DISCONNECTED', 'registered', { registered: true, commerceReview: 'passed' })).toMatchObject({ ok: true, to: 'CONNECTED' });
    expect(nextNumberStatus('CONNECTED', 'deregistered', { registered: false, commerceReview: 'passed' })).toMatchObject({ ok: true, to: 'DISCONNECTED' });
    expect(nextNumberStatus('CONNECTED', 'registered', { registered: true, commerceReview: 'passed' })).toMatchObject({ ok: true, to: 'CONNECTED' });
  });

  it('refuses an event the status does not accept with a typed error', () => {
    expect(nextNumberStatus('BANNED', 'registered', { registered: true, commerceReview: 'passed' })).toEqual({ ok: false, error: { kind: 'illegal-number-transition', from: 'BANNED', event: 'registered' } });
    expect(nextNumberStatus('CONNECTED', 'commerce_review_passed', { registered: true, commerceReview: 'passed' }).ok).toBe(false);
  });
});
