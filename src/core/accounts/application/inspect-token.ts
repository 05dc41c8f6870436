import type { Clock, Credentials } from '../../shared/index.js';
import { tokenVerdict } from '../domain/access.policy.js';
import type { AccessToken, App, Principal } from '../domain/accounts.model.js';
import type { AccountsRepository } from '../ports.js';

export type TokenInspection =
  | { readonly valid: true; readonly token: AccessToken; readonly app: App | undefined; readonly wabaIds: readonly string[] }
  | { readonly valid: false; readonly reason: string; readonly token: AccessToken | undefined };

/**
 * What Graph's `debug_token` tells about a token: its app, permissions, expiry and the WABAs it
 * reaches. A caller inspects only tokens of its own business; another's looks like an unknown one.
 */
export async function inspectToken(
  deps: { readonly accounts: AccountsRepository; readonly credentials: Credentials; readonly clock: Clock },
  caller: Principal,
  inputToken: string,
): Promise<TokenInspection> {
  const token = await deps.accounts.findTokenByHash(deps.credentials.hashToken(inputToken));
  if (token === undefined || token.businessId !== caller.businessId) return { valid: false, reason: 'Invalid OAuth access token - Cannot parse access token', token: undefined };
  const verdict = tokenVerdict(token, deps.clock.now());
  if (!verdict.usable) return { valid: false, reason: `Error validating access token: the token has been ${verdict.reason}.`, token };
  const [app, wabas] = await Promise.all([deps.accounts.findApp(token.appId), deps.accounts.listWabas(token.businessId)]);
  return { valid: true, token, app, wabaIds: wabas.map((waba) => waba.id) };
}
