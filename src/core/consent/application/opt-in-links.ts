import { domainError, fail, ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import { prefilledWithToken, tokenFromNodeId, waMeLink } from '../domain/opt-in-link.js';
import type { ConsentCategory, OptInLink } from '../domain/opt-in.model.js';
import { optInLinkCreated } from '../ports.js';
import type { ConsentDeps } from './record-consent.js';

export interface LinkRequest {
  readonly businessId: string;
  readonly phoneNumberId: string;
  readonly categories: readonly ConsentCategory[];
  readonly source: 'link' | 'qr_code';
  /** What the person agrees to; stored with every opt-in the link records. */
  readonly consentText: string;
  /** What their WhatsApp prefills; the link's token is appended in square brackets. */
  readonly prefilledText?: string;
}

export interface LinkView {
  readonly link: OptInLink;
  readonly url: string;
}

export function linkView(link: OptInLink, phoneNumber: string): LinkView {
  return { link, url: waMeLink(phoneNumber, link.prefilledText) };
}

/** A wa.me link (and QR code) to a business number whose prefilled text records an opt-in when the user sends it. */
export async function createOptInLink(deps: ConsentDeps, request: LinkRequest): Promise<Result<LinkView, DomainError>> {
  const number = await deps.accounts.findPhoneNumber(request.phoneNumberId);
  if (number === undefined || number.businessId !== request.businessId) {
    return fail(domainError('NODE_NOT_FOUND', `No phone number with id '${request.phoneNumberId}' in business '${request.businessId}'.`));
  }
  const token = tokenFromNodeId(deps.ids.nodeId());
  const text = request.prefilledText ?? `Hi ${number.verifiedName}! I agree to receive ${request.categories.join(' and ')} messages from you on WhatsApp.`;
  const link: OptInLink = {
    id: deps.ids.key(),
    businessId: request.businessId,
    phoneNumberId: number.id,
    token,
    categories: request.categories,
    source: request.source,
    consentText: request.consentText,
    prefilledText: prefilledWithToken(text, token),
    createdAt: deps.clock.now(),
  };
  await deps.writer.commit(unitOf([record(optInLinkCreated, link)]));
  return ok(linkView(link, number.phoneNumber));
}
