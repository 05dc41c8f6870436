import { domainError, fail, ok, type DomainError, type Result } from '../../shared/index.js';
import type { FlowValidationError } from './flow-json.policy.js';

/** Meta's Flow categories (developers.facebook.com/docs/whatsapp/flows/reference/flowsapi). */
export const flowCategories = ['SIGN_UP', 'SIGN_IN', 'APPOINTMENT_BOOKING', 'LEAD_GENERATION', 'CONTACT_US', 'CUSTOMER_SUPPORT', 'SURVEY', 'OTHER'] as const;
export type FlowCategory = (typeof flowCategories)[number];

/** A Flow's states (developers.facebook.com/docs/whatsapp/flows/guides/lifecycle); the moves between them are `flow-status.machine.ts`. */
export type FlowStatus = 'DRAFT' | 'PUBLISHED' | 'DEPRECATED' | 'BLOCKED' | 'THROTTLED';

/** A WhatsApp Flow of a WABA: its metadata, its one Flow JSON asset and what validating that asset found. */
export interface Flow {
  readonly id: string;
  readonly businessId: string;
  readonly wabaId: string;
  readonly name: string;
  readonly categories: readonly FlowCategory[];
  readonly status: FlowStatus;
  /** The Flow JSON as uploaded (the bytes the `flow.json` asset serves), or null before any upload. */
  readonly flowJson: string | null;
  readonly validationErrors: readonly FlowValidationError[];
  readonly jsonVersion: string | null;
  readonly dataApiVersion: string | null;
  readonly endpointUri: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Meta does not publish a limit on names; Kabar keeps them to 200 characters. */
export const flowNameMaxLength = 200;

const malformed = (details: string): DomainError => domainError('PARAMETER_MALFORMED', details);

export function validFlowName(value: unknown): Result<string, DomainError> {
  if (value === undefined || value === null || value === '') return fail(malformed('(#100) The parameter name is required.'));
  if (typeof value !== 'string' || value.trim() === '') return fail(malformed('(#100) Param name must be a non-empty string.'));
  if ([...value].length > flowNameMaxLength) return fail(malformed(`(#100) Param name must be at most ${flowNameMaxLength} characters long.`));
  return ok(value);
}

function isCategory(value: unknown): value is FlowCategory {
  return typeof value === 'string' && (flowCategories as readonly string[]).includes(value);
}

/**
 * `categories`: a JSON array, or (as form fields carry it) the array as a JSON string or a
 * comma-separated list. At least one, each one of Meta's eight.
 */
export function validCategories(value: unknown): Result<readonly FlowCategory[], DomainError> {
  if (value === undefined || value === null || value === '') return fail(malformed('(#100) The parameter categories is required.'));
  let given: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    try {
      given = text.startsWith('[') ? (JSON.parse(text) as unknown) : text.split(',').map((part) => part.trim());
    } catch {
      return fail(malformed('(#100) Param categories must be an array of categories.'));
    }
  }
  if (!Array.isArray(given) || given.length === 0) return fail(malformed('(#100) Param categories must be an array with at least one category.'));
  const unknown = given.find((category) => !isCategory(category));
  if (unknown !== undefined) return fail(malformed(`(#100) Param categories[] must be one of {${flowCategories.join(', ')}} - got "${String(unknown)}".`));
  return ok([...new Set(given as FlowCategory[])]);
}

/** `endpoint_uri`: the URL of the business's Flow endpoint (Kabar stores it; it does not call it). */
export function validEndpointUri(value: unknown): Result<string, DomainError> {
  const invalid = fail(domainError('FLOW_ENDPOINT_URI_INVALID', `Param endpoint_uri must be a valid https URL; got '${String(value)}'.`));
  if (typeof value !== 'string' || value.length > 2000) return invalid;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? ok(value) : invalid;
  } catch {
    return invalid;
  }
}

/** Whether the business may still change the Flow: only a draft takes new metadata or JSON. */
export function editable(flow: Flow): Result<Flow, DomainError> {
  if (flow.status === 'DRAFT') return ok(flow);
  return fail(domainError('FLOW_NOT_EDITABLE', `Flow ${flow.id} is ${flow.status}: only a DRAFT can be changed. Clone it (clone_flow_id) and publish the new Flow instead.`));
}
