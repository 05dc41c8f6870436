import { normaliseTags, type Attributes, type Contact } from './contact.model.js';

/** What another record (a contact, an import row, a create request) brings to a contact. */
export interface ContactData {
  readonly name?: string;
  readonly tags?: readonly string[];
  readonly attributes?: Attributes;
}

export interface MergeOutcome {
  readonly contact: Contact;
  /** The fields that changed, for the contact's history; empty when the merge changed nothing. */
  readonly changed: readonly string[];
}

/**
 * Merging keeps what the surviving contact has and takes from the other only what it lacks: a name
 * when it has none, attributes it does not hold, and every tag. Merging the same data twice changes
 * nothing, which is what makes a re-run import idempotent.
 */
export function mergeContactData(contact: Contact, incoming: ContactData, now: number): MergeOutcome {
  const changed: string[] = [];
  let { name, attributes, tags } = contact;
  if (name.length === 0 && incoming.name !== undefined && incoming.name.trim().length > 0) {
    name = incoming.name.trim();
    changed.push('name');
  }
  const additions = Object.entries(incoming.attributes ?? {}).filter(([key]) => !(key in attributes));
  if (additions.length > 0) {
    attributes = { ...attributes, ...Object.fromEntries(additions) };
    changed.push('attributes');
  }
  const united = normaliseTags([...tags, ...(incoming.tags ?? [])]);
  if (united.length !== tags.length) {
    tags = united;
    changed.push('tags');
  }
  if (changed.length === 0) return { contact, changed };
  return { contact: { ...contact, name, attributes, tags, updatedAt: now }, changed };
}

/** A contact absorbs another (same person): its values win, the other fills what it lacks. */
export function absorbContact(survivor: Contact, absorbed: Contact, now: number): MergeOutcome {
  const merged = mergeContactData(survivor, { name: absorbed.name, tags: absorbed.tags, attributes: absorbed.attributes }, now);
  const verification = survivor.verification === 'unverified' ? absorbed.verification : survivor.verification;
  const identityHash = survivor.identityHash ?? absorbed.identityHash;
  if (verification === survivor.verification && identityHash === survivor.identityHash) return merged;
  return { contact: { ...merged.contact, verification, verifiedAt: survivor.verifiedAt ?? absorbed.verifiedAt, identityHash, updatedAt: now }, changed: [...merged.changed, 'verification'] };
}

/** An explicit edit: the given values replace the contact's (attributes with `null` are removed). */
export interface ContactEdit {
  readonly name?: string;
  readonly tags?: readonly string[];
  readonly addTags?: readonly string[];
  readonly removeTags?: readonly string[];
  readonly attributes?: Readonly<Record<string, Attributes[string] | null>>;
}

export function editContact(contact: Contact, edit: ContactEdit, now: number): MergeOutcome {
  const changed: string[] = [];
  let { name, attributes, tags } = contact;
  if (edit.name !== undefined && edit.name.trim() !== name) {
    name = edit.name.trim();
    changed.push('name');
  }
  if (edit.attributes !== undefined) {
    const removed = new Set(Object.entries(edit.attributes).flatMap(([key, value]) => (value === null ? [key] : [])));
    const next: Record<string, Attributes[string]> = Object.fromEntries(
      [...Object.entries(attributes), ...Object.entries(edit.attributes)].filter((entry): entry is [string, Attributes[string]] => entry[1] !== null && !removed.has(entry[0])),
    );
    if (JSON.stringify(next) !== JSON.stringify(attributes)) {
      attributes = next;
      changed.push('attributes');
    }
  }
  const removed = new Set(normaliseTags(edit.removeTags ?? []));
  const nextTags = normaliseTags([...(edit.tags ?? tags), ...(edit.addTags ?? [])]).filter((tag) => !removed.has(tag));
  if (nextTags.join('\n') !== tags.join('\n')) {
    tags = nextTags;
    changed.push('tags');
  }
  if (changed.length === 0) return { contact, changed };
  return { contact: { ...contact, name, attributes, tags, updatedAt: now }, changed };
}

