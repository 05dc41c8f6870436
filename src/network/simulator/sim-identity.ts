import { createHash } from 'node:crypto';
import type { SimNetwork } from './sim-network.js';

/** What the simulator keeps of a user's installation, under `SimUser.traits.identity`. */
export interface IdentityTrait {
  readonly hash: string;
  /** 0 for the first installation; each reinstall (or new owner of the number) adds one. */
  readonly generation: number;
  readonly since: number;
}

const traitKey = 'identity';

/** An identity key hash as Meta shows one: 8 bytes in base64 (`DF2lS5v2W6x=`), derived from the seed, the number and the installation. */
export function identityHash(seed: number, waId: string, generation: number): string {
  return createHash('sha256').update(`${seed}:${waId}:${generation}`).digest().subarray(0, 8).toString('base64');
}

/**
 * Identities of simulated users: each has a current identity key until they reinstall WhatsApp,
 * move to a new phone, or their number passes to someone else.
 */
export class SimIdentities {
  readonly #network: SimNetwork;

  constructor(network: SimNetwork) {
    this.#network = network;
  }

  current(waId: string): IdentityTrait {
    const trait = this.#network.user(waId).traits[traitKey] as IdentityTrait | undefined;
    return trait ?? { hash: identityHash(this.#network.options.seed, waId, 0), generation: 0, since: 0 };
  }

  currentHash(waId: string): string {
    return this.current(waId).hash;
  }

  onWhatsApp(waId: string): boolean {
    return this.#network.user(waId).onWhatsApp;
  }

  /** The user reinstalls WhatsApp (or moves to a new phone): a new identity key. */
  async reinstall(waId: string, at: number): Promise<IdentityTrait> {
    const generation = this.current(waId).generation + 1;
    const identity: IdentityTrait = { hash: identityHash(this.#network.options.seed, waId, generation), generation, since: at };
    await this.#network.declareUser({ waId, onWhatsApp: true, traits: { [traitKey]: identity } });
    return identity;
  }

  /**
   * The user moves to a new number, taking their profile and identity along; the old number leaves
   * WhatsApp, and whoever registers it later will have a new identity.
   */
  async changeNumber(from: string, to: string, at: number): Promise<{ readonly profileName: string }> {
    const user = this.#network.user(from);
    const identity = this.current(from);
    await this.#network.declareUser({ waId: to, profileName: user.profileName, onWhatsApp: true, traits: { ...user.traits, [traitKey]: identity } });
    const next = identity.generation + 1;
    await this.#network.declareUser({ waId: from, onWhatsApp: false, traits: { [traitKey]: { hash: identityHash(this.#network.options.seed, from, next), generation: next, since: at } } });
    return { profileName: user.profileName };
  }
}
