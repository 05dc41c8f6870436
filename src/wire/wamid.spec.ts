import { describe, expect, it } from 'vitest';
import { decodeWamid, encodeWamid } from './wamid.js';

describe('wamid codec', () => {
  it('decodes Meta\'s published sample to the wa_id and message key', () => {
    expect(decodeWamid('wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA')).toEqual({ waId: '16505551234', key: '826FD049A6947FA237' });
  });

  it('round-trips a Kabar key and stays within 128 characters', () => {
    const wamid = encodeWamid({ waId: '6281234567890', key: '019AC3F2E400000001A7' });
    expect(wamid.startsWith('wamid.')).toBe(true);
    expect(wamid.length).toBeLessThanOrEqual(128);
    expect(decodeWamid(wamid)).toEqual({ waId: '6281234567890', key: '019AC3F2E400000001A7' });
  });

  it('refuses what is not a wamid', () => {
    expect(decodeWamid('wamid.nope')).toBeUndefined();
    expect(decodeWamid('HBgLMTY1MDU1NTEyMzQVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA')).toBeUndefined();
  });
});
