/**
 * A reaction is one emoji: one grapheme (a flag, a keycap, a family joined with ZWJ and a skin tone
 * are each one) that draws as a pictograph.
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const pictograph = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

export function isSingleEmoji(text: string): boolean {
  let graphemes = 0;
  for (const { segment } of segmenter.segment(text)) {
    graphemes += 1;
    if (graphemes > 1 || !pictograph.test(segment)) return false;
  }
  return graphemes === 1;
}

/** Whether the text holds any pictograph (flow buttons take none). */
export function hasEmoji(text: string): boolean {
  return /\p{Extended_Pictographic}/u.test(text);
}
