import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import { verticals, type ProfileChange } from './business-profile.model.js';

/** Meta's limits on the business profile fields. */
export const profileLimits = { aboutMin: 1, aboutMax: 139, address: 256, description: 512, email: 128, websites: 2, website: 256 } as const;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalid(details: string): Result<void, DomainError> {
  return fail(domainError('FIELD_VALUE_INVALID', details));
}

/** The first field of the change that breaks a limit, with Meta's wording of the rule. */
export function checkProfileChange(change: ProfileChange): Result<void, DomainError> {
  const { about, address, description, email, websites, vertical } = change;
  if (about !== undefined && (about.trim().length < profileLimits.aboutMin || about.length > profileLimits.aboutMax)) {
    return invalid(`Param about must be ${profileLimits.aboutMin} to ${profileLimits.aboutMax} characters long and not blank; it has ${about.length}.`);
  }
  if (address !== undefined && address.length > profileLimits.address) return invalid(`Param address must be at most ${profileLimits.address} characters long; it has ${address.length}.`);
  if (description !== undefined && description.length > profileLimits.description) {
    return invalid(`Param description must be at most ${profileLimits.description} characters long; it has ${description.length}.`);
  }
  if (email !== undefined && email !== '' && (email.length > profileLimits.email || !emailPattern.test(email))) {
    return invalid(`Param email must be a valid email address of at most ${profileLimits.email} characters; '${email.slice(0, 40)}' is not.`);
  }
  if (websites !== undefined) {
    if (websites.length > profileLimits.websites) return invalid(`Param websites can hold at most ${profileLimits.websites} URLs; it has ${websites.length}.`);
    for (const [index, website] of websites.entries()) {
      if (!/^https?:\/\/[^\s]+$/i.test(website)) return invalid(`Param websites[${index}] must be a URL starting with http:// or https://.`);
      if (website.length > profileLimits.website) return invalid(`Param websites[${index}] must be at most ${profileLimits.website} characters long; it has ${website.length}.`);
    }
  }
  if (vertical !== undefined && vertical !== '' && !(verticals as readonly string[]).includes(vertical)) {
    return invalid(`Param vertical must be one of ${verticals.join(', ')}, or empty; '${vertical.slice(0, 40)}' is not.`);
  }
  return ok(undefined);
}
