import { resolvePhoneNumber, type AccountsRepository, type PhoneNumber, type Principal } from '../../accounts/index.js';
import type { MessagingRepository } from '../../messaging/index.js';
import { domainError, fail, ok, records, toWaId, unitOf, type Clock, type DomainError, type Result, type WriteBatcher } from '../../shared/index.js';
import { blocklistFull, blocklistLimit, blockRefusal, maxUsersPerRequest, unblockRefusal, type UserFailure } from '../domain/blocklist.policy.js';
import { blocklistChanged, type BlocklistChange, type BlocklistRepository } from '../ports.js';

export interface BlockingDeps {
  readonly accounts: AccountsRepository;
  readonly messages: Pick<MessagingRepository, 'lastInboundAt'>;
  readonly blocklist: BlocklistRepository;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
}

export interface BlockUsersRequest {
  readonly principal: Principal;
  readonly phoneNumberId: string;
  /** The users as the client wrote them (a phone number or a wa_id). */
  readonly users: readonly string[];
}

export interface UserResult {
  readonly input: string;
  /** Absent when the input is not a phone number. */
  readonly waId?: string;
}

export interface FailedUser extends UserResult {
  readonly errors: readonly UserFailure[];
}

/** Per user: who was blocked (or unblocked) and who was not, with why. */
export interface BlocklistOutcome {
  readonly done: readonly UserResult[];
  readonly failed: readonly FailedUser[];
}

interface Target {
  readonly input: string;
  readonly waId: string | undefined;
}

async function prepare(deps: BlockingDeps, request: BlockUsersRequest, method: 'post' | 'delete'): Promise<Result<{ number: PhoneNumber; targets: Target[] }, DomainError>> {
  const number = await resolvePhoneNumber(deps.accounts, { principal: request.principal, id: request.phoneNumberId, method, permission: 'whatsapp_business_messaging' });
  if (!number.ok) return number;
  if (request.users.length > maxUsersPerRequest) {
    return fail(domainError('BLOCK_USERS_TOO_MANY', `A request can block or unblock at most ${maxUsersPerRequest.toLocaleString('en-US')} users; this one names ${request.users.length.toLocaleString('en-US')}. Split it.`));
  }
  // The same normalisation as a send's `to`: a number without "+" may take the business number's country code.
  return ok({ number: number.value, targets: request.users.map((input) => ({ input, waId: toWaId(input, number.value.phoneNumber) })) });
}

const result = (target: Target): UserResult => (target.waId === undefined ? { input: target.input } : { input: target.input, waId: target.waId });
const failure = (target: Target, error: UserFailure): FailedUser => ({ ...result(target), errors: [error] });

/**
 * Blocks users of a business number: each either joins the blocklist (or was on it already) or fails
 * on its own (131047 no message in the last 24 h or not a valid user, 131021 itself, 139101 the list
 * is full). The new blocks commit together.
 */
export async function blockUsers(deps: BlockingDeps, request: BlockUsersRequest): Promise<Result<BlocklistOutcome, DomainError>> {
  const prepared = await prepare(deps, request, 'post');
  if (!prepared.ok) return prepared;
  const { number, targets } = prepared.value;
  const now = deps.clock.now();
  const known = targets.flatMap((target) => (target.waId === undefined ? [] : [target.waId]));
  const blocked = await deps.blocklist.blockedAmong(number.id, known);
  let room = blocklistLimit - (await deps.blocklist.count(number.id));
  const done: UserResult[] = [];
  const failed: FailedUser[] = [];
  const changes = new Map<string, BlocklistChange>();
  for (const target of targets) {
    const waId = target.waId;
    const facts = {
      waId,
      businessNumber: number.phoneNumber,
      isBusinessAccount: waId !== undefined && waId !== number.phoneNumber && (await deps.accounts.findPhoneNumberByNumber(waId)) !== undefined,
      alreadyBlocked: waId !== undefined && (blocked.has(waId) || changes.has(waId)),
      lastInboundAt: waId === undefined ? null : await deps.messages.lastInboundAt(number.id, waId),
    };
    const refusal = blockRefusal(target.input, facts, now);
    if (refusal !== undefined) {
      failed.push(failure(target, refusal));
      continue;
    }
    if (waId !== undefined && !facts.alreadyBlocked) {
      if (room <= 0) {
        failed.push(failure(target, blocklistFull()));
        continue;
      }
      room -= 1;
      changes.set(waId, { businessId: number.businessId, phoneNumberId: number.id, waId, blocked: true, at: now });
    }
    done.push(result(target));
  }
  if (changes.size > 0) await deps.writer.commit(unitOf(records(blocklistChanged, [...changes.values()])));
  return ok({ done, failed });
}

/** Unblocks users of a business number; one who is not blocked counts as unblocked. No 24-hour rule. */
export async function unblockUsers(deps: BlockingDeps, request: BlockUsersRequest): Promise<Result<BlocklistOutcome, DomainError>> {
  const prepared = await prepare(deps, request, 'delete');
  if (!prepared.ok) return prepared;
  const { number, targets } = prepared.value;
  const now = deps.clock.now();
  const blocked = await deps.blocklist.blockedAmong(number.id, targets.flatMap((target) => (target.waId === undefined ? [] : [target.waId])));
  const done: UserResult[] = [];
  const failed: FailedUser[] = [];
  const changes = new Map<string, BlocklistChange>();
  for (const target of targets) {
    const refusal = unblockRefusal(target.input, { waId: target.waId, businessNumber: number.phoneNumber });
    if (refusal !== undefined) {
      failed.push(failure(target, refusal));
      continue;
    }
    if (target.waId !== undefined && blocked.has(target.waId)) {
      changes.set(target.waId, { businessId: number.businessId, phoneNumberId: number.id, waId: target.waId, blocked: false, at: now });
    }
    done.push(result(target));
  }
  if (changes.size > 0) await deps.writer.commit(unitOf(records(blocklistChanged, [...changes.values()])));
  return ok({ done, failed });
}
