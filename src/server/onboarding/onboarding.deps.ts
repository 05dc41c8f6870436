import { randomInt } from 'node:crypto';
import { defaultStartingTier, type StartingTier, type StartingTierSource } from '../../core/accounts/index.js';
import { startingTierOnLadder } from '../../core/limits/index.js';
import type { CodeGenerator, WhatsAppAccount, WhatsAppDirectory } from '../../core/numbers/index.js';
import type { OnboardingDeps } from '../../core/onboarding/index.js';
import { policyOf } from '../../core/policy/index.js';
import type { ProfilesDeps } from '../../core/profiles/index.js';
import { defaultReviewerSettings, reviewKinds, type ReviewerSetting, type ReviewerSettings, type ReviewerSettingsSource, type ReviewKind } from '../../core/reviews/index.js';
import type { SimNetwork } from '../../network/index.js';
import { KyselyNumbersRepository, KyselyProfilesRepository, KyselyReviewsRepository, KyselyUploadsRepository, type KyselySettingsRepository } from '../../store/index.js';
import type { KabarServices } from '../services.js';
import { uploadedProfilePictures } from '../uploads/uploads.feature.js';

/** The operator's onboarding settings, kept in `settings`: each reviewer's outcome and delay, and the starting tier. */
export interface OnboardingSettings {
  readonly reviewers: ReviewerSettings;
  readonly startingTier: StartingTier;
}

interface StoredSettings {
  readonly reviewers?: Partial<Record<ReviewKind, Partial<ReviewerSetting>>>;
  readonly startingTier?: StartingTier;
}

const settingsKey = 'onboarding.settings';

export class OnboardingSettingsStore implements ReviewerSettingsSource, StartingTierSource {
  readonly #settings: KyselySettingsRepository;

  constructor(settings: KyselySettingsRepository) {
    this.#settings = settings;
  }

  async current(): Promise<OnboardingSettings> {
    const stored = (await this.#settings.get<StoredSettings>(settingsKey)) ?? {};
    const reviewers = Object.fromEntries(reviewKinds.map((kind) => [kind, { ...defaultReviewerSettings[kind], ...stored.reviewers?.[kind] }])) as Record<ReviewKind, ReviewerSetting>;
    return { reviewers, startingTier: stored.startingTier ?? defaultStartingTier };
  }

  async change(change: StoredSettings, now: number): Promise<OnboardingSettings> {
    const current = await this.current();
    const reviewers = Object.fromEntries(reviewKinds.map((kind) => [kind, { ...current.reviewers[kind], ...change.reviewers?.[kind] }]));
    await this.#settings.put(settingsKey, { reviewers, startingTier: change.startingTier ?? current.startingTier }, now);
    return this.current();
  }

  async reviewerSettings(): Promise<ReviewerSettings> {
    return (await this.current()).reviewers;
  }

  async startingTier(): Promise<StartingTier> {
    return (await this.current()).startingTier;
  }
}

/** What the simulator knows of a number's WhatsApp account, in the user's `onboarding` trait. */
export interface OnboardingTrait {
  readonly account?: WhatsAppAccount;
  readonly sms?: boolean;
  readonly voice?: boolean;
}

export function onboardingTrait(network: SimNetwork, phoneNumber: string): OnboardingTrait {
  return (network.user(phoneNumber).traits['onboarding'] as OnboardingTrait | undefined) ?? {};
}

/**
 * The simulator as the WhatsApp directory: a number declared as a simulated user (`kabar sim user
 * add`) is someone's personal account unless its trait says otherwise; any other number is free.
 */
export function simDirectory(network: SimNetwork): WhatsAppDirectory {
  return {
    accountOf(phoneNumber) {
      const trait = onboardingTrait(network, phoneNumber);
      if (trait.account !== undefined) return Promise.resolve(trait.account);
      const declared = network.users().find((user) => user.waId === phoneNumber);
      return Promise.resolve(declared?.onWhatsApp === true ? 'personal' : 'none');
    },
    reachableBy(phoneNumber) {
      const trait = onboardingTrait(network, phoneNumber);
      return Promise.resolve({ sms: trait.sms ?? true, voice: trait.voice ?? true });
    },
    async onboarded(phoneNumber) {
      const trait = onboardingTrait(network, phoneNumber);
      await network.declareUser({ waId: phoneNumber, onWhatsApp: false, traits: { onboarding: { ...trait, account: 'none' } } });
    },
  };
}

export const randomCodes: CodeGenerator = {
  verificationCode: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
};


export interface OnboardingContext {
  readonly deps: OnboardingDeps;
  readonly profiles: ProfilesDeps;
  readonly settings: OnboardingSettingsStore;
  readonly numbers: KyselyNumbersRepository;
  readonly reviews: KyselyReviewsRepository;
}

export function onboardingContext(services: KabarServices): OnboardingContext {
  const settings = new OnboardingSettingsStore(services.settings);
  const numbers = new KyselyNumbersRepository(services.database.db);
  const reviews = new KyselyReviewsRepository(services.database.db);
  const deps: OnboardingDeps = {
    accounts: services.accounts,
    numbers,
    reviews,
    writer: services.committer,
    clock: services.clock,
    ids: services.ids,
    credentials: services.credentials,
    targets: services.targets,
    reviewers: settings,
    startingTier: settings,
    directory: simDirectory(services.network),
    codes: randomCodes,
    wabaHooks: services.wabaHooks,
    limitsProfileOf: async (businessId) => (await policyOf(services.businessSettings, businessId)).limits,
    tierOnLadder: (businessId, tier) => startingTierOnLadder({ accounts: services.accounts, policyOf: (id) => policyOf(services.businessSettings, id) }, businessId, tier),
  };
  const profiles: ProfilesDeps = { profiles: new KyselyProfilesRepository(services.database.db), pictures: uploadedProfilePictures(new KyselyUploadsRepository(services.database.db), services.accounts), writer: services.committer, clock: services.clock };
  return { deps, profiles, settings, numbers, reviews };
}
