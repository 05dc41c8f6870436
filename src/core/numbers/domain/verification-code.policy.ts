/** A verification code is 6 digits and valid for 10 minutes (Kabar's choice; Meta does not publish it). */
export const verificationCodeLength = 6;
export const verificationCodeValidityMs = 10 * 60_000;

export type CodeMethod = 'SMS' | 'VOICE';
export const codeMethods: readonly CodeMethod[] = ['SMS', 'VOICE'];

/** What a user types, "123-456" or "123 456", as the digits compared. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** The text the simulated phone shows, by SMS or read out by a voice call. */
export function codeMessage(code: string, method: CodeMethod): string {
  const shown = `${code.slice(0, 3)}-${code.slice(3)}`;
  return method === 'SMS' ? `WhatsApp Business code ${shown}. Don't share this code with others.` : `Your WhatsApp Business code is ${code.split('').join(' ')}.`;
}
