import { describe, expect, it } from 'vitest';
import { ContactWindow } from './contact-window.js';
import { assessQuality } from './quality.model.js';
import { defaultQuality, limitsRules, nextTier, tierOn, upgradeThreshold } from './limits.rules.js';

const hour = 3_600_000;

describe('the rolling window of unique customers', () => {
  it('counts each customer once, refuses a new one at the limit and frees slots 24 h after the latest send', () => {
    const window = new ContactWindow();
    for (let index = 0; index < 3; index += 1) expect(window.admit(`u${index}`, 0, 3)).toMatchObject({ admitted: true, newRecipient: true });
    expect(window.admit('u1', 2 * hour, 3)).toMatchObject({ admitted: true, newRecipient: false, inWindow: 3 });
    expect(window.admit('u9', 2 * hour, 3)).toEqual({ admitted: false, inWindow: 3 });
    expect(window.nextRelease(2 * hour)).toEqual({ at: 24 * hour, slots: 2 });
    expect(window.inWindow(24 * hour)).toBe(1);
    expect(window.admit('u9', 24 * hour, 3)).toMatchObject({ admitted: true, inWindow: 2, inWeek: 4 });
    expect(window.inWeek(7 * 24 * hour + 1)).toBe(2);
  });

  it('keeps its answer on when a slot frees up until the window changes, then looks again', () => {
    const window = new ContactWindow();
    for (let index = 0; index < 3; index += 1) window.admit(`u${index}`, index * hour, 3);
    const first = window.nextRelease(2 * hour);
    expect(first).toEqual({ at: 24 * hour, slots: 1 });
    expect(window.admit('u9', 3 * hour, 3)).toMatchObject({ admitted: false });
    expect(window.nextRelease(3 * hour)).toBe(first);
    expect(window.nextRelease(24 * hour)).toEqual({ at: 25 * hour, slots: 1 });
    expect(window.admit('u9', 24 * hour, 3)).toMatchObject({ admitted: true });
    expect(window.nextRelease(24 * hour + 1)).toEqual({ at: 25 * hour, slots: 1 });
    expect(window.nextRelease(25 * hour)).toEqual({ at: 26 * hour, slots: 1 });
  });

  it('rebuilds the same counts from stored last contacts', () => {
    const live = new ContactWindow();
    const rebuilt = new ContactWindow();
    const sends = [['a', 0], ['b', hour], ['a', 3 * hour], ['c', 30 * hour]] as const;
    for (const [id, at] of sends) live.admit(id, at, null);
    for (const [id, at] of [['b', hour], ['a', 3 * hour], ['c', 30 * hour]] as const) rebuilt.replay(id, at, 30 * hour);
    for (const at of [30 * hour, 40 * hour, 200 * hour]) {
      expect(rebuilt.inWindow(at)).toBe(live.inWindow(at));
      expect(rebuilt.inWeek(at)).toBe(live.inWeek(at));
    }
  });
});

describe('the limits profiles', () => {
  it('upgrade at half the limit under 2022-09 and twice under 2022-01; 2023-10 starts at 250, 2025-10 goes to 2K', () => {
    expect(upgradeThreshold(limitsRules('2022-09'), 'TIER_1K')).toBe(500);
    expect(upgradeThreshold(limitsRules('2022-01'), 'TIER_1K')).toBe(2000);
    expect(tierOn(limitsRules('2023-10'), 'TIER_50')).toBe('TIER_250');
    expect(nextTier(limitsRules('2025-10'), 'TIER_250')).toBe('TIER_2K');
    expect(limitsRules('2025-10')).toMatchObject({ scope: 'portfolio', flagging: false });
  });
});

describe('the quality model', () => {
  const quiet = { recipients: 1000, sends: 1000, blocks: { recent: 0, earlier: 0 }, reports: { recent: 0, earlier: 0 }, optOuts: { recent: 0, earlier: 0 }, templates: { low: 0, medium: 0 }, customerMessages: 0, answeredLate: 0, escalationPathMissing: false };

  it('is High without negative signals and says so', () => {
    expect(assessQuality(quiet, defaultQuality)).toMatchObject({ score: 100, rating: 'GREEN', parts: [] });
  });

  it('weighs recent blocks fully and older ones half, and explains every point lost', () => {
    const recent = assessQuality({ ...quiet, blocks: { recent: 100, earlier: 0 } }, defaultQuality);
    const older = assessQuality({ ...quiet, blocks: { recent: 0, earlier: 100 } }, defaultQuality);
    expect(recent).toMatchObject({ score: 50, rating: 'RED' });
    expect(older).toMatchObject({ score: 75, rating: 'YELLOW' });
    expect(recent.explanation).toContain('100 blocks (100 in the last 24 h) out of 1000 recipients: 10 % weighted (−50)');
  });

  it('takes points for Low templates, too many notifications, slow answers and a missing escalation path', () => {
    const assessed = assessQuality(
      { ...quiet, sends: 6000, templates: { low: 1, medium: 1 }, customerMessages: 10, answeredLate: 5, escalationPathMissing: true },
      defaultQuality,
    );
    expect(assessed.parts.map((part) => [part.signal, part.points])).toEqual([
      ['templates', 13],
      ['frequency', 10],
      ['escalation_path', 10],
      ['answer_time', 7.5],
    ]);
    expect(assessed).toMatchObject({ score: 59.5, rating: 'RED' });
  });
});
