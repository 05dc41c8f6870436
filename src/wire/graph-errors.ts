/**
 * Meta's Graph error catalogue: the codes Kabar emits, their titles and HTTP statuses
 * (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes), and the envelope every
 * Graph error travels in (developers.facebook.com/docs/graph-api/guides/error-handling).
 */

export type GraphErrorCode =
  | 0 | 3 | 4 | 10 | 100 | 190 | 131000 | 131005 | 131008 | 131009 | 131021 | 131026 | 131047
  | 131051 | 133010 | 2200
  | 131050 | 132000 | 132001 | 132005 | 132007 | 132008 | 132012 | 132015 | 132016
  | 131053
  | 131048
  | 368 | 131031 | 133005 | 133006 | 133008 | 133009 | 133016 | 136025 | 137000
  | 130429 | 131056 | 131049 | 131057
  | 139100 | 139101
  | 139001 | 139002 | 139003 | 139004 | 132068 | 132069
  // Kabar's own codes (4,900,000 and up): refusals of Kabar's policies that Meta does not make.
  | 4900001 | 4900002;

interface CatalogueEntry {
  readonly title: string;
  readonly httpStatus: number;
  readonly type: 'OAuthException' | 'GraphMethodException';
}

export const graphErrorCatalogue: Readonly<Record<GraphErrorCode, CatalogueEntry>> = {
  0: { title: 'AuthException', httpStatus: 401, type: 'OAuthException' },
  3: { title: 'API Method', httpStatus: 500, type: 'OAuthException' },
  4: { title: 'API Too Many Calls', httpStatus: 400, type: 'OAuthException' },
  10: { title: 'Permission Denied', httpStatus: 403, type: 'OAuthException' },
  100: { title: 'Invalid parameter', httpStatus: 400, type: 'OAuthException' },
  190: { title: 'Access token has expired or is invalid', httpStatus: 401, type: 'OAuthException' },
  131000: { title: 'Something went wrong', httpStatus: 500, type: 'OAuthException' },
  131005: { title: 'Access denied', httpStatus: 403, type: 'OAuthException' },
  131008: { title: 'Required parameter is missing', httpStatus: 400, type: 'OAuthException' },
  131009: { title: 'Parameter value is not valid', httpStatus: 400, type: 'OAuthException' },
  131021: { title: 'Recipient cannot be sender', httpStatus: 400, type: 'OAuthException' },
  131026: { title: 'Message undeliverable', httpStatus: 400, type: 'OAuthException' },
  131047: { title: 'Re-engagement message', httpStatus: 400, type: 'OAuthException' },
  131051: { title: 'Unsupported message type', httpStatus: 400, type: 'OAuthException' },
  131053: { title: 'Media upload error', httpStatus: 400, type: 'OAuthException' },
  133010: { title: 'Phone number not registered', httpStatus: 400, type: 'OAuthException' },
  2200: { title: 'Callback verification failed', httpStatus: 400, type: 'OAuthException' },
  131050: { title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business', httpStatus: 400, type: 'OAuthException' },
  132000: { title: 'Number of parameters does not match the expected number of params', httpStatus: 400, type: 'OAuthException' },
  132001: { title: 'Template name does not exist in the translation', httpStatus: 404, type: 'OAuthException' },
  132005: { title: 'Translated text too long', httpStatus: 400, type: 'OAuthException' },
  132007: { title: 'Template Format Character Policy Violated', httpStatus: 400, type: 'OAuthException' },
  132008: { title: 'Template parameter value is not valid', httpStatus: 400, type: 'OAuthException' },
  132012: { title: 'Parameter format does not match format in the created template', httpStatus: 400, type: 'OAuthException' },
  132015: { title: 'Template is Paused', httpStatus: 400, type: 'OAuthException' },
  132016: { title: 'Template is Disabled', httpStatus: 400, type: 'OAuthException' },
  131048: { title: 'Spam rate limit hit', httpStatus: 400, type: 'OAuthException' },
  368: { title: 'Temporarily blocked for policies violations', httpStatus: 403, type: 'OAuthException' },
  131031: { title: 'Account has been locked', httpStatus: 403, type: 'OAuthException' },
  133005: { title: 'Two step verification PIN Mismatch', httpStatus: 400, type: 'OAuthException' },
  133006: { title: 'Phone number re-verification needed', httpStatus: 400, type: 'OAuthException' },
  133008: { title: 'Too many two step verification PIN guesses for this phone number', httpStatus: 400, type: 'OAuthException' },
  133009: { title: 'Two step verification PIN was entered too quickly', httpStatus: 400, type: 'OAuthException' },
  // A throttling code: 429 in Meta's older tables, 400 in the 2025 ones (see docs/errors.md).
  133016: { title: 'Account register or deregister rate limit exceeded', httpStatus: 400, type: 'OAuthException' },
  // Throttling codes: 429 in Meta's older tables, 400 in the 2025 ones (see docs/errors.md).
  130429: { title: 'Rate limit hit', httpStatus: 400, type: 'OAuthException' },
  131056: { title: '(Business Account, Consumer Account) pair rate limit hit', httpStatus: 400, type: 'OAuthException' },
  131049: { title: 'This message was not delivered to maintain healthy ecosystem engagement.', httpStatus: 400, type: 'OAuthException' },
  // Block Users API (developers.facebook.com/docs/whatsapp/cloud-api/block-users).
  139100: { title: 'Failed to block/unblock users', httpStatus: 400, type: 'OAuthException' },
  139101: { title: 'Blocklist limit reached', httpStatus: 400, type: 'OAuthException' },
  // Flows API (developers.facebook.com/docs/whatsapp/flows/reference/error-codes); each error names its case in error_user_title.
  139001: { title: 'Error while processing Flow request', httpStatus: 400, type: 'OAuthException' },
  139002: { title: 'Publishing Flow failed', httpStatus: 400, type: 'OAuthException' },
  139003: { title: 'Deprecating Flow failed', httpStatus: 400, type: 'OAuthException' },
  139004: { title: 'Deleting Flow failed', httpStatus: 400, type: 'OAuthException' },
  132068: { title: 'Flow is blocked', httpStatus: 400, type: 'OAuthException' },
  132069: { title: 'Flow is throttled', httpStatus: 400, type: 'OAuthException' },
  // Meta answers 500 while a number's throughput is upgraded (up to a minute).
  131057: { title: 'Account in maintenance mode', httpStatus: 500, type: 'OAuthException' },
  136025: { title: 'Verification code error', httpStatus: 400, type: 'OAuthException' },
  137000: { title: 'Identity key hash mismatch', httpStatus: 400, type: 'OAuthException' },
  4900001: { title: 'Opt-in required', httpStatus: 400, type: 'OAuthException' },
  4900002: { title: 'Identity change not acknowledged', httpStatus: 400, type: 'OAuthException' },
};

/** Meta's sub-code for "object does not exist, cannot be loaded due to missing permissions". */
export const unknownNodeSubcode = 33;

export const errorCodesHref = '/documentation/business-messaging/whatsapp/support/error-codes';

export interface GraphErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly code: number;
    readonly error_subcode?: number;
    readonly error_data?: { readonly messaging_product: 'whatsapp'; readonly details: string };
    /** Template management errors name the problem for people, as Graph does (`error_user_title`, `error_user_msg`). */
    readonly is_transient?: boolean;
    readonly error_user_title?: string;
    readonly error_user_msg?: string;
    readonly fbtrace_id: string;
  };
}

