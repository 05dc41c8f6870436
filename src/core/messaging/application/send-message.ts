import { decodeWamid, encodeWamid, type SendMessageBody, type WebhookEnvelope } from '../../../wire/index.js';
import { resolvePhoneNumber, type AccountsRepository, type PhoneNumber, type Principal } from '../../accounts/index.js';
import { domainError, fail, ok, record, records, toWaId, unitOf, type Clock, type DomainError, type IdSource, type Result, type UnitOfWork, type UnitRecord, type WriteBatcher } from '../../shared/index.js';
import type { MessageRecord } from '../domain/message.model.js';
import { canSendFreeForm, explainClosedWindow } from '../domain/window.policy.js';
import { outboxQueued, outboxRecords, type WebhookTargets } from '../../webhooks/index.js';
import { messageStored, type DeliveryStep, type MessagingRepository, type Transport } from '../ports.js';
import { proceed, type SendContext, type SendStage, type SendVerdict } from '../stages.js';
import type { MessageComposer } from '../composers.js';
import { statusWebhook } from './webhook-values.js';

export interface SendMessageDeps {
  readonly accounts: AccountsRepository;
  readonly messages: MessagingRepository;
  readonly writer: WriteBatcher;
  readonly transport: Transport;
  readonly targets: WebhookTargets;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** The checks a send passes through, in order (see `stages.ts`; the composition root lists them). */
  readonly stages: readonly SendStage[];
  /** One composer per message type the platform sends (text is the foundation's). */
  readonly composers: ReadonlyMap<string, MessageComposer>;
}

export interface SendMessageRequest {
  readonly principal: Principal;
  readonly phoneNumberId: string;
  readonly body: SendMessageBody;
  /** Kabar's extension: a retried request with the same key gets the first answer. */
  readonly idempotencyKey?: string;
  /**
   * A digest of the whole request as the client sent it (computed at the edge): a retry must repeat
   * the request exactly, so the same key with any other field changed is refused.
   */
  readonly requestFingerprint?: string;
}

export interface SendAccepted {
  readonly input: string;
  readonly waId: string;
  readonly wamid: string;
}

function accepted(input: string, message: MessageRecord): SendAccepted {
  return { input, waId: message.waId, wamid: encodeWamid({ waId: message.waId, key: message.key }) };
}

interface Recipient {
  readonly to: string;
  readonly waId: string;
}

function recipient(body: SendMessageBody, number: PhoneNumber): Result<Recipient, DomainError> {
  if (body.to === undefined) return fail(domainError('PARAMETER_MISSING', 'The parameter to is required.'));
  const waId = toWaId(body.to, number.phoneNumber);
  if (waId === undefined) return fail(domainError('PARAMETER_INVALID', `Param to must be a valid phone number; '${body.to}' is not one.`));
  if (waId === number.phoneNumber) return fail(domainError('RECIPIENT_IS_SENDER', 'The recipient is the sending business number itself.'));
  return ok({ to: body.to, waId });
}

async function contextKey(deps: SendMessageDeps, number: PhoneNumber, wamid: string): Promise<Result<string, DomainError>> {
  const parts = decodeWamid(wamid);
  const replied = parts === undefined ? undefined : await deps.messages.findMessage(parts.key);
  if (replied === undefined || replied.phoneNumberId !== number.id) {
    return fail(domainError('PARAMETER_INVALID', `context.message_id '${wamid}' is not a message of this phone number.`));
  }
  return ok(replied.key);
}

/** The network refuses the recipient outright (not on WhatsApp): its plan is one immediate failure. */
export const recipientReachableStage: SendStage = {
  name: 'recipient-reachable',
  check(context) {
    const [first] = context.plan;
    if (first?.event !== 'failed' || first.errorCode === undefined) return proceed;
    return { outcome: 'fail', errorCode: first.errorCode, details: first.details ?? '' };
  },
};

/** Free-form messages only inside the customer-service window; templates start conversations. */
export const customerServiceWindowStage: SendStage = {
  name: 'customer-service-window',
  check(context) {
    if (context.window.open || context.message.type === 'template') return proceed;
    return { outcome: 'fail', errorCode: 131047, details: explainClosedWindow(context.window, context.now) };
  },
};

/**
 * Accepts a free-form message: checks the node and token, the body, the customer-service window,
 * and commits the message with the statuses the network will report. Outside the window the send
 * is still accepted and then fails with 131047, as the Cloud API does; a failed send still passes
 * the stages that count every accepted message (`evenIfFailed`: throughput), which may refuse it.
 */
