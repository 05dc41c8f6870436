/**
 * The one mapper from DomainError codes (and Fastify's own failures) to an HTTP status and the Graph
 * error envelope. docs/errors.md lists every row of this table.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { graphErrorEnvelope, unknownNodeSubcode, type GraphErrorBody, type GraphErrorCode } from '../wire/index.js';
import type { DomainError, DomainErrorCode } from '../core/shared/index.js';

interface Mapping {
  readonly code: GraphErrorCode;
  readonly subcode?: number;
  readonly useDetailsAsMessage?: boolean;
  /** The message is "(#code) details", as Graph words some parameter errors. */
  readonly codeAndDetailsAsMessage?: boolean;
  readonly type?: 'OAuthException' | 'GraphMethodException';
  /** Template management answers carry a title for people (`error_user_title`) and the details as `error_user_msg`. */
  readonly userTitle?: string;
  readonly httpStatus?: number;
}

export const domainErrorMappings: Readonly<Record<DomainErrorCode, Mapping>> = {
  AUTH_TOKEN_MISSING: { code: 190, useDetailsAsMessage: true },
  AUTH_TOKEN_INVALID: { code: 190, useDetailsAsMessage: true },
  PERMISSION_DENIED: { code: 10 },
  NODE_NOT_FOUND: { code: 100, subcode: unknownNodeSubcode, useDetailsAsMessage: true, type: 'GraphMethodException' },
  PARAMETER_MISSING: { code: 131008 },
  PARAMETER_INVALID: { code: 131009 },
  PARAMETER_MALFORMED: { code: 100, useDetailsAsMessage: true },
  PARAMETER_NUL: { code: 100, useDetailsAsMessage: false },
  FIELD_UNKNOWN: { code: 100, useDetailsAsMessage: true },
  MESSAGE_TYPE_UNSUPPORTED: { code: 131051 },
  RECIPIENT_IS_SENDER: { code: 131021 },
  NUMBER_NOT_REGISTERED: { code: 133010 },
  CALLBACK_VERIFICATION_FAILED: { code: 2200 },
  TEMPLATE_NOT_FOUND: { code: 132001 },
  TEMPLATE_PAUSED: { code: 132015 },
  TEMPLATE_DISABLED: { code: 132016 },
  TEMPLATE_PARAMETER_COUNT: { code: 132000 },
  TEMPLATE_PARAMETER_FORMAT: { code: 132012 },
  TEMPLATE_PARAMETER_INVALID: { code: 132008 },
  TEMPLATE_TEXT_TOO_LONG: { code: 132005 },
  TEMPLATE_CHARACTER_POLICY: { code: 132007 },
  TEMPLATE_INVALID: { code: 100, userTitle: 'Invalid parameter' },
  TEMPLATE_NAME_LANGUAGE_EXISTS: { code: 100, subcode: 2388024, userTitle: 'Content in this language already exists' },
  TEMPLATE_NAME_BEING_DELETED: { code: 100, subcode: 2388023, userTitle: 'Content in this language is being deleted' },
  TEMPLATE_FIELD_TOO_LONG: { code: 100, subcode: 2388040, userTitle: 'Character limit hit' },
  TEMPLATE_HEADER_FORMAT: { code: 100, subcode: 2388047, userTitle: 'Message header format is incorrect' },
  TEMPLATE_BODY_FORMAT: { code: 100, subcode: 2388072, userTitle: 'Message body format is incorrect' },
  TEMPLATE_FOOTER_FORMAT: { code: 100, subcode: 2388073, userTitle: 'Message footer format is incorrect' },
  TEMPLATE_PARAMS_RATIO: { code: 100, subcode: 2388293, userTitle: 'Too many variables for the length of the message' },
  TEMPLATE_DANGLING_PARAMETER: { code: 100, subcode: 2388299, userTitle: 'Variables can\'t be at the start or end of the template' },
  TEMPLATE_LIMIT_REACHED: { code: 100, subcode: 2388019, userTitle: 'Message template limit reached' },
  TEMPLATE_EDIT_REFUSED: { code: 100, userTitle: 'This template can\'t be edited' },
  TEMPLATE_EDIT_LIMIT: { code: 100, userTitle: 'Edit limit reached' },
  SIGN_IN_THROTTLED: { code: 4, useDetailsAsMessage: true, httpStatus: 429 },
  CSRF_TOKEN_INVALID: { code: 10, useDetailsAsMessage: true },
  FIELD_VALUE_INVALID: { code: 100 },
  REQUEST_CONFLICT: { code: 100 },
  NUMBER_LIMIT_REACHED: { code: 100 },
  NUMBER_ON_WHATSAPP: { code: 100 },
  NUMBER_NOT_VERIFIED: { code: 133006 },
  VERIFICATION_CODE_MISMATCH: { code: 136025 },
  PIN_MISMATCH: { code: 133005 },
  PIN_TOO_MANY_GUESSES: { code: 133008 },
  PIN_GUESSED_TOO_FAST: { code: 133009 },
  REGISTRATION_RATE_LIMITED: { code: 133016 },
  NUMBER_PENDING_REVIEW: { code: 131031 },
  NUMBER_OFFLINE: { code: 368 },
  NOT_ELIGIBLE: { code: 100 },
  CHECKS_BLOCKED: { code: 368 },
  OPT_IN_REQUIRED: { code: 4900001 },
  IDENTITY_UNACKNOWLEDGED: { code: 4900002 },
  MEDIA_PARAMETER_INVALID: { code: 100, codeAndDetailsAsMessage: true },
  MEDIA_TOO_LARGE: { code: 131053 },
  MEDIA_ID_INVALID: { code: 100, codeAndDetailsAsMessage: true },
  // A download URL that is unknown, expired or another business's: 404, as Meta's media URLs answer.
  MEDIA_DOWNLOAD_NOT_FOUND: { code: 100, subcode: unknownNodeSubcode, useDetailsAsMessage: true, type: 'GraphMethodException', httpStatus: 404 },
  MESSAGING_LIMIT_REACHED: { code: 131048 },
  ESCALATION_PATH_INDIRECT: { code: 100, useDetailsAsMessage: true },
  THROUGHPUT_EXCEEDED: { code: 130429 },
  PAIR_RATE_LIMITED: { code: 131056 },
  BLOCK_USERS_TOO_MANY: { code: 130429 },
  RECIPIENT_BLOCKED: { code: 131026 },
  ACCOUNT_IN_MAINTENANCE: { code: 131057 },
  FLOW_NAME_TAKEN: { code: 100, userTitle: 'Flow name is not unique' },
  FLOW_NOT_FOUND: { code: 100, userTitle: 'Flow with specified ID does not exist' },
  FLOW_CLONE_SOURCE_AMBIGUOUS: { code: 100, userTitle: 'Only one clone source can be set' },
  FLOW_ENDPOINT_URI_INVALID: { code: 100, userTitle: 'Invalid Endpoint URI' },
  FLOW_NOT_EDITABLE: { code: 139001, userTitle: 'Flow can\'t be updated' },
  FLOW_PUBLISH_INVALID_STATE: { code: 139002, userTitle: 'Publishing Flow in invalid state' },
  FLOW_PUBLISH_VALIDATION_ERRORS: { code: 139002, userTitle: 'Publishing Flow with validation errors' },
  FLOW_PUBLISH_NO_ENDPOINT: { code: 139002, userTitle: 'Publishing without specifying endpoint_uri is forbidden' },
  FLOW_PUBLISH_NO_PHONE_NUMBER: { code: 139002, userTitle: 'No Phone Number connected to WhatsApp Business Account' },
  FLOW_DEPRECATE_UNPUBLISHED: { code: 139003, userTitle: 'Can\'t deprecate unpublished flow' },
  FLOW_ALREADY_DEPRECATED: { code: 139003, userTitle: 'Flow is already deprecated' },
  FLOW_DELETE_PUBLISHED: { code: 139004, userTitle: 'Can\'t delete published Flow' },
  FLOW_BLOCKED: { code: 132068 },
  FLOW_THROTTLED: { code: 132069 },
};

