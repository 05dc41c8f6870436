/**
 * What Kabar checks of a Flow JSON before it may be published: it parses, its top level has the
 * shape Meta's Flow JSON reference gives (developers.facebook.com/docs/whatsapp/flows/reference/flowjson),
 * its version is one Kabar accepts, its screens have unique ids and one of them ends the Flow, and
 * the routing model and `navigate` actions name screens that exist. Components inside a layout are
 * not checked one by one. Errors come in Meta's `validation_errors` shape, with lines and columns.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { lineAndColumn, locateJson, syntaxErrorOffset, type JsonPositions, type TextSpan } from './json-positions.js';

export interface FlowValidationPointer {
  readonly line_start: number;
  readonly line_end: number;
  readonly column_start: number;
  readonly column_end: number;
  readonly path: string;
}

export interface FlowValidationError {
  readonly error: string;
  readonly error_type: 'JSON_SCHEMA_ERROR' | 'FLOW_JSON_ERROR';
  readonly message: string;
  readonly line_start?: number;
  readonly line_end?: number;
  readonly column_start?: number;
  readonly column_end?: number;
  readonly pointers?: readonly FlowValidationPointer[];
}

export interface FlowJsonCheck {
  readonly errors: readonly FlowValidationError[];
  readonly jsonVersion: string | null;
  readonly dataApiVersion: string | null;
}

/** Flow JSON versions Kabar accepts (Meta's changelog retires the oldest; 1.x and 2.x are gone). */
export const supportedFlowJsonVersions: readonly string[] = ['3.0', '3.1', '4.0', '5.0', '5.1', '6.0', '6.1', '6.2', '6.3', '7.0', '7.1', '7.2', '7.3'];
export const supportedDataApiVersions: readonly string[] = ['3.0'];
/** Meta takes Flow JSON files up to 10 MB. */
export const flowJsonMaxBytes = 10 * 1024 * 1024;
/** At most this many errors are reported for one file. */
const maxErrors = 50;

const flowJsonSchema = {
  type: 'object',
  required: ['version', 'screens'],
  additionalProperties: false,
  properties: {
    version: { type: 'string' },
    data_api_version: { type: 'string' },
    data_channel_uri: { type: 'string' },
    routing_model: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    screens: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'layout'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z_]+$' },
          title: { type: 'string' },
          terminal: { type: 'boolean' },
          success: { type: 'boolean' },
          refresh_on_back: { type: 'boolean' },
          data: { type: 'object' },
          sensitive: { type: 'array', items: { type: 'string' } },
          layout: {
            type: 'object',
            required: ['type', 'children'],
            properties: {
              type: { type: 'string', const: 'SingleColumnLayout' },
              children: { type: 'array', items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } } },
            },
          },
        },
      },
    },
  },
} as const;

const validateShape = new Ajv({ allErrors: true, strict: true }).compile(flowJsonSchema);

/** `/screens/0/layout/children/1/type` → `screens[0].layout.children[1].type`, as Meta's pointers print paths. */
function dottedPath(pointer: string): string {
  let path = '';
  for (const segment of pointer.split('/').slice(1)) {
    const name = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(name) ? `[${name}]` : `${path === '' ? '' : '.'}${name}`;
  }
  return path;
}

function located(span: TextSpan | undefined, pointer: string): Pick<FlowValidationError, 'line_start' | 'line_end' | 'column_start' | 'column_end' | 'pointers'> {
  if (span === undefined) return {};
  const lines = { line_start: span.lineStart, line_end: span.lineEnd, column_start: span.columnStart, column_end: span.columnEnd };
  return { ...lines, pointers: [{ ...lines, path: dottedPath(pointer) }] };
}

