import { domainError, fail, ok, type Clock, type DomainError, type Result } from '../../shared/index.js';
import type { Principal, WabaSubscription } from '../domain/accounts.model.js';
import type { AccountsRepository, CallbackVerifier } from '../ports.js';
import { resolveWaba } from './resolve-node.js';

export interface SubscribedAppsDeps {
  readonly accounts: AccountsRepository;
  readonly verifier: CallbackVerifier;
  readonly clock: Clock;
}

export interface SubscribeRequest {
  readonly principal: Principal;
  readonly wabaId: string;
  readonly overrideCallbackUri?: string;
  readonly verifyToken?: string;
}

/**
 * Subscribes the token's app to the WABA. With an override callback, Meta first performs the
 * `hub.challenge` handshake against it and refuses the subscription when it fails.
 */
export async function subscribeApp(deps: SubscribedAppsDeps, request: SubscribeRequest): Promise<Result<WabaSubscription, DomainError>> {
  const waba = await resolveWaba(deps.accounts, { principal: request.principal, id: request.wabaId, method: 'post', permission: 'whatsapp_business_management' });
  if (!waba.ok) return waba;
  const { overrideCallbackUri, verifyToken } = request;
  if ((overrideCallbackUri === undefined) !== (verifyToken === undefined)) {
    return fail(domainError('PARAMETER_MISSING', 'override_callback_uri and verify_token must be given together.'));
  }
  if (overrideCallbackUri !== undefined && verifyToken !== undefined) {
    if (!/^https?:\/\//.test(overrideCallbackUri)) {
      return fail(domainError('PARAMETER_INVALID', 'override_callback_uri must be an http or https URL.'));
    }
    const verified = await deps.verifier.verify(overrideCallbackUri, verifyToken);
    if (!verified.ok) return fail(domainError('CALLBACK_VERIFICATION_FAILED', `Callback verification failed: ${verified.error}`));
  }
  const subscription: WabaSubscription = {
    wabaId: waba.value.id,
    appId: request.principal.appId,
    overrideCallbackUri: overrideCallbackUri ?? null,
    verifyToken: verifyToken ?? null,
    createdAt: deps.clock.now(),
  };
  await deps.accounts.saveSubscription(subscription);
  return ok(subscription);
}

export interface SubscribedAppView {
  readonly subscription: WabaSubscription;
  readonly appName: string;
  readonly callbackUrl: string | null;
}

export async function listSubscribedApps(
  deps: Pick<SubscribedAppsDeps, 'accounts'>,
  request: { readonly principal: Principal; readonly wabaId: string },
): Promise<Result<SubscribedAppView[], DomainError>> {
  const waba = await resolveWaba(deps.accounts, { principal: request.principal, id: request.wabaId, method: 'get', permission: 'whatsapp_business_management' });
  if (!waba.ok) return waba;
  const subscriptions = await deps.accounts.listSubscriptions(waba.value.id);
  const views: SubscribedAppView[] = [];
  for (const subscription of subscriptions) {
    const app = await deps.accounts.findApp(subscription.appId);
    views.push({ subscription, appName: app?.name ?? '', callbackUrl: subscription.overrideCallbackUri ?? app?.callbackUrl ?? null });
  }
  return ok(views);
}

export async function unsubscribeApp(
  deps: Pick<SubscribedAppsDeps, 'accounts'>,
  request: { readonly principal: Principal; readonly wabaId: string },
): Promise<Result<void, DomainError>> {
  const waba = await resolveWaba(deps.accounts, { principal: request.principal, id: request.wabaId, method: 'delete', permission: 'whatsapp_business_management' });
  if (!waba.ok) return waba;
  await deps.accounts.deleteSubscription(waba.value.id, request.principal.appId);
  return ok(undefined);
}
