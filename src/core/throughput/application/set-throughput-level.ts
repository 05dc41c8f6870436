import { displayPhoneNumber, record, type IdSource, type UnitRecord } from '../../shared/index.js';
import { phoneNumberChanged, type PhoneNumber, type ThroughputLevel } from '../../accounts/index.js';
import { notify } from '../../notifications/index.js';
import type { WebhookTargets } from '../../webhooks/index.js';
import { messagesPerSecond } from '../domain/throughput.policy.js';

export interface SetThroughputDeps {
  readonly ids: IdSource;
  readonly targets: WebhookTargets;
}

const describe = (level: ThroughputLevel): string => {
  const rate = messagesPerSecond[level];
  return rate === null ? `${level} (no per-number or pair rate limit)` : `${level} (${rate.toLocaleString('en-US')} messages per second)`;
};

/**
 * An operator sets a number's throughput level. The change is told in the business's feed; a move
 * up to `HIGH` is also told as Meta tells its upgrade: `phone_number_quality_update` with the event
 * `THROUGHPUT_UPGRADE`. Setting the level a number already has records nothing.
 */
export async function setThroughputLevel(deps: SetThroughputDeps, number: PhoneNumber, level: ThroughputLevel, now: number): Promise<UnitRecord[]> {
  if (number.throughputLevel === level) return [];
  const upgrade = level === 'HIGH' && number.throughputLevel === 'STANDARD';
  const notification = await notify(
    deps,
    {
      businessId: number.businessId,
      wabaId: number.wabaId,
      phoneNumberId: number.id,
      kind: 'number.throughput',
      severity: 'info',
      title: `Throughput of ${displayPhoneNumber(number.phoneNumber)} is now ${level}`,
      body: `The number's throughput level changed from ${describe(number.throughputLevel)} to ${describe(level)}.`,
      data: { previous_level: number.throughputLevel, level },
      ...(upgrade
        ? {
            webhook: {
              field: 'phone_number_quality_update' as const,
              value: { display_phone_number: number.phoneNumber, event: 'THROUGHPUT_UPGRADE', current_limit: number.messagingLimitTier },
            },
          }
        : {}),
    },
    now,
  );
  return [record(phoneNumberChanged, { id: number.id, patch: { throughputLevel: level } }), ...notification];
}