function schemaError(error: ErrorObject, positions: JsonPositions): FlowValidationError {
  const at = `$root${error.instancePath}`;
  if (error.keyword === 'required') {
    const property = String(error.params['missingProperty']);
    return { error: 'MISSING_REQUIRED_PROPERTY', error_type: 'JSON_SCHEMA_ERROR', message: `The property "${property}" is required at "${at}".`, ...located(positions.values.get(error.instancePath), error.instancePath) };
  }
  if (error.keyword === 'additionalProperties') {
    const property = String(error.params['additionalProperty']);
    const pointer = `${error.instancePath}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return { error: 'INVALID_PROPERTY', error_type: 'JSON_SCHEMA_ERROR', message: `The property "${property}" cannot be specified at "${at}".`, ...located(positions.keys.get(pointer), pointer) };
  }
  const property = error.instancePath.split('/').pop() ?? '';
  return {
    error: 'INVALID_PROPERTY_VALUE',
    error_type: 'JSON_SCHEMA_ERROR',
    message: `Invalid value found for property "${property}" at "${at}": it ${error.message ?? 'is invalid'}.`,
    ...located(positions.values.get(error.instancePath), error.instancePath),
  };
}

interface ScreenShape {
  readonly id: string;
  readonly terminal?: boolean;
}
interface FlowShape {
  readonly version: string;
  readonly data_api_version?: string;
  readonly routing_model?: Readonly<Record<string, readonly string[]>>;
  readonly screens: readonly ScreenShape[];
}

/** Every `navigate` action's target screen, with where it sits. */
function navigateTargets(value: unknown, pointer: string, found: { name: string; pointer: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => navigateTargets(item, `${pointer}/${index}`, found));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  const next = object['next'] as { name?: unknown } | undefined;
  if (object['name'] === 'navigate' && typeof next?.name === 'string') found.push({ name: next.name, pointer: `${pointer}/next/name` });
  for (const [key, child] of Object.entries(object)) navigateTargets(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, found);
}

/** The checks past the shape: versions, screen ids, the terminal screen, the routes between screens. */
function flowErrors(flow: FlowShape, positions: JsonPositions): FlowValidationError[] {
  const errors: FlowValidationError[] = [];
  const add = (error: string, message: string, pointer: string, key = false): void => {
    errors.push({ error, error_type: 'FLOW_JSON_ERROR', message, ...located((key ? positions.keys : positions.values).get(pointer), pointer) });
  };
  if (!supportedFlowJsonVersions.includes(flow.version)) {
    add('INVALID_FLOW_JSON_VERSION', `Flow JSON version "${flow.version}" is not available; use one of ${supportedFlowJsonVersions.join(', ')}.`, '/version');
  }
  if (flow.data_api_version !== undefined) {
    if (!supportedDataApiVersions.includes(flow.data_api_version)) {
      add('INVALID_DATA_API_VERSION', `data_api_version "${flow.data_api_version}" is not available; use ${supportedDataApiVersions.join(', ')}.`, '/data_api_version');
    }
    if (flow.routing_model === undefined) add('MISSING_ROUTING_MODEL', 'A Flow with a data_api_version (one that uses an endpoint) must declare its routing_model.', '', false);
  }
  const ids = new Set<string>();
  flow.screens.forEach((screen, index) => {
    if (ids.has(screen.id)) add('DUPLICATE_SCREEN_ID', `Screen id "${screen.id}" is used by more than one screen.`, `/screens/${index}/id`);
    ids.add(screen.id);
  });
  if (!flow.screens.some((screen) => screen.terminal === true)) add('MISSING_TERMINAL_SCREEN', 'At least one screen must be terminal ("terminal": true): the Flow has no screen that ends it.', '/screens');
  for (const [from, targets] of Object.entries(flow.routing_model ?? {})) {
    const pointer = `/routing_model/${from.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!ids.has(from)) add('INVALID_ROUTING_MODEL', `The routing model names screen "${from}", which the Flow does not have.`, pointer, true);
    targets.forEach((target, index) => {
      if (!ids.has(target)) add('INVALID_ROUTING_MODEL', `The routing model routes "${from}" to screen "${target}", which the Flow does not have.`, `${pointer}/${index}`);
    });
  }
  const targets: { name: string; pointer: string }[] = [];
  navigateTargets(flow.screens, '/screens', targets);
  for (const target of targets) {
    if (!ids.has(target.name)) add('INVALID_NAVIGATE_TARGET', `A navigate action goes to screen "${target.name}", which the Flow does not have.`, target.pointer);
  }
  return errors;
}

/** The byte-order mark some editors write; JSON.parse refuses it, Meta's validator does not mind. */
const byteOrderMark = '\uFEFF';

export function checkFlowJson(text: string): FlowJsonCheck {
  const source = text.startsWith(byteOrderMark) ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    const offset = syntaxErrorOffset(source) ?? Number(/position (\d+)/.exec(reason)?.[1] ?? source.length);
    const { line, column } = lineAndColumn(source, offset);
    return {
      errors: [{ error: 'INVALID_JSON', error_type: 'JSON_SCHEMA_ERROR', message: `The Flow JSON is not valid JSON: ${reason}.`, line_start: line, line_end: line, column_start: column, column_end: column }],
      jsonVersion: null,
      dataApiVersion: null,
    };
  }
  const root = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const jsonVersion = typeof root['version'] === 'string' ? root['version'] : null;
  const dataApiVersion = typeof root['data_api_version'] === 'string' ? root['data_api_version'] : null;
  const positions = locateJson(source);
  if (!validateShape(parsed)) {
    const errors = (validateShape.errors ?? []).slice(0, maxErrors).map((error) => schemaError(error, positions));
    return { errors, jsonVersion, dataApiVersion };
  }
  return { errors: flowErrors(parsed as FlowShape, positions).slice(0, maxErrors), jsonVersion, dataApiVersion };
}
