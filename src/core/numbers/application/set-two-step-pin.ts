import { phoneNumberChanged, type PhoneNumber } from '../../accounts/index.js';
import { notify } from '../../notifications/index.js';
import { displayPhoneNumber, ok, record, unitOf, type DomainError, type Result } from '../../shared/index.js';
import { pinDigest, type NumbersDeps } from './numbers-deps.js';

/** Sets (or changes) the number's two-step verification PIN; Meta tells the WABA in a `security` webhook. */
export async function setTwoStepPin(deps: NumbersDeps, input: { readonly number: PhoneNumber; readonly pin: string }): Promise<Result<void, DomainError>> {
  const { number } = input;
  const now = deps.clock.now();
  const told = await notify(
    deps,
    {
      businessId: number.businessId,
      wabaId: number.wabaId,
      phoneNumberId: number.id,
      kind: 'number.security',
      severity: 'info',
      title: `Two-step verification PIN ${number.pinHash === null ? 'set' : 'changed'}`,
      body: `The two-step verification PIN of ${displayPhoneNumber(number.phoneNumber)} was ${number.pinHash === null ? 'set' : 'changed'}.`,
      webhook: { field: 'security', value: { display_phone_number: number.phoneNumber, event: 'PIN_CHANGED' } },
    },
    now,
  );
  await deps.writer.commit(unitOf([record(phoneNumberChanged, { id: number.id, patch: { pinHash: pinDigest(deps.credentials, number.id, input.pin) } })], told));
  return ok(undefined);
}
