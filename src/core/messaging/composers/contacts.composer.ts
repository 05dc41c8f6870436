import { contactCardsOf, type ContactCard } from '../../../wire/index.js';
import { fail, ok, type DomainError } from '../../shared/index.js';
import type { MessageComposer } from '../composers.js';
import { invalid, malformed, missing } from './checks.js';

const otherNameParts = ['first_name', 'last_name', 'middle_name', 'suffix', 'prefix'] as const;
const maxContacts = 257;

function cardProblem(card: ContactCard, index: number): DomainError | undefined {
  const name = card.name;
  if (name === undefined) return missing(`contacts[${index}]['name']`);
  if (name.formatted_name === undefined || name.formatted_name.trim() === '') return missing(`contacts[${index}]['name']['formatted_name']`);
  // Meta's contacts object: formatted_name and at least one other part of the name.
  if (!otherNameParts.some((part) => (name[part] ?? '').trim() !== '')) {
    return missing(`contacts[${index}]['name'] besides formatted_name: one of first_name, last_name, middle_name, suffix or prefix`);
  }
  return undefined;
}

/** Contact cards: each with a formatted name and another part of the name; phones, emails and the rest as given. */
export const contactsComposer: MessageComposer = {
  type: 'contacts',
  compose({ body }) {
    if (body.contacts === undefined) return Promise.resolve(fail(missing('contacts')));
    const cards = contactCardsOf(body.contacts);
    if (cards === undefined) return Promise.resolve(fail(malformed('Param contacts must be an array of contact objects, or that array JSON-encoded')));
    if (cards.length === 0 || cards.length > maxContacts) return Promise.resolve(fail(invalid(`Invalid contacts count. Min allowed contacts: 1, Max allowed contacts: ${maxContacts}`)));
    for (const [index, card] of cards.entries()) {
      const problem = cardProblem(card, index);
      if (problem !== undefined) return Promise.resolve(fail(problem));
    }
    return Promise.resolve(ok({ type: 'contacts', content: { contacts: cards }, category: 'service' }));
  },
};