export function traceId(): string {
  return randomBytes(9).toString('base64').replace(/[+/=]/g, 'A');
}

export function domainErrorResponse(error: DomainError): { status: number; body: GraphErrorBody } {
  const mapping = domainErrorMappings[error.code];
  return graphErrorEnvelope({
    code: mapping.code,
    details: error.details,
    traceId: traceId(),
    ...(mapping.subcode === undefined ? {} : { subcode: mapping.subcode }),
    ...(mapping.type === undefined ? {} : { type: mapping.type }),
    ...(mapping.httpStatus === undefined ? {} : { httpStatus: mapping.httpStatus }),
    ...(mapping.useDetailsAsMessage === true ? { message: error.details } : {}),
    ...(mapping.codeAndDetailsAsMessage === true ? { message: `(#${mapping.code}) ${error.details}` } : {}),
    // Graph words code 100's management errors "(#100) Invalid parameter"; other codes keep "(#code) title".
    ...(mapping.userTitle === undefined ? {} : { userTitle: mapping.userTitle, ...(mapping.code === 100 ? { message: '(#100) Invalid parameter' } : {}) }),
  });
}

export function sendDomainError(reply: FastifyReply, error: DomainError): FastifyReply {
  const { status, body } = domainErrorResponse(error);
  return reply.code(status).send(body);
}

