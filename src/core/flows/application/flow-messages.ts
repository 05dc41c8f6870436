/**
 * Flows in messages: a Flow message must name a Flow of the sending number's WABA that may be sent
 * (checked on the request, before anything is stored), and a simulated user who completes the Flow
 * answers with the `nfm_reply` Meta's webhook carries.
 */
import {
  messageOnThePhone, proceed, receiveMessage, type InteractiveContent, type MessageRecord, type PhoneActor, type ReceiveMessageDeps, type SendStage, type SendVerdict,
} from '../../messaging/index.js';
import type { PhoneNumber } from '../../accounts/index.js';
import { domainError, fail, type DomainError, type Result } from '../../shared/index.js';
import type { Flow } from '../domain/flow.model.js';
import type { FlowRepository } from '../ports.js';

/** The Flow parameters a message was sent with, or undefined when it is not a Flow message. */
function flowParameters(message: MessageRecord): Readonly<Record<string, unknown>> | undefined {
  if (message.type !== 'interactive') return undefined;
  const content = message.content as Partial<InteractiveContent>;
  return content.type === 'flow' ? content.flow : undefined;
}

function sendProblem(flow: Flow | undefined, reference: string, wabaId: string, mode: unknown): DomainError | undefined {
  if (flow === undefined) return domainError('PARAMETER_INVALID', `WhatsApp Business Account ${wabaId} has no Flow ${reference}: create it first (POST /${wabaId}/flows).`);
  switch (flow.status) {
    case 'DRAFT':
      return mode === 'draft' ? undefined : domainError('PARAMETER_INVALID', `Flow ${flow.id} is a DRAFT: send it with mode "draft" to test it, or publish it first.`);
    case 'DEPRECATED':
      return domainError('PARAMETER_INVALID', `Flow ${flow.id} is DEPRECATED and can no longer be sent.`);
    case 'BLOCKED':
      return domainError('FLOW_BLOCKED', `Flow ${flow.id} is BLOCKED: its health checks failed, so it cannot be sent.`);
    case 'THROTTLED':
      return domainError('FLOW_THROTTLED', `Flow ${flow.id} is THROTTLED: Meta then lets 10 messages an hour through; Kabar refuses every send until it is PUBLISHED again.`);
    case 'PUBLISHED':
      return undefined;
  }
}

/** Send stage: the `flow_id` or `flow_name` of an interactive `flow` message must be a sendable Flow of the number's WABA. */
export function flowSendStage(flows: FlowRepository): SendStage {
  return {
    name: 'flows.message',
    check({ number, message }) {
      const parameters = flowParameters(message);
      return parameters === undefined ? proceed : checkFlow(flows, number, parameters);
    },
  };
}

/** The Flow a message names must be one of the number's WABA that may be sent in the message's mode. */
async function checkFlow(flows: FlowRepository, number: PhoneNumber, parameters: Readonly<Record<string, unknown>>): Promise<SendVerdict> {
  const flowId = parameters['flow_id'];
  const flowName = parameters['flow_name'];
  const found = typeof flowId === 'string' ? await flows.find(flowId) : typeof flowName === 'string' ? await flows.findByName(number.wabaId, flowName) : undefined;
  const flow = found?.wabaId === number.wabaId ? found : undefined;
  const reference = typeof flowId === 'string' ? `with ID '${flowId}'` : `named '${String(flowName)}'`;
  const problem = sendProblem(flow, reference, number.wabaId, parameters['mode']);
  return problem === undefined ? proceed : { outcome: 'refuse', error: problem };
}

export interface CompleteFlowRequest extends PhoneActor {
  /** The wamid of the Flow message the user opened. */
  readonly messageId: string;
  /** What the user entered: the terminal screen's `complete` payload. */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * The simulated user completes the Flow of a message they received: the business gets an
 * `interactive` `nfm_reply` (`name: "flow"`, `body: "Sent"`, `response_json` with the message's
 * `flow_token`, or `"unused"` when it had none, and the data), with `context` naming the message.
 */
export async function completeFlow(deps: ReceiveMessageDeps, request: CompleteFlowRequest): Promise<Result<{ wamid: string; message: MessageRecord }, DomainError>> {
  const found = await messageOnThePhone(deps.messages, request, request.messageId);
  if (!found.ok) return found;
  const message = found.value;
  const parameters = message.direction === 'outbound' ? flowParameters(message) : undefined;
  if (parameters === undefined) return fail(domainError('PARAMETER_INVALID', `'${request.messageId}' is not a Flow message: only an interactive flow message can be completed.`));
  const token = typeof parameters['flow_token'] === 'string' ? parameters['flow_token'] : 'unused';
  // The token first, as Meta's webhook shows it; a `flow_token` among the data cannot replace it.
  const data = Object.entries(request.data).filter(([key]) => key !== 'flow_token');
  const responseJson = JSON.stringify(Object.fromEntries([['flow_token', token], ...data]));
  return receiveMessage(deps, {
    phoneNumberId: message.phoneNumberId,
    from: request.waId,
    profileName: request.profileName,
    payload: { type: 'interactive', content: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: responseJson } } },
    contextWamid: request.messageId,
  });
}
