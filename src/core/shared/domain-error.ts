/**
 * Expected failures carry a stable code. The core never picks an HTTP status: `server/errors.ts`
 * maps each code to a status and a Graph error envelope, and `docs/errors.md` lists them all.
 */
export type DomainErrorCode =
  | 'AUTH_TOKEN_MISSING'
  | 'AUTH_TOKEN_INVALID'
  | 'PERMISSION_DENIED'
  | 'NODE_NOT_FOUND'
  | 'PARAMETER_MISSING'
  | 'PARAMETER_INVALID'
  | 'PARAMETER_MALFORMED'
  | 'PARAMETER_NUL'
  | 'FIELD_UNKNOWN'
  | 'MESSAGE_TYPE_UNSUPPORTED'
  | 'RECIPIENT_IS_SENDER'
  | 'NUMBER_NOT_REGISTERED'
  | 'CALLBACK_VERIFICATION_FAILED'
  // Templates: sending (132xxx) and management (100 with Meta's 2388xxx subcodes).
  | 'TEMPLATE_NOT_FOUND'
  | 'TEMPLATE_PAUSED'
  | 'TEMPLATE_DISABLED'
  | 'TEMPLATE_PARAMETER_COUNT'
  | 'TEMPLATE_PARAMETER_FORMAT'
  | 'TEMPLATE_PARAMETER_INVALID'
  | 'TEMPLATE_TEXT_TOO_LONG'
  | 'TEMPLATE_CHARACTER_POLICY'
  | 'TEMPLATE_INVALID'
  | 'TEMPLATE_NAME_LANGUAGE_EXISTS'
  | 'TEMPLATE_NAME_BEING_DELETED'
  | 'TEMPLATE_FIELD_TOO_LONG'
  | 'TEMPLATE_HEADER_FORMAT'
  | 'TEMPLATE_BODY_FORMAT'
  | 'TEMPLATE_FOOTER_FORMAT'
  | 'TEMPLATE_PARAMS_RATIO'
  | 'TEMPLATE_DANGLING_PARAMETER'
  | 'TEMPLATE_LIMIT_REACHED'
  | 'TEMPLATE_EDIT_REFUSED'
  | 'TEMPLATE_EDIT_LIMIT'
  | 'SIGN_IN_THROTTLED'
  | 'CSRF_TOKEN_INVALID'
  | 'FIELD_VALUE_INVALID'
  | 'REQUEST_CONFLICT'
  | 'NUMBER_LIMIT_REACHED'
  | 'NUMBER_ON_WHATSAPP'
  | 'NUMBER_NOT_VERIFIED'
  | 'VERIFICATION_CODE_MISMATCH'
  | 'PIN_MISMATCH'
  | 'PIN_TOO_MANY_GUESSES'
  | 'PIN_GUESSED_TOO_FAST'
  | 'REGISTRATION_RATE_LIMITED'
  | 'NUMBER_PENDING_REVIEW'
  | 'NUMBER_OFFLINE'
  | 'NOT_ELIGIBLE'
  | 'CHECKS_BLOCKED'
  | 'OPT_IN_REQUIRED'
  | 'IDENTITY_UNACKNOWLEDGED'
  // Media: a file the Cloud API does not take, a file too big, an id that is not the business's, a download that is not.
  | 'MEDIA_PARAMETER_INVALID'
  | 'MEDIA_TOO_LARGE'
  | 'MEDIA_ID_INVALID'
  | 'MEDIA_DOWNLOAD_NOT_FOUND'
  // Messaging limits: a business-initiated send over the number's (or portfolio's) limit.
  | 'MESSAGING_LIMIT_REACHED'
  | 'ESCALATION_PATH_INDIRECT'
  | 'THROUGHPUT_EXCEEDED'
  | 'PAIR_RATE_LIMITED'
  // Block Users API: more than 1,000 users in one request; a send to a user the number blocked.
  | 'BLOCK_USERS_TOO_MANY'
  | 'RECIPIENT_BLOCKED'
  // The account is in maintenance mode while its throughput is upgraded (131057).
  | 'ACCOUNT_IN_MAINTENANCE'
  // Flows API (management: 100 and 139001–139004 with Meta's titles; sending: 132068, 132069).
  | 'FLOW_NAME_TAKEN'
  | 'FLOW_NOT_FOUND'
  | 'FLOW_CLONE_SOURCE_AMBIGUOUS'
  | 'FLOW_ENDPOINT_URI_INVALID'
  | 'FLOW_NOT_EDITABLE'
  | 'FLOW_PUBLISH_INVALID_STATE'
  | 'FLOW_PUBLISH_VALIDATION_ERRORS'
  | 'FLOW_PUBLISH_NO_ENDPOINT'
  | 'FLOW_PUBLISH_NO_PHONE_NUMBER'
  | 'FLOW_DEPRECATE_UNPUBLISHED'
  | 'FLOW_ALREADY_DEPRECATED'
  | 'FLOW_DELETE_PUBLISHED'
  | 'FLOW_BLOCKED'
  | 'FLOW_THROTTLED';

export interface DomainError {
  readonly code: DomainErrorCode;
  /** A sentence for the developer: what was wrong and what to do. */
  readonly details: string;
}

export function domainError(code: DomainErrorCode, details: string): DomainError {
  return { code, details };
}
