/**
 * Webhook bodies are JSON in pure ASCII: every character above `~` is written as a lower-case
 * `\uXXXX` escape (UTF-16 code units, so emoji become surrogate pairs), as Meta sends them. A receiver
 * that verifies the raw bytes and one that re-escapes before verifying then compute the same HMAC.
 */
const nonAscii = /[\u007f-\uffff]/g;

export function stringifyAscii(value: unknown): string {
  return JSON.stringify(value).replace(nonAscii, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
