import { canSeeNode, hasPermission, type AccountsRepository, type Principal, type Waba } from '../../accounts/index.js';
import { notify } from '../../notifications/index.js';
import { domainError, fail, ok, record, unitOf, type Clock, type DomainError, type IdSource, type Result, type UnitRecord, type WriteBatcher } from '../../shared/index.js';
import type { WebhookTargets } from '../../webhooks/index.js';
import { checkFlowJson, flowJsonMaxBytes, type FlowValidationError } from '../domain/flow-json.policy.js';
import { editable, validCategories, validEndpointUri, validFlowName, type Flow, type FlowCategory, type FlowStatus } from '../domain/flow.model.js';
import { flowTransition, type FlowEvent } from '../domain/flow-status.machine.js';
import { flowDeleted, flowSaved, type FlowRepository } from '../ports.js';

export interface FlowsDeps {
  readonly flows: FlowRepository;
  readonly accounts: Pick<AccountsRepository, 'listPhoneNumbers'>;
  readonly writer: WriteBatcher;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly targets: WebhookTargets;
}

function unknownFlow(id: string, method: 'get' | 'post' | 'delete'): DomainError {
  return domainError('NODE_NOT_FOUND', `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`);
}

/** A Flow the principal may reach; another business's Flow and a missing one look the same (100/33). */
export async function flowOf(deps: Pick<FlowsDeps, 'flows'>, principal: Principal, id: string, method: 'get' | 'post' | 'delete'): Promise<Result<Flow, DomainError>> {
  const flow = await deps.flows.find(id);
  if (flow === undefined || !canSeeNode(principal, flow)) return fail(unknownFlow(id, method));
  if (!hasPermission(principal, 'whatsapp_business_management')) return fail(domainError('PERMISSION_DENIED', 'The access token lacks the whatsapp_business_management permission.'));
  return ok(flow);
}

/** The Flow with a new Flow JSON and what validating it found. */
function withJson(flow: Flow, text: string): Result<Flow, DomainError> {
  if (new TextEncoder().encode(text).length > flowJsonMaxBytes) return fail(domainError('PARAMETER_MALFORMED', '(#100) The Flow JSON file is larger than 10 MB.'));
  const check = checkFlowJson(text);
  return ok({ ...flow, flowJson: text, validationErrors: check.errors, jsonVersion: check.jsonVersion, dataApiVersion: check.dataApiVersion });
}

/** The `flows` webhook Meta sends when a Flow's status changes, with the feed entry beside it. */
async function statusChanged(deps: FlowsDeps, before: Flow, after: FlowStatus, now: number): Promise<UnitRecord[]> {
  return notify(
    deps,
    {
      businessId: before.businessId,
      wabaId: before.wabaId,
      kind: 'flow.status',
      severity: after === 'BLOCKED' || after === 'THROTTLED' ? 'warning' : 'info',
      title: `Flow ${before.name} is ${after}`,
      body: `Flow ${before.name} (${before.id}) changed status from ${before.status} to ${after}.`,
      data: { flow_id: before.id, old_status: before.status, new_status: after },
      webhook: {
        field: 'flows',
        value: { event: 'FLOW_STATUS_CHANGE', message: `Flow ${before.name} changed status from ${before.status} to ${after}`, flow_id: before.id, old_status: before.status, new_status: after },
      },
    },
    now,
  );
}

/** Why a draft cannot be published yet, or undefined when it can. */
async function publishProblem(deps: FlowsDeps, flow: Flow): Promise<DomainError | undefined> {
  if (flow.flowJson === null || flow.validationErrors.length > 0) {
    const count = flow.validationErrors.length;
    return domainError('FLOW_PUBLISH_VALIDATION_ERRORS', flow.flowJson === null ? `Flow ${flow.id} has no Flow JSON yet: upload flow.json first (POST /${flow.id}/assets).` : `Flow ${flow.id} has ${count} validation error${count === 1 ? '' : 's'}: fix them (GET /${flow.id}?fields=validation_errors) and upload flow.json again.`);
  }
  if (flow.dataApiVersion !== null && flow.endpointUri === null) {
    return domainError('FLOW_PUBLISH_NO_ENDPOINT', `Flow ${flow.id} uses an endpoint (data_api_version ${flow.dataApiVersion}): set its endpoint_uri (POST /${flow.id}) before publishing.`);
  }
  if ((await deps.accounts.listPhoneNumbers(flow.wabaId)).length === 0) {
    return domainError('FLOW_PUBLISH_NO_PHONE_NUMBER', `WhatsApp Business Account ${flow.wabaId} has no phone number: add one before publishing a Flow.`);
  }
  return undefined;
}

