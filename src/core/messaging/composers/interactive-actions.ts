/** Call-to-action URL buttons, flows (delivered and drawn; not run) and location requests. */
import type { InteractiveAction } from '../../../wire/index.js';
import { fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { InteractiveContent } from '../domain/content.model.js';
import { hasEmoji } from '../domain/emoji.policy.js';
import { firstProblem, invalid, isWebUrl, lengthProblem, malformed, missing } from './checks.js';

const parametersOf = "interactive['action']['parameters']";

function named(given: InteractiveAction, name: string): DomainError | undefined {
  if (given.name === undefined) return missing("interactive['action']['name']");
  return given.name === name ? undefined : invalid(`Param interactive['action']['name'] must be ${name}.`);
}

export function ctaUrl(given: InteractiveAction): Result<Partial<InteractiveContent>, DomainError> {
  const parameters = given.parameters;
  const problem = firstProblem(
    () => named(given, 'cta_url'),
    () => (parameters?.display_text === undefined ? missing(`${parametersOf}['display_text']`) : undefined),
    () => (parameters?.url === undefined ? missing(`${parametersOf}['url']`) : undefined),
    () => lengthProblem('Display text', parameters?.display_text ?? '', 20),
    () => (isWebUrl(parameters?.url ?? '') ? undefined : malformed(`Param ${parametersOf}['url'] is not a valid URL`)),
  );
  if (problem !== undefined) return fail(problem);
  return ok({ cta: { display_text: parameters?.display_text ?? '', url: parameters?.url ?? '' } });
}

const modes: ReadonlySet<string> = new Set(['draft', 'published']);
const flowActions: ReadonlySet<string> = new Set(['navigate', 'data_exchange']);

export function flow(given: InteractiveAction): Result<Partial<InteractiveContent>, DomainError> {
  const parameters = given.parameters;
  const unnamed = named(given, 'flow');
  if (unnamed !== undefined) return fail(unnamed);
  if (parameters === undefined) return fail(missing(parametersOf));
  const flowAction = parameters.flow_action ?? 'navigate';
  const problem = firstProblem(
    () => (parameters.flow_message_version === undefined ? missing(`${parametersOf}['flow_message_version']`) : undefined),
    () => (parameters.flow_message_version === '3' ? undefined : invalid(`Param ${parametersOf}['flow_message_version'] must be 3.`)),
    () => (parameters.flow_id === undefined && parameters.flow_name === undefined ? missing(`${parametersOf}['flow_id'] or ${parametersOf}['flow_name']`) : undefined),
    () => (parameters.flow_id !== undefined && parameters.flow_name !== undefined ? invalid(`Param ${parametersOf} takes either flow_id or flow_name, not both.`) : undefined),
    () => (parameters.flow_cta === undefined ? missing(`${parametersOf}['flow_cta']`) : undefined),
    () => lengthProblem('Flow CTA', parameters.flow_cta ?? '', 30),
    () => (hasEmoji(parameters.flow_cta ?? '') ? invalid('Flow CTA must not contain emoji.') : undefined),
    () => (parameters.mode === undefined || modes.has(parameters.mode) ? undefined : invalid(`Param ${parametersOf}['mode'] must be draft or published.`)),
    () => (flowActions.has(flowAction) ? undefined : invalid(`Param ${parametersOf}['flow_action'] must be navigate or data_exchange.`)),
    () => (flowAction === 'navigate' && parameters.flow_action_payload?.screen === undefined ? missing(`${parametersOf}['flow_action_payload']['screen']`) : undefined),
    () => {
      const data = parameters.flow_action_payload?.data;
      return data !== undefined && Object.keys(data).length === 0 ? invalid(`Param ${parametersOf}['flow_action_payload']['data'] must not be an empty object.`) : undefined;
    },
  );
  if (problem !== undefined) return fail(problem);
  return ok({
    flow: {
      ...(parameters.flow_id === undefined ? {} : { flow_id: parameters.flow_id }),
      ...(parameters.flow_name === undefined ? {} : { flow_name: parameters.flow_name }),
      flow_cta: parameters.flow_cta ?? '',
      mode: parameters.mode ?? 'published',
      flow_action: flowAction,
      ...(parameters.flow_token === undefined ? {} : { flow_token: parameters.flow_token }),
      ...(parameters.flow_action_payload === undefined ? {} : { flow_action_payload: parameters.flow_action_payload }),
    },
  });
}

export function locationRequest(given: InteractiveAction): Result<Partial<InteractiveContent>, DomainError> {
  const problem = named(given, 'send_location');
  return problem === undefined ? ok({}) : fail(problem);
}
