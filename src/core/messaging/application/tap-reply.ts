import { domainError, fail, type DomainError, type Result } from '../../shared/index.js';
import type { InteractiveContent, TappableButton } from '../domain/content.model.js';
import type { InboundPayload } from '../domain/content.model.js';
import type { MessageRecord } from '../domain/message.model.js';
import { messageOnThePhone, type PhoneActor } from './on-the-phone.js';
import { receiveMessage, type ReceiveMessageDeps } from './receive-message.js';

export interface TapRequest extends PhoneActor {
  /** The wamid of the message whose button or row the user taps. */
  readonly messageId: string;
  /** The id of the button or list row. */
  readonly replyId: string;
}

function buttonsOf(message: MessageRecord): readonly TappableButton[] {
  const buttons = message.content['buttons'];
  return Array.isArray(buttons) ? (buttons as TappableButton[]) : [];
}

/** What tapping `replyId` on the message sends: a button_reply, a list_reply, or a template button. */
function answerTo(message: MessageRecord, replyId: string): InboundPayload | undefined {
  // Only reply and quick-reply buttons answer the business; a URL, call or copy-code button does not.
  const button = buttonsOf(message).find((candidate) => candidate.id === replyId && (candidate.kind === 'reply' || candidate.kind === 'quick_reply'));
  if (button !== undefined) {
    return button.kind === 'quick_reply'
      ? { type: 'button', content: { text: button.title, payload: button.payload ?? button.title } }
      : { type: 'interactive', content: { type: 'button_reply', button_reply: { id: button.id, title: button.title } } };
  }
  const sections = (message.content as Partial<InteractiveContent>).list?.sections ?? [];
  const row = sections.flatMap((section) => section.rows).find((candidate) => candidate.id === replyId);
  if (row === undefined) return undefined;
  return { type: 'interactive', content: { type: 'list_reply', list_reply: { id: row.id, title: row.title, ...(row.description === undefined ? {} : { description: row.description }) } } };
}

function offered(message: MessageRecord): string[] {
  const rows = (message.content as Partial<InteractiveContent>).list?.sections.flatMap((section) => section.rows) ?? [];
  return [...buttonsOf(message).filter((button) => button.kind === 'reply' || button.kind === 'quick_reply').map((button) => button.id), ...rows.map((row) => row.id)];
}

/**
 * The simulated user taps a reply button or picks a list row of a message they received: the
 * business gets the answer with `context` naming that message.
 */
export async function tapReply(deps: ReceiveMessageDeps, request: TapRequest): Promise<Result<{ wamid: string; message: MessageRecord }, DomainError>> {
  const found = await messageOnThePhone(deps.messages, request, request.messageId);
  if (!found.ok) return found;
  const message = found.value;
  const payload = message.direction === 'outbound' ? answerTo(message, request.replyId) : undefined;
  if (payload === undefined) {
    const ids = message.direction === 'outbound' ? offered(message) : [];
    return fail(
      domainError(
        'PARAMETER_INVALID',
        ids.length === 0 ? `'${request.messageId}' has no button or list row to tap.` : `'${request.messageId}' has no button or row '${request.replyId}'; it offers ${ids.map((id) => `'${id}'`).join(', ')}.`,
      ),
    );
  }
  return receiveMessage(deps, { phoneNumberId: message.phoneNumberId, from: request.waId, profileName: request.profileName, payload, contextWamid: request.messageId });
}
