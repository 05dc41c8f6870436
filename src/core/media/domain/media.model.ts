/**
 * A media object: bytes a business uploaded, that Kabar fetched from a link, or that a simulated
 * user sent. The bytes live behind the storage port; the record says whose they are and until when.
 */
export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/** Where the bytes came from: an upload (`POST /{phone-number-id}/media`) or a user's message. */
export type MediaOrigin = 'upload' | 'inbound';

export interface MediaRecord {
  /** The Graph id (`GET /{media-id}`). */
  readonly id: string;
  readonly businessId: string;
  readonly wabaId: string;
  /** The business number it was uploaded on, or that received it. */
  readonly phoneNumberId: string;
  readonly origin: MediaOrigin;
  readonly kind: MediaKind;
  readonly mimeType: string;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly fileSize: number;
  readonly filename: string | null;
  /** Where the storage port keeps the bytes. */
  readonly storageKey: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly deletedAt: number | null;
}

/** Whether the media can still be read or sent at `now`. */
export function mediaAlive(media: MediaRecord, now: number): boolean {
  return media.deletedAt === null && media.expiresAt > now;
}
