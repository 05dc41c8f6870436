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
  | 'PARAMETER_NUL'
  | 'FIELD_UNKNOWN'
  | 'MESSAGE_TYPE_UNSUPPORTED'
  | 'RECIPIENT_IS_SENDER'
  | 'NUMBER_NOT_REGISTERED'
  | 'CALLBACK_VERIFICATION_FAILED';

export interface DomainError {
  readonly code: DomainErrorCode;
  /** A sentence for the developer: what was wrong and what to do. */
  readonly details: string;
}

export function domainError(code: DomainErrorCode, details: string): DomainError {
  return { code, details };
}
