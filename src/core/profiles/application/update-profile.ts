import type { PhoneNumber } from '../../accounts/index.js';
import { domainError, fail, ok, record, unitOf, type Clock, type DomainError, type Result, type WriteBatcher } from '../../shared/index.js';
import { emptyProfile, profileUpdated, type BusinessProfile, type ProfileChange, type ProfilePatch, type Vertical } from '../domain/business-profile.model.js';
import { checkProfileChange } from '../domain/profile.policy.js';
import type { ProfilePictures, ProfilesRepository } from '../ports.js';

export interface ProfilesDeps {
  readonly profiles: ProfilesRepository;
  readonly pictures: ProfilePictures;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
}

export async function businessProfile(deps: Pick<ProfilesDeps, 'profiles'>, number: PhoneNumber): Promise<BusinessProfile> {
  return (await deps.profiles.find(number.id)) ?? emptyProfile(number.id);
}

/** Updates the fields given, after checking every one of them: a bad field changes nothing. */
export async function updateProfile(deps: ProfilesDeps, input: { readonly number: PhoneNumber; readonly change: ProfileChange }): Promise<Result<BusinessProfile, DomainError>> {
  const { number, change } = input;
  const checked = checkProfileChange(change);
  if (!checked.ok) return checked;
  let picture: Pick<ProfilePatch, 'profilePictureHandle' | 'profilePictureUrl'> = {};
  if (change.profilePictureHandle !== undefined) {
    const resolved = await deps.pictures.resolve(change.profilePictureHandle, number.id);
    if (!resolved.ok) return fail(domainError('FIELD_VALUE_INVALID', `Param profile_picture_handle is not usable: ${resolved.error}`));
    picture = { profilePictureHandle: change.profilePictureHandle, profilePictureUrl: resolved.value };
  }
  const patch: ProfilePatch = {
    ...(change.about === undefined ? {} : { about: change.about }),
    ...(change.address === undefined ? {} : { address: change.address }),
    ...(change.description === undefined ? {} : { description: change.description }),
    ...(change.email === undefined ? {} : { email: change.email }),
    ...(change.websites === undefined ? {} : { websites: change.websites }),
    ...(change.vertical === undefined ? {} : { vertical: change.vertical as Vertical }),
    ...picture,
  };
  const now = deps.clock.now();
  await deps.writer.commit(unitOf([record(profileUpdated, { phoneNumberId: number.id, patch, at: now })]));
  return ok({ ...(await businessProfile(deps, number)), ...patch, updatedAt: now });
}