export interface GraphErrorInput {
  readonly code: GraphErrorCode;
  readonly details: string;
  readonly subcode?: number;
  /** Overrides the "(#code) title" message where Meta words it differently. */
  readonly message?: string;
  readonly type?: 'OAuthException' | 'GraphMethodException';
  /** Overrides the catalogue's HTTP status (the admin API answers 404 for unknown paths). */
  readonly httpStatus?: number;
  /** A title for people; with it the envelope also carries `error_user_msg` (the details) and `is_transient`. */
  readonly userTitle?: string;
  readonly traceId: string;
}

export function graphErrorEnvelope(input: GraphErrorInput): { status: number; body: GraphErrorBody } {
  const entry = graphErrorCatalogue[input.code];
  const subcode = input.subcode;
  return {
    status: input.httpStatus ?? entry.httpStatus,
    body: {
      error: {
        message: input.message ?? `(#${input.code}) ${entry.title}`,
        type: input.type ?? entry.type,
        code: input.code,
        ...(subcode === undefined ? {} : { error_subcode: subcode }),
        error_data: { messaging_product: 'whatsapp', details: input.details },
        ...(input.userTitle === undefined ? {} : { is_transient: false, error_user_title: input.userTitle, error_user_msg: input.details }),
        fbtrace_id: input.traceId,
      },
    },
  };
}

/** The error object inside a `failed` status or a value-level `errors` array (Meta's error codes page). */
export interface WebhookError {
  readonly code: number;
  readonly title: string;
  readonly message: string;
  readonly error_data: { readonly details: string };
  readonly href: string;
}

export function webhookError(code: GraphErrorCode, details: string): WebhookError {
  const title = graphErrorCatalogue[code].title;
  return { code, title, message: title, error_data: { details }, href: errorCodesHref };
}
