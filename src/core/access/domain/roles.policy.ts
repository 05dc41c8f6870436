import type { Access, Actor, Role } from './access.model.js';

const rank: Readonly<Record<Role, number>> = { agent: 1, admin: 2, owner: 3 };

/** Whether `role` is at least `least`. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return rank[role] >= rank[least];
}

/** Whether the actor may call a route that declares `access`; the operator may call every route. */
export function mayAccess(actor: Actor | null, access: Access): boolean {
  if (access === 'public') return true;
  if (actor === null) return false;
  if (actor.kind === 'operator') return true;
  if (access === 'operator') return false;
  return roleAtLeast(actor.role, access);
}

/** The role an actor holds in a business (the operator acts as an owner of every business). */
export function roleOf(actor: Actor): Role {
  return actor.kind === 'operator' ? 'owner' : actor.role;
}

/**
 * Nobody hands out more than they hold: an admin invites admins and agents and makes keys up to
 * admin; only an owner (or the operator) makes owners.
 */
export function mayGrant(actor: Actor, role: Role): boolean {
  return roleAtLeast(roleOf(actor), 'admin') && roleAtLeast(roleOf(actor), role);
}

/**
 * Which business a request acts on. A business user or key always acts on its own business: naming
 * another one answers like a node that does not exist. The operator acts on the one it names, or on
 * every business when it names none (`undefined`).
 */
export type BusinessScope = { readonly ok: true; readonly businessId: string | undefined } | { readonly ok: false };

export function businessScope(actor: Actor, requested: string | undefined): BusinessScope {
  if (actor.kind === 'operator') return { ok: true, businessId: requested };
  if (requested !== undefined && requested !== actor.businessId) return { ok: false };
  return { ok: true, businessId: actor.businessId };
}

/** Whether the actor may see a node that belongs to `businessId`. */
export function canSeeBusiness(actor: Actor, businessId: string): boolean {
  return actor.kind === 'operator' || actor.businessId === businessId;
}
