/**
 * What a simulated user decided about business numbers: which ones they blocked and whose marketing
 * messages they stopped. Kept in `SimUser.traits.standing`, so it survives restarts with the user.
 */
import type { UserStanding, UserStandings } from '../../core/feedback/index.js';
import type { SimNetwork, SimUser } from './sim-network.js';

export const standingTraitKey = 'standing';

export interface StandingTrait {
  readonly blocked: readonly string[];
  readonly stoppedMarketing: readonly string[];
}

export type StandingChange = 'block' | 'unblock' | 'stop_marketing' | 'resume_marketing';

function traitOf(user: SimUser): StandingTrait {
  const trait = user.traits[standingTraitKey] as Partial<StandingTrait> | undefined;
  return { blocked: trait?.blocked ?? [], stoppedMarketing: trait?.stoppedMarketing ?? [] };
}

export function standingOf(user: SimUser, phoneNumberId: string): UserStanding {
  const trait = traitOf(user);
  return { blocked: trait.blocked.includes(phoneNumberId), stoppedMarketing: trait.stoppedMarketing.includes(phoneNumberId) };
}

/** The network's users as the send rule sees them. */
export function simUserStandings(network: SimNetwork): UserStandings {
  return { standing: (phoneNumberId, waId) => standingOf(network.user(waId), phoneNumberId) };
}

/** Applies a user's decision about a number; says whether it changed anything. */
export async function changeStanding(network: SimNetwork, waId: string, phoneNumberId: string, change: StandingChange): Promise<boolean> {
  const trait = traitOf(network.user(waId));
  const without = (list: readonly string[]): string[] => list.filter((id) => id !== phoneNumberId);
  const next: StandingTrait =
    change === 'block'
      ? { ...trait, blocked: [...without(trait.blocked), phoneNumberId] }
      : change === 'unblock'
        ? { ...trait, blocked: without(trait.blocked) }
        : change === 'stop_marketing'
          ? { ...trait, stoppedMarketing: [...without(trait.stoppedMarketing), phoneNumberId] }
          : { ...trait, stoppedMarketing: without(trait.stoppedMarketing) };
  const before = standingOf(network.user(waId), phoneNumberId);
  await network.declareUser({ waId, traits: { [standingTraitKey]: next } });
  const after = standingOf(network.user(waId), phoneNumberId);
  return before.blocked !== after.blocked || before.stoppedMarketing !== after.stoppedMarketing;
}
