/**
 * Message ids in Meta's shape: "wamid." + base64 of a small binary record holding the counterpart's
 * wa_id and a hex message key. Kabar's key is time-ordered, so the wamid decodes back to the primary
 * key of the message row without a second index.
 */

const prefix = 'wamid.';
const keyPattern = /^[0-9A-F]{1,64}$/;
const waIdPattern = /^[0-9]{1,32}$/;

export interface WamidParts {
  readonly waId: string;
  readonly key: string;
}

export function encodeWamid(parts: WamidParts): string {
  if (!waIdPattern.test(parts.waId)) throw new Error(`wa_id must be digits: ${parts.waId}`);
  if (!keyPattern.test(parts.key)) throw new Error(`message key must be upper-case hex: ${parts.key}`);
  // One buffer written in place: this runs for every send and every status.
  const { waId, key } = parts;
  const record = Buffer.allocUnsafe(3 + waId.length + 6 + key.length + 1);
  record[0] = 0x1c;
  record[1] = 0x18;
  record[2] = waId.length;
  let offset = 3 + record.write(waId, 3, 'latin1');
  record[offset] = 0x15;
  record[offset + 1] = 0x02;
  record[offset + 2] = 0x00;
  record[offset + 3] = 0x11;
  record[offset + 4] = 0x18;
  record[offset + 5] = key.length;
  offset += 6;
  offset += record.write(key, offset, 'latin1');
  record[offset] = 0x00;
  return prefix + record.toString('base64');
}

export function decodeWamid(wamid: string): WamidParts | undefined {
  if (!wamid.startsWith(prefix) || wamid.length > 128) return undefined;
  const record = Buffer.from(wamid.slice(prefix.length), 'base64');
  if (record[0] !== 0x1c || record[1] !== 0x18) return undefined;
  const waIdLength = record[2] ?? 0;
  const waId = record.subarray(3, 3 + waIdLength).toString('ascii');
  const keyHeader = 3 + waIdLength;
  const keyLength = record[keyHeader + 5] ?? 0;
  const keyStart = keyHeader + 6;
  const key = record.subarray(keyStart, keyStart + keyLength).toString('ascii');
  if (!waIdPattern.test(waId) || !keyPattern.test(key)) return undefined;
  if (encodeWamid({ waId, key }) !== wamid) return undefined;
  return { waId, key };
}
