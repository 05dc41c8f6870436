import type { Principal } from '../../accounts/index.js';
import { cancelTimers, emptyUnit, record, scheduleTimer, unitOf, type IdSource, type TimerHandler, type UnitRecord } from '../../shared/index.js';
import { mediaAlive, type MediaKind, type MediaOrigin, type MediaRecord } from '../domain/media.model.js';
import { mediaLifetimeMs } from '../domain/media.policy.js';
import { mediaDeleted, mediaStored, type MediaRepository, type StagedBytes } from '../ports.js';

/** The durable timer that deletes a media object when its lifetime ends. */
export const mediaExpiryTimer = 'media.expire';

/**
 * The media object behind an id, when this caller may see it: alive (neither deleted nor expired)
 * and its business's. Anything else is, to the caller, an object that does not exist.
 */
export async function visibleMedia(media: MediaRepository, principal: Pick<Principal, 'businessId'>, id: string, now: number): Promise<MediaRecord | undefined> {
  const found = await media.findMedia(id);
  if (found === undefined || found.businessId !== principal.businessId || !mediaAlive(found, now)) return undefined;
  return found;
}

export interface NewMedia {
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly origin: MediaOrigin;
  readonly kind: MediaKind;
  readonly mimeType: string;
  readonly filename: string | null;
  readonly staged: StagedBytes;
}

/** A new media object and the timer that deletes it at the end of its lifetime. */
export function planMedia(ids: IdSource, input: NewMedia, now: number): { readonly media: MediaRecord; readonly records: readonly UnitRecord[] } {
  const id = ids.nodeId();
  const media: MediaRecord = {
    id,
    businessId: input.businessId,
    wabaId: input.wabaId,
    phoneNumberId: input.phoneNumberId,
    origin: input.origin,
    kind: input.kind,
    mimeType: input.mimeType,
    sha256: input.staged.sha256,
    fileSize: input.staged.size,
    filename: input.filename,
    storageKey: id,
    createdAt: now,
    expiresAt: now + mediaLifetimeMs[input.origin],
    deletedAt: null,
  };
  return { media, records: [record(mediaStored, media), scheduleTimer(ids, { kind: mediaExpiryTimer, subject: id, dueAt: media.expiresAt, payload: null })] };
}

/** What deleting a media object writes: the deletion, and no more expiry timer. */
export function deleteMedia(media: MediaRecord, now: number): readonly UnitRecord[] {
  return [record(mediaDeleted, { id: media.id, storageKey: media.storageKey, deletedAt: now }), cancelTimers(mediaExpiryTimer, media.id)];
}

/** Runs when a media object's lifetime ends: it is deleted (its bytes go once that commits). */
export function expireMedia(media: MediaRepository): TimerHandler {
  return async (timer, at) => {
    const found = await media.findMedia(timer.subject);
    if (found === undefined || found.deletedAt !== null) return emptyUnit;
    return unitOf([record(mediaDeleted, { id: found.id, storageKey: found.storageKey, deletedAt: at })]);
  };
}
