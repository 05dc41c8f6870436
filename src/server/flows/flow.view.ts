/**
 * A Flow as Graph shows it: the fields of `GET /{flow-id}` (with `fields`, Meta's default five
 * without), the preview with its `invalidate` modifier, and the HTML page its preview link opens.
 */
import type { Principal, Waba } from '../../core/accounts/index.js';
import type { Flow } from '../../core/flows/index.js';
import { domainError, fail, ok, type DomainError, type Result } from '../../core/shared/index.js';
import { parseFieldExpansion, type ExpandedField } from '../../wire/index.js';

export const defaultFlowFields = ['id', 'name', 'status', 'categories', 'validation_errors'];

const plainFields = ['id', 'name', 'status', 'categories', 'validation_errors', 'json_version', 'data_api_version', 'endpoint_uri', 'updated_at'] as const;
const otherFields = ['preview', 'whatsapp_business_account', 'application', 'health_status'] as const;

/** Graph's time format: `2023-05-21T11:18:09+0000`. */
export function graphTime(epochMilliseconds: number): string {
  return new Date(epochMilliseconds).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export function plainFlowFields(flow: Flow): Record<(typeof plainFields)[number], unknown> {
  return {
    id: flow.id,
    name: flow.name,
    status: flow.status,
    categories: flow.categories,
    validation_errors: flow.validationErrors,
    json_version: flow.jsonVersion ?? undefined,
    data_api_version: flow.dataApiVersion ?? undefined,
    endpoint_uri: flow.endpointUri ?? undefined,
    updated_at: graphTime(flow.updatedAt),
  };
}

/** Whether messages of the Flow can be sent, as `health_status` tells it. */
export function healthStatus(flow: Flow): Record<string, unknown> {
  const canSend = flow.status === 'BLOCKED' || flow.status === 'DEPRECATED' ? 'BLOCKED' : flow.status === 'THROTTLED' ? 'LIMITED' : 'AVAILABLE';
  return { can_send_message: canSend, entities: [{ entity_type: 'FLOW', id: flow.id, can_send_message: canSend }] };
}

export interface FlowFieldRequest {
  readonly fields: readonly ExpandedField[];
  /** `preview.invalidate(true)`: a new preview link, and the old ones stop working. */
  readonly invalidatePreview: boolean;
}

export function requestedFlowFields(text: string | undefined): Result<FlowFieldRequest, DomainError> {
  if (text === undefined || text.trim() === '') return ok({ fields: defaultFlowFields.map((name) => ({ name, modifiers: [] })), invalidatePreview: false });
  const parsed = parseFieldExpansion(text);
  if (!parsed.ok) return fail(domainError('PARAMETER_MALFORMED', `(#100) fields: ${parsed.reason}`));
  let invalidatePreview = false;
  for (const field of parsed.fields) {
    if (!(plainFields as readonly string[]).includes(field.name) && !(otherFields as readonly string[]).includes(field.name)) {
      return fail(domainError('FIELD_UNKNOWN', `(#100) Tried accessing nonexisting field (${field.name}) on node type (WhatsAppFlow)`));
    }
    for (const modifier of field.modifiers) {
      if (field.name !== 'preview' || modifier.name !== 'invalidate') return fail(domainError('PARAMETER_MALFORMED', `(#100) fields: ${field.name} takes no modifier ${modifier.name}.`));
      invalidatePreview = modifier.values[0] === 'true';
    }
  }
  return ok({ fields: parsed.fields, invalidatePreview });
}

export interface FlowViewContext {
  readonly waba: Waba | undefined;
  readonly principal: Principal;
  readonly appName: string | undefined;
  readonly preview: () => { readonly preview_url: string; readonly expires_at: string };
}

export function flowView(flow: Flow, request: FlowFieldRequest, context: FlowViewContext): Record<string, unknown> {
  const plain: Record<string, unknown> = plainFlowFields(flow);
  const answer: Record<string, unknown> = {};
  for (const field of request.fields) {
    if (field.name === 'preview') answer['preview'] = context.preview();
    else if (field.name === 'whatsapp_business_account') {
      answer[field.name] = context.waba === undefined ? { id: flow.wabaId } : { id: context.waba.id, name: context.waba.name, currency: context.waba.currency, timezone_id: context.waba.timezoneId, message_template_namespace: `kabar_${context.waba.id}` };
    } else if (field.name === 'application') {
      answer[field.name] = { id: context.principal.appId, ...(context.appName === undefined ? {} : { name: context.appName }), link: `https://www.facebook.com/games/?app_id=${context.principal.appId}` };
    } else if (field.name === 'health_status') answer[field.name] = healthStatus(flow);
    else if (plain[field.name] !== undefined) answer[field.name] = plain[field.name];
  }
  answer['id'] = flow.id;
  return answer;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The words a component shows (a heading's text, an input's label, a footer's button). */
function componentLine(component: unknown): string {
  if (component === null || typeof component !== 'object') return '';
  const fields = component as Record<string, unknown>;
  const type = typeof fields['type'] === 'string' ? fields['type'] : 'Component';
  const words = [fields['text'], fields['label'], fields['name']].find((value): value is string => typeof value === 'string');
  return `<li><span class="type">${escapeHtml(type)}</span>${words === undefined ? '' : ` ${escapeHtml(words)}`}</li>`;
}

/** A plain page of the Flow's screens, each with its components, and the Flow JSON below. */
export function previewPage(flow: Flow): string {
  let screens: unknown[] = [];
  try {
    const parsed = JSON.parse(flow.flowJson ?? '{}') as { screens?: unknown };
    screens = Array.isArray(parsed.screens) ? parsed.screens : [];
  } catch {
    screens = [];
  }
  const sections = screens.map((screen) => {
    const fields = (screen ?? {}) as Record<string, unknown>;
    const layout = (fields['layout'] ?? {}) as { children?: unknown };
    const children = Array.isArray(layout.children) ? layout.children : [];
    const title = typeof fields['title'] === 'string' ? fields['title'] : String(fields['id'] ?? '');
    return `<section><h2>${escapeHtml(title)} <small>${escapeHtml(String(fields['id'] ?? ''))}${fields['terminal'] === true ? ' · terminal' : ''}</small></h2><ul>${children.map(componentLine).join('')}</ul></section>`;
  });
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(flow.name)} · Flow preview</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}section{border:1px solid #ccc;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}.type{font-family:monospace;color:#555}pre{background:#f5f5f5;padding:1rem;overflow:auto}</style></head><body>',
    `<h1>${escapeHtml(flow.name)}</h1><p>Status: ${flow.status}. Kabar draws the screens and their components; it does not run the Flow.</p>`,
    sections.length === 0 ? '<p>This Flow has no Flow JSON yet.</p>' : sections.join(''),
    `<h2>Flow JSON</h2><pre>${escapeHtml(flow.flowJson ?? '')}</pre></body></html>`,
  ].join('\n');
}