export async function sendMessage(deps: SendMessageDeps, request: SendMessageRequest): Promise<Result<SendAccepted, DomainError>> {
  const resolved = resolvePhoneNumber(deps.accounts, { principal: request.principal, id: request.phoneNumberId, method: 'post', permission: 'whatsapp_business_messaging' });
  const number = resolved instanceof Promise ? await resolved : resolved;
  if (!number.ok) return number;
  if (!number.value.registered) return fail(domainError('NUMBER_NOT_REGISTERED', 'This phone number is not registered with the Cloud API: call /register first.'));
  const type = request.body.type ?? 'text';
  const composer = deps.composers.get(type);
  if (composer === undefined) return fail(domainError('MESSAGE_TYPE_UNSUPPORTED', `Message type '${type}' is not supported; see the Cloud API's message types.`));
  const valid = recipient(request.body, number.value);
  if (!valid.ok) return valid;
  const composed = await composer.compose({ principal: request.principal, number: number.value, body: request.body, waId: valid.value.waId, now: deps.clock.now() });
  if (!composed.ok) return composed;
  const repliedTo = request.body.context?.message_id;
  const replyContext = repliedTo === undefined ? ok(null) : await contextKey(deps, number.value, repliedTo);
  if (!replyContext.ok) return replyContext;
  const { idempotencyKey } = request;
  const replay = async (): Promise<Result<SendAccepted, DomainError> | undefined> => {
    if (idempotencyKey === undefined) return undefined;
    const earlier = await deps.messages.findByIdempotencyKey(number.value.id, idempotencyKey);
    if (earlier === undefined) return undefined;
    // A key names one request: reusing it with any field changed is a client bug, not a retry.
    const same =
      earlier.requestFingerprint !== null && request.requestFingerprint !== undefined
        ? earlier.requestFingerprint === request.requestFingerprint
        : earlier.waId === valid.value.waId && earlier.content.body === composed.value.content.body;
    if (!same) {
      return fail(domainError('PARAMETER_INVALID', `Idempotency-Key '${idempotencyKey}' was already used for a different request; a retry must repeat the request exactly.`));
    }
    return ok(accepted(valid.value.to, earlier));
  };
  const replayed = idempotencyKey === undefined ? undefined : await replay();
  if (replayed !== undefined) return replayed;

  const now = deps.clock.now();
  const message: MessageRecord = {
    key: deps.ids.key(),
    businessId: number.value.businessId,
    wabaId: number.value.wabaId,
    phoneNumberId: number.value.id,
    direction: 'outbound',
    waId: valid.value.waId,
    type: composed.value.type,
    content: composed.value.content,
    category: composed.value.category,
    status: 'accepted',
    errorCode: null,
    contextKey: replyContext.value,
    bizOpaqueCallbackData: request.body.biz_opaque_callback_data ?? null,
    idempotencyKey: idempotencyKey ?? null,
    requestFingerprint: idempotencyKey === undefined ? null : (request.requestFingerprint ?? null),
    createdAt: now,
    updatedAt: now,
  };
  // Everything that can fail is done before the commit: once the message is stored, the answer is 200.
  const answer = accepted(valid.value.to, message);
  // The window and the plan usually answer from memory, without a promise to await.
  const inbound = deps.messages.lastInboundAt(number.value.id, message.waId);
  const window = canSendFreeForm({ lastInboundAt: inbound instanceof Promise ? await inbound : inbound }, now);
  const planned = deps.transport.plan(message);
  const plan = planned instanceof Promise ? await planned : planned;
  const context: SendContext = { principal: request.principal, number: number.value, message, body: request.body, window, plan, now };
  const added: UnitRecord[] = [];
  const addedOnceFailed: UnitRecord[] = [];
  const taken: (() => Promise<void>)[] = [];
  // A refused send is not stored: what the stages before took from their budgets goes back.
  const giveBack = async (): Promise<void> => {
    for (const undo of [...taken].reverse()) await undo();
  };
  let failure: Extract<SendVerdict, { outcome: 'fail' }> | undefined;
  for (const stage of deps.stages) {
    // Once failed, the send is still accepted: only the stages every accepted send passes run on.
    if (failure !== undefined && stage.evenIfFailed !== true) continue;
    const pending = stage.check(context);
    const verdict = pending instanceof Promise ? await pending : pending;
    if (verdict.outcome === 'refuse') {
      await giveBack();
      return fail(verdict.error);
    }
    if (verdict.outcome === 'fail') {
      failure ??= verdict;
      continue;
    }
    if (verdict.giveBack !== undefined) taken.push(verdict.giveBack);
    (failure === undefined ? added : addedOnceFailed).push(...(verdict.records ?? []));
  }
  let unit: UnitOfWork = unitOf([record(messageStored, message)], added);
  let steps: readonly DeliveryStep[] = context.plan;
  if (failure !== undefined) {
    // Accepted, then failed: the failure and its webhook commit with the message itself. What the
    // stages before it added is dropped: the message will never reach the user.
    const failed: MessageRecord = { ...message, status: 'failed', errorCode: failure.errorCode };
    const found = deps.targets.forWaba(number.value.wabaId);
    const targets = found instanceof Promise ? await found : found;
    const envelope = (): WebhookEnvelope => statusWebhook(number.value, message, { event: 'failed', errorCode: failure.errorCode, details: failure.details }, now);
    unit = unitOf(
      [record(messageStored, failed)],
      records(outboxQueued, outboxRecords(deps.ids, { businessId: message.businessId, targets, envelope, now, messageKey: message.key })),
      failure.records ?? [],
      addedOnceFailed,
    );
    steps = [];
  }
  const outcome = await deps.writer.commit(unit);
  if (!outcome.committed) {
    // The same idempotency key committed first in a concurrent request: answer what it answered.
    // That request took from the budgets for the message; this one sent nothing.
    await giveBack();
    const winner = await replay();
    if (winner === undefined) throw new Error('a send lost its idempotency race but the winner cannot be found');
    return winner;
  }
  if (steps.length > 0) deps.transport.dispatch(message, steps);
  return ok(answer);
}
