import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { Flow, FlowStatus } from './flow.model.js';

/** What moves a Flow: the business publishes or deprecates it; Meta's integrity checks block, throttle or restore it. */
export type FlowEvent = 'publish' | 'deprecate' | 'block' | 'throttle' | 'restore';

/** `from × event → to`; a pair missing from the table is refused with the error below. */
const transitions: Readonly<Record<FlowStatus, Partial<Record<FlowEvent, FlowStatus>>>> = {
  DRAFT: { publish: 'PUBLISHED' },
  PUBLISHED: { deprecate: 'DEPRECATED', block: 'BLOCKED', throttle: 'THROTTLED' },
  THROTTLED: { deprecate: 'DEPRECATED', block: 'BLOCKED', restore: 'PUBLISHED' },
  BLOCKED: { deprecate: 'DEPRECATED', restore: 'PUBLISHED' },
  DEPRECATED: {},
};

function refusal(flow: Flow, event: FlowEvent): DomainError {
  switch (event) {
    case 'publish':
      return domainError('FLOW_PUBLISH_INVALID_STATE', `Flow ${flow.id} is ${flow.status}: only a DRAFT can be published. Clone it (clone_flow_id) to publish a new version.`);
    case 'deprecate':
      return flow.status === 'DEPRECATED'
        ? domainError('FLOW_ALREADY_DEPRECATED', `Flow ${flow.id} is already DEPRECATED.`)
        : domainError('FLOW_DEPRECATE_UNPUBLISHED', `Flow ${flow.id} is ${flow.status}: only a published Flow can be deprecated; delete a draft instead.`);
    default:
      return domainError('PARAMETER_INVALID', `Flow ${flow.id} is ${flow.status}, which cannot ${event === 'restore' ? 'be restored' : event}.`);
  }
}

export function flowTransition(flow: Flow, event: FlowEvent): Result<FlowStatus, DomainError> {
  const next = transitions[flow.status][event];
  return next === undefined ? fail(refusal(flow, event)) : ok(next);
}
