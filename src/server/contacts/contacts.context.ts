import { UnmessagedChecks, type ImportDeps } from '../../core/contacts/index.js';
import type { ConsentDeps } from '../../core/consent/index.js';
import { SimIdentities } from '../../network/index.js';
import { KyselyConsentRepository, KyselyContactsRepository } from '../../store/index.js';
import type { KabarServices } from '../services.js';

/** What the contacts feature's routes, stages and workers share. */
export interface ContactsContext {
  readonly services: KabarServices;
  readonly repository: KyselyContactsRepository;
  readonly consent: KyselyConsentRepository;
  readonly identities: SimIdentities;
  readonly unmessaged: UnmessagedChecks;
  /** Dependencies of the contacts use cases (number checks included). */
  readonly deps: ImportDeps;
  readonly consentDeps: ConsentDeps;
}

export function contactsContext(services: KabarServices): ContactsContext {
  const repository = new KyselyContactsRepository(services.database.db);
  const consent = new KyselyConsentRepository(services.database.db);
  const identities = new SimIdentities(services.network);
  const unmessaged = new UnmessagedChecks(repository, services.clock);
  const base = { accounts: services.accounts, contacts: repository, settings: services.businessSettings, writer: services.committer, clock: services.clock, ids: services.ids };
  return {
    services,
    repository,
    consent,
    identities,
    unmessaged,
    deps: { ...base, checks: repository, directory: identities, targets: services.targets, onChecked: (businessId, waIds) => unmessaged.checked(businessId, waIds) },
    consentDeps: { ...base, consent },
  };
}
