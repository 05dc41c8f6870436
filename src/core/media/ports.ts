import { recordKind } from '../shared/index.js';
import type { MediaRecord } from './domain/media.model.js';

/** A media object stored, and one deleted (by its business, or because it expired). */
export const mediaStored = recordKind<MediaRecord>('media.stored');
export const mediaDeleted = recordKind<{ readonly id: string; readonly storageKey: string; readonly deletedAt: number }>('media.deleted');

/** Bytes received into a temporary place: what they are, before they are kept or discarded. */
export interface StagedBytes {
  readonly stagingKey: string;
  readonly size: number;
  /** Hex SHA-256, computed while the bytes streamed through. */
  readonly sha256: string;
  /** The first bytes (up to 64), to tell an animated sticker from a static one. */
  readonly head: Uint8Array;
  /** The source had more than the limit: the rest was not kept. */
  readonly exceeded: boolean;
}

/**
 * Where media bytes live (on disk under the data directory; an object store could stand behind the
 * same port). Bytes stream through: no file is ever held whole in memory.
 */
export interface MediaStorage {
  /** Streams the source to a staging place, hashing it, keeping at most `limit` bytes. */
  receive(source: AsyncIterable<Uint8Array>, limit: number): Promise<StagedBytes>;
  /** Makes staged bytes the content of `storageKey`. */
  keep(staged: StagedBytes, storageKey: string): Promise<void>;
  discard(staged: StagedBytes): Promise<void>;
  /** The bytes of `storageKey`, as a stream. */
  read(storageKey: string): AsyncIterable<Uint8Array>;
  remove(storageKey: string): Promise<void>;
}

export interface MediaRepository {
  findMedia(id: string): Promise<MediaRecord | undefined>;
}
