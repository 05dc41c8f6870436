import type { Result } from '../shared/index.js';
import type { BusinessProfile } from './domain/business-profile.model.js';

export interface ProfilesRepository {
  find(phoneNumberId: string): Promise<BusinessProfile | undefined>;
}

/** Turns an upload handle (Resumable Upload API) into the URL of the profile picture, or says why not. */
export interface ProfilePictures {
  resolve(handle: string, phoneNumberId: string): Promise<Result<string, string>>;
}