interface AjvError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly message?: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Set on the errors of a `propertyNames` check: the name that failed it. */
  readonly propertyName?: string;
}

/** `/text/body` → `text['body']`, as Graph names nested parameters. */
function parameterName(instancePath: string, missing?: unknown): string {
  const parts = instancePath.split('/').filter((part) => part.length > 0);
  if (typeof missing === 'string') parts.push(missing);
  const [head, ...rest] = parts;
  return (head ?? 'body') + rest.map((part) => `['${part}']`).join('');
}

function validationResponse(context: string | undefined, errors: readonly AjvError[]): { status: number; body: GraphErrorBody } {
  const first = errors[0];
  if (context === 'params') {
    return domainErrorResponse({ code: 'NODE_NOT_FOUND', details: 'Unsupported request. Object does not exist, cannot be loaded due to missing permissions, or does not support this operation.' });
  }
  if (first?.keyword === 'required') {
    const name = parameterName(first.instancePath, first.params['missingProperty']);
    const code: GraphErrorCode = name === 'messaging_product' ? 100 : 131008;
    return graphErrorEnvelope({ code, details: `The parameter ${name} is required.`, traceId: traceId(), ...(code === 100 ? { message: `(#100) The parameter ${name} is required.` } : {}) });
  }
  if (first?.propertyName !== undefined) {
    // A schema that lists its parameter names (`propertyNames`) refuses a misspelt one instead of ignoring it.
    const known = Array.isArray(first.params['allowedValues']) ? `; known: ${first.params['allowedValues'].join(', ')}` : '';
    const details = `Param ${first.propertyName} is not a known parameter${known}.`;
    return graphErrorEnvelope({ code: 100, details, message: `(#100) ${details}`, traceId: traceId() });
  }
  const name = parameterName(first?.instancePath ?? '');
  const allowed = first?.params['allowedValue'];
  const reason = allowed === undefined ? (first?.message ?? 'is invalid') : `must be ${JSON.stringify(allowed)}`;
  return graphErrorEnvelope({ code: 100, details: `Param ${name} ${reason}.`, message: `(#100) Param ${name} ${reason}.`, traceId: traceId() });
}

function isAdminPath(url: string): boolean {
  return url.startsWith('/admin') || url.startsWith('/sim');
}

function unsupportedMediaType(request: FastifyRequest): string {
  const received = request.headers['content-type'] ?? '(none)';
  return `The body was sent as Content-Type: ${received}, which this route does not read; send JSON with Content-Type: application/json, or form fields as application/x-www-form-urlencoded.`;
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation !== undefined) {
    const { status, body } = validationResponse(error.validationContext, error.validation as readonly AjvError[]);
    return reply.code(status).send(body);
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    const details = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? unsupportedMediaType(request) : error.message;
    const { status, body } = graphErrorEnvelope({ code: 100, details, message: `(#100) ${details}`, traceId: traceId() });
    return reply.code(error.statusCode === 413 ? 413 : status).send(body);
  }
  request.log.error({ err: error }, 'unexpected error');
  const { status, body } = graphErrorEnvelope({ code: 131000, details: 'An unexpected error occurred; it has been logged.', traceId: traceId() });
  return reply.code(status).send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const method = request.method.toLowerCase();
  if (isAdminPath(request.url)) {
    const { body } = graphErrorEnvelope({ code: 100, details: `No ${request.method} ${request.url.split('?')[0] ?? ''} here.`, traceId: traceId() });
    return reply.code(404).send(body);
  }
  return sendDomainError(reply, {
    code: 'NODE_NOT_FOUND',
    details: `Unsupported ${method} request. Object with ID '${(request.url.split('?')[0] ?? '').split('/').filter(Boolean)[0] ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  });
}
