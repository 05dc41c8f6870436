import type { AccessToken, Permission, Principal } from './accounts.model.js';

export type TokenVerdict = { readonly usable: true } | { readonly usable: false; readonly reason: 'revoked' | 'expired' };

export function tokenVerdict(token: AccessToken, now: number): TokenVerdict {
  if (token.revokedAt !== null) return { usable: false, reason: 'revoked' };
  if (token.expiresAt !== null && token.expiresAt <= now) return { usable: false, reason: 'expired' };
  return { usable: true };
}

/** A node is visible only to tokens of the business that owns it (Graph answers 100/33 otherwise). */
export function canSeeNode(principal: Principal, node: { readonly businessId: string }): boolean {
  return principal.businessId === node.businessId;
}

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.permissions.includes(permission);
}
