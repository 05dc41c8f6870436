import { phoneNumberChanged, type AccountsRepository, type PhoneNumber } from '../../accounts/index.js';
import { notify } from '../../notifications/index.js';
import type { LimitsProfile } from '../../policy/index.js';
import { displayPhoneNumber, record, scheduleTimer, unitOf, type IdSource, type TimerHandler, type UnitRecord } from '../../shared/index.js';
import { qualifiesForHighThroughput, setThroughputLevel, throughputUpgradeMs, type HighThroughputFacts } from '../../throughput/index.js';
import type { WebhookTargets } from '../../webhooks/index.js';

export const throughputUpgradeTimers = { start: 'throughput.upgrade', finish: 'throughput.upgrade-done' } as const;

export interface ThroughputUpgradeDeps {
  readonly accounts: Pick<AccountsRepository, 'findPhoneNumber'>;
  readonly ids: IdSource;
  readonly targets: WebhookTargets;
}

/** What the eligibility is judged on now: the number's tier on its profile, its own unique users in 24 h, its rating. */
export type HighThroughputFactsOf = (number: PhoneNumber, at: number) => Promise<{ readonly facts: HighThroughputFacts; readonly profile: LimitsProfile }>;

/** The timer that starts Meta's automatic throughput upgrade of an eligible number, due now. */
export function throughputUpgradeTimer(ids: IdSource, number: Pick<PhoneNumber, 'id'>, now: number): UnitRecord {
  return scheduleTimer(ids, { kind: throughputUpgradeTimers.start, subject: number.id, dueAt: now, payload: {} });
}

/**
 * Meta's automatic upgrade to 1,000 messages a second as two timers: the start looks at the
 * eligibility again and puts the account in maintenance mode for a minute (sends fail with 131057);
 * the finish sets the level to `HIGH` and tells it as Meta does (`phone_number_quality_update`
 * `THROUGHPUT_UPGRADE`). A level an operator set in the meantime is kept.
 */
export function throughputUpgradeHandlers(deps: ThroughputUpgradeDeps, factsOf: HighThroughputFactsOf): Record<string, TimerHandler> {
  const withNumber = (run: (number: PhoneNumber, at: number) => Promise<UnitRecord[]>): TimerHandler => async (timer, at) => {
    const number = await deps.accounts.findPhoneNumber(timer.subject);
    return number === undefined ? unitOf() : unitOf(await run(number, at));
  };
  return {
    [throughputUpgradeTimers.start]: withNumber(async (number, at) => {
      if (number.maintenanceUntil !== null) return [];
      const { facts, profile } = await factsOf(number, at);
      if (!qualifiesForHighThroughput(facts, profile)) return [];
      const until = at + throughputUpgradeMs;
      return [
        record(phoneNumberChanged, { id: number.id, patch: { maintenanceUntil: until } }),
        scheduleTimer(deps.ids, { kind: throughputUpgradeTimers.finish, subject: number.id, dueAt: until, payload: {} }),
        ...(await notify(
          deps,
          {
            businessId: number.businessId,
            wabaId: number.wabaId,
            phoneNumberId: number.id,
            kind: 'number.throughput_upgrade',
            severity: 'info',
            title: `Throughput upgrade of ${displayPhoneNumber(number.phoneNumber)} under way`,
            body:
              `${displayPhoneNumber(number.phoneNumber)} qualifies for 1,000 messages a second: its messaging limit is unlimited, its quality is at least Medium` +
              `${profile === '2025-10' ? ` and it messaged ${facts.uniqueUsersIn24h.toLocaleString('en-US')} unique customers in 24 h` : ''} (policy ${profile}). ` +
              `For up to a minute the account is in maintenance mode: sends fail with 131057 until ${new Date(until).toISOString()}.`,
            data: { maintenance_until: until, unique_users_24h: facts.uniqueUsersIn24h },
          },
          at,
        )),
      ];
    }),
    [throughputUpgradeTimers.finish]: withNumber(async (number, at) => {
      if (number.maintenanceUntil === null) return [];
      const done = record(phoneNumberChanged, { id: number.id, patch: { maintenanceUntil: null } });
      if (number.throughputLevel !== 'STANDARD') return [done];
      return [done, ...(await setThroughputLevel(deps, number, 'HIGH', at))];
    }),
  };
}
