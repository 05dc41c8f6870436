/**
 * A composer turns the `<type>` object of a send request into the content Kabar stores and the
 * simulated phone renders, with Meta's validation for that type. One composer per message type;
 * modules register theirs (media types, interactive, templates) through the composition root.
 */
import type { SendMessageBody } from '../../wire/index.js';
import type { PhoneNumber, Principal } from '../accounts/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../shared/index.js';
import type { MessageCategory, MessageContent, MessageType } from './domain/message.model.js';

export interface ComposeContext {
  readonly principal: Principal;
  readonly number: PhoneNumber;
  readonly body: SendMessageBody;
  /** The recipient, normalised. */
  readonly waId: string;
  readonly now: number;
}

export interface ComposedMessage {
  readonly type: MessageType;
  readonly content: MessageContent;
  /** `service` for anything but a template, whose category it carries. */
  readonly category: MessageCategory;
}

export interface MessageComposer {
  /** The request `type` it composes. */
  readonly type: string;
  compose(context: ComposeContext): Promise<Result<ComposedMessage, DomainError>>;
}

export const textComposer: MessageComposer = {
  type: 'text',
  compose({ body }) {
    if (body.text === undefined) return Promise.resolve(fail(domainError('PARAMETER_MISSING', 'The parameter text is required.')));
    const content = { body: body.text.body, ...(body.text.preview_url === undefined ? {} : { previewUrl: body.text.preview_url }) };
    return Promise.resolve(ok({ type: 'text', content, category: 'service' }));
  },
};