/** Moves a Flow through the status table, with its webhook, in one unit of work. */
async function move(deps: FlowsDeps, flow: Flow, event: FlowEvent, extra: readonly UnitRecord[] = []): Promise<Result<Flow, DomainError>> {
  const next = flowTransition(flow, event);
  if (!next.ok) return next;
  const now = deps.clock.now();
  const moved: Flow = { ...flow, status: next.value, updatedAt: now };
  // The extra records (a creation) come first: the last save of a Flow in a unit wins.
  await deps.writer.commit(unitOf(extra, [record(flowSaved, moved)], await statusChanged(deps, flow, next.value, now)));
  return ok(moved);
}

export interface CreateFlowInput {
  readonly name: unknown;
  readonly categories: unknown;
  readonly cloneFlowId?: unknown;
  readonly cloneTemplate?: unknown;
  readonly endpointUri?: unknown;
  readonly flowJson?: unknown;
  readonly publish?: unknown;
}

export interface CreatedFlow {
  readonly flow: Flow;
  /** Set when the request carried a Flow JSON (given or cloned): what validating it found. */
  readonly validationErrors?: readonly FlowValidationError[];
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

export async function createFlow(deps: FlowsDeps, principal: Principal, waba: Waba, input: CreateFlowInput): Promise<Result<CreatedFlow, DomainError>> {
  const name = validFlowName(input.name);
  if (!name.ok) return name;
  const categories = validCategories(input.categories);
  if (!categories.ok) return categories;
  const endpointUri = input.endpointUri === undefined || input.endpointUri === '' ? ok(null) : validEndpointUri(input.endpointUri);
  if (!endpointUri.ok) return endpointUri;
  if (input.cloneFlowId !== undefined && input.cloneTemplate !== undefined) {
    return fail(domainError('FLOW_CLONE_SOURCE_AMBIGUOUS', 'Give clone_flow_id or clone_template, not both.'));
  }
  if (input.cloneTemplate !== undefined) return fail(domainError('PARAMETER_INVALID', 'Kabar does not have Meta\'s Flow templates: clone_template is not supported; give flow_json or clone_flow_id.'));
  if (input.flowJson !== undefined && typeof input.flowJson !== 'string') return fail(domainError('PARAMETER_MALFORMED', '(#100) Param flow_json must be a string: the Flow JSON encoded as a string.'));
  if ((await deps.flows.findByName(waba.id, name.value)) !== undefined) {
    return fail(domainError('FLOW_NAME_TAKEN', `WhatsApp Business Account ${waba.id} already has a Flow named '${name.value}': Flow names are unique within a WhatsApp Business Account.`));
  }
  let source: Flow | undefined;
  if (input.cloneFlowId !== undefined) {
    const found = typeof input.cloneFlowId === 'string' ? await deps.flows.find(input.cloneFlowId) : undefined;
    if (found === undefined || !canSeeNode(principal, found)) return fail(domainError('FLOW_NOT_FOUND', `There is no Flow with ID '${String(input.cloneFlowId)}' that this token can reach.`));
    source = found;
  }
  const now = deps.clock.now();
  let flow: Flow = {
    id: deps.ids.nodeId(),
    businessId: waba.businessId,
    wabaId: waba.id,
    name: name.value,
    categories: categories.value as FlowCategory[],
    status: 'DRAFT',
    flowJson: null,
    validationErrors: [],
    jsonVersion: null,
    dataApiVersion: null,
    endpointUri: endpointUri.value ?? source?.endpointUri ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const json = typeof input.flowJson === 'string' ? input.flowJson : (source?.flowJson ?? undefined);
  if (json !== undefined) {
    const checked = withJson(flow, json);
    if (!checked.ok) return checked;
    flow = checked.value;
  }
  const created = record(flowSaved, flow);
  if (isTrue(input.publish) && json !== undefined && (await publishProblem(deps, flow)) === undefined) {
    const published = await move(deps, flow, 'publish', [created]);
    if (!published.ok) return published;
    return ok({ flow: published.value, validationErrors: flow.validationErrors });
  }
  await deps.writer.commit(unitOf([created]));
  return ok(json === undefined ? { flow } : { flow, validationErrors: flow.validationErrors });
}

export interface FlowMetadataInput {
  readonly name?: unknown;
  readonly categories?: unknown;
  readonly endpointUri?: unknown;
}

export async function updateFlowMetadata(deps: FlowsDeps, flow: Flow, input: FlowMetadataInput): Promise<Result<Flow, DomainError>> {
  const draft = editable(flow);
  if (!draft.ok) return draft;
  let updated: Flow = flow;
  if (input.name !== undefined) {
    const name = validFlowName(input.name);
    if (!name.ok) return name;
    const other = await deps.flows.findByName(flow.wabaId, name.value);
    if (other !== undefined && other.id !== flow.id) return fail(domainError('FLOW_NAME_TAKEN', `WhatsApp Business Account ${flow.wabaId} already has a Flow named '${name.value}'.`));
    updated = { ...updated, name: name.value };
  }
  if (input.categories !== undefined) {
    const categories = validCategories(input.categories);
    if (!categories.ok) return categories;
    updated = { ...updated, categories: categories.value };
  }
  if (input.endpointUri !== undefined) {
    const endpointUri = validEndpointUri(input.endpointUri);
    if (!endpointUri.ok) return endpointUri;
    updated = { ...updated, endpointUri: endpointUri.value };
  }
  updated = { ...updated, updatedAt: deps.clock.now() };
  await deps.writer.commit(unitOf([record(flowSaved, updated)]));
  return ok(updated);
}

/** `POST /{flow-id}/assets`: a new `flow.json` for a draft, validated; errors do not refuse the upload. */
export async function uploadFlowJson(deps: FlowsDeps, flow: Flow, asset: { readonly name: unknown; readonly assetType: unknown; readonly text: string | undefined }): Promise<Result<Flow, DomainError>> {
  if (asset.assetType !== 'FLOW_JSON') return fail(domainError('PARAMETER_MALFORMED', `(#100) Param asset_type must be FLOW_JSON; got '${String(asset.assetType ?? '')}'.`));
  if (asset.name !== 'flow.json') return fail(domainError('PARAMETER_MALFORMED', `(#100) Param name must be flow.json; got '${String(asset.name ?? '')}'.`));
  if (asset.text === undefined) return fail(domainError('PARAMETER_MALFORMED', '(#100) The parameter file is required: send the Flow JSON as a multipart file.'));
  const draft = editable(flow);
  if (!draft.ok) return draft;
  const checked = withJson(flow, asset.text);
  if (!checked.ok) return checked;
  const updated = { ...checked.value, updatedAt: deps.clock.now() };
  await deps.writer.commit(unitOf([record(flowSaved, updated)]));
  return ok(updated);
}

export async function publishFlow(deps: FlowsDeps, flow: Flow): Promise<Result<Flow, DomainError>> {
  const allowed = flowTransition(flow, 'publish');
  if (!allowed.ok) return allowed;
  const problem = await publishProblem(deps, flow);
  return problem === undefined ? move(deps, flow, 'publish') : fail(problem);
}

export function deprecateFlow(deps: FlowsDeps, flow: Flow): Promise<Result<Flow, DomainError>> {
  return move(deps, flow, 'deprecate');
}

/** What Meta's integrity checks do to a published Flow, played by the simulator's operator. */
export function changeFlowHealth(deps: FlowsDeps, flow: Flow, event: 'block' | 'throttle' | 'restore'): Promise<Result<Flow, DomainError>> {
  return move(deps, flow, event);
}

/** Only a draft can be deleted; a published Flow is deprecated instead. */
export async function deleteFlow(deps: FlowsDeps, flow: Flow): Promise<Result<void, DomainError>> {
  if (flow.status !== 'DRAFT') {
    return fail(domainError('FLOW_DELETE_PUBLISHED', `Flow ${flow.id} is ${flow.status}: only a DRAFT can be deleted; deprecate a published Flow instead (POST /${flow.id}/deprecate).`));
  }
  await deps.writer.commit(unitOf([record(flowDeleted, { id: flow.id })]));
  return ok(undefined);
}
