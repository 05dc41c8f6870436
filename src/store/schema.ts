/** Kysely table types. Times are integer milliseconds since the epoch; JSON is stored as text. */
import type { Generated } from 'kysely';

export interface BusinessesTable {
  id: string;
  name: string;
  verification_status: string;
  created_at: number;
  signup_mode: Generated<string>;
  email: string | null;
  verification_reason: string | null;
  verified_at: number | null;
}

export interface WabasTable {
  id: string;
  business_id: string;
  name: string;
  currency: string;
  timezone_id: string;
  created_at: number;
}

export interface PhoneNumbersTable {
  id: string;
  waba_id: string;
  business_id: string;
  phone_number: string;
  verified_name: string;
  quality_rating: string;
  status: string;
  code_verification_status: string;
  name_status: string;
  messaging_limit_tier: string;
  registered: number;
  created_at: number;
  new_verified_name: string | null;
  new_name_status: Generated<string>;
  pin_hash: string | null;
  commerce_review: Generated<string>;
  is_official_business_account: Generated<number>;
  migrated_from: string | null;
  data_localization_region: string | null;
  last_onboarded_at: number | null;
  throughput_level: Generated<string>;
  maintenance_until: number | null;
}

export interface AppsTable {
  id: string;
  business_id: string;
  name: string;
  secret: string;
  callback_url: string | null;
  verify_token: string;
  created_at: number;
}

export interface AccessTokensTable {
  token_hash: string;
  id: string;
  business_id: string;
  app_id: string;
  permissions: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface WabaSubscriptionsTable {
  waba_id: string;
  app_id: string;
  override_callback_uri: string | null;
  verify_token: string | null;
  created_at: number;
}

export interface MessagesTable {
  key: string;
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  direction: string;
  wa_id: string;
  type: string;
  content: string;
  status: string;
  error_code: number | null;
  context_key: string | null;
  biz_opaque_callback_data: string | null;
  idempotency_key: string | null;
  request_fingerprint: string | null;
  category: string | null;
  created_at: number;
  updated_at: number;
  /** The user's ISO 3166 country (from the wa_id); null when its calling code has none. */
  country: Generated<string | null>;
  /** When each status was first reached; null until then (the message's timeline). */
  sent_at: Generated<number | null>;
  delivered_at: Generated<number | null>;
  read_at: Generated<number | null>;
  failed_at: Generated<number | null>;
}

/** One entry a message: how a user's messages are found, newest first (see `held-user-index.ts`). */
export interface MessageUsersTable {
  wa_id: string;
  key: string;
}

/** The last message (by SQLite's rowid) whose `message_users` entry, and every earlier one's, is written. */
export interface MessageUsersMarkTable {
  id: number;
  message_rowid: number;
  message_key: string;
}

/** One group commit's status changes, held on SQLite until they are in their messages' rows (see `held-statuses.ts`). */
export interface StatusJournalTable {
  id: Generated<number>;
  /** A JSON array of [key, status, error code, updated at, sent at, delivered at, read at, failed at]. */
  writes: string;
}

export interface CustomerWindowsTable {
  phone_number_id: string;
  wa_id: string;
  last_inbound_at: number;
}

export interface TimersTable {
  key: string;
  due_at: number;
  kind: string;
  subject: Generated<string>;
  payload: string;
}

export interface OutboxTable {
  key: string;
  business_id: string;
  app_id: string;
  url: string;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  delivered_at: number | null;
  finished_at: number | null;
  last_error: string | null;
  /** The message whose event this webhook tells, when it tells one. */
  message_key: Generated<string | null>;
}

export interface WebhookAttemptsTable {
  key: string;
  outbox_key: string;
  business_id: string;
  attempt: number;
  attempted_at: number;
  url: string;
  response_status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface SimUsersTable {
  wa_id: string;
  profile_name: string;
  on_whatsapp: number;
  created_at: number;
  /** JSON: behaviour, identity and preferences of the simulated user. */
  traits: Generated<string>;
}

export interface NotificationsTable {
  key: string;
  business_id: string;
  waba_id: string | null;
  phone_number_id: string | null;
  kind: string;
  severity: string;
  title: string;
  body: string;
  data: string;
  created_at: number;
  read_at: number | null;
}

export interface EmailOutboxTable {
  key: string;
  business_id: string;
  notification_key: string;
  kind: string;
  to_address: string;
  subject: string;
  text: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface BusinessSettingsTable {
  business_id: string;
  name: string;
  value: string;
  updated_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Generated<number>;
}

export interface DeadLettersTable {
  key: string;
  kind: string;
  subject: string;
  reason: string;
  payload: string;
  created_at: number;
}

export interface TemplatesTable {
  id: string;
  business_id: string;
  waba_id: string;
  name: string;
  language: string;
  category: string;
  parameter_format: string;
  /** JSON: the typed components. */
  components: string;
  sub_category: string | null;
  message_send_ttl_seconds: number | null;
  status: string;
  rejected_reason: string | null;
  previous_category: string | null;
  correct_category: string | null;
  category_update_at: number | null;
  quality: string;
  quality_updated_at: number | null;
  quality_since: number;
  flagged_at: number | null;
  paused_until: number | null;
  pause_count: number;
  /** JSON: times of the approved template's edits. */
  edits: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/** A template's history: appended, never changed; read in key order within a template. */
export interface TemplateVersionsTable {
  template_id: string;
  key: string;
  business_id: string;
  waba_id: string;
  event: string;
  category: string;
  language: string;
  /** JSON: the typed components at that moment. */
  components: string;
  status: string;
  rejected_reason: string | null;
  note: string | null;
  author_kind: string;
  author_id: string;
  author_label: string;
  at: number;
}

export interface TemplateSamplesTable {
  waba_id: string;
  seeded_at: number;
}

export interface UserFeedbackTable {
  key: string;
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  wa_id: string;
  kind: string;
  message_key: string | null;
  template_id: string | null;
  category: string | null;
  at: number;
}

export interface UsersTable {
  id: string;
  business_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  password_set_by: string;
  created_at: number;
  removed_at: number | null;
}

export interface SessionsTable {
  token_hash: string;
  id: string;
  /** Null for the operator signed in with the operator token. */
  user_id: string | null;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
}

export interface InvitationsTable {
  token_hash: string;
  id: string;
  business_id: string;
  email: string;
  role: string;
  invited_by: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  revoked_at: number | null;
}

export interface ApiKeysTable {
  key_hash: string;
  id: string;
  business_id: string;
  role: string;
  name: string;
  hint: string;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
}

export interface AuditLogTable {
  key: string;
  business_id: string | null;
  actor_kind: string;
  actor_id: string;
  actor_label: string;
  action: string;
  target: string;
  status: number;
  details: string;
  created_at: number;
}

/** Outbound messages counted by analytics, per WABA, half hour of creation, number and country ('' for none). */
export interface MessageCountBucketsTable {
  waba_id: string;
  bucket_start: number;
  phone_number_id: string;
  country: string;
  /** Messages whose status is sent, delivered or read. */
  sent: number;
  /** Messages whose status is delivered or read. */
  delivered: number;
}

export interface VerificationCodesTable {
  key: string;
  phone_number_id: string;
  phone_number: string;
  code: string;
  method: string;
  language: string;
  delivered: number;
  sent_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface RegistrationCallsTable {
  key: string;
  phone_number_id: string;
  action: string;
  at: number;
}

export interface PinGuessesTable {
  key: string;
  phone_number_id: string;
  at: number;
}

export interface NumberStatusChangesTable {
  key: string;
  phone_number_id: string;
  business_id: string;
  from_status: string;
  to_status: string;
  event: string;
  cause: string;
  at: number;
}

export interface ReviewsTable {
  id: string;
  kind: string;
  business_id: string;
  waba_id: string | null;
  phone_number_id: string | null;
  status: string;
  requested_at: number;
  due_at: number | null;
  decided_at: number | null;
  decided_by: string | null;
  reason: string | null;
  /** JSON: what was submitted for review (documents, the requested name, links…). */
  details: string;
}

export interface BusinessProfilesTable {
  phone_number_id: string;
  about: string;
  address: string;
  description: string;
  email: string;
  /** JSON array of URLs. */
  websites: string;
  vertical: string;
  profile_picture_handle: string | null;
  profile_picture_url: string | null;
  updated_at: number;
}

export interface IdempotentRequestsTable {
  scope: string;
  key: string;
  fingerprint: string;
  status_code: number;
  /** JSON: the first answer, replayed to a retry. */
  response: string;
  created_at: number;
}

export interface BillingConversationsTable {
  id: string;
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  wa_id: string;
  pricing_model: string;
  origin: string;
  opened_at: number;
  expires_at: number;
  closed_at: number | null;
  opened_by: string;
}

export interface BillingLedgerTable {
  key: string;
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  wa_id: string;
  unit: string;
  conversation_id: string | null;
  message_key: string;
  pricing_model: string;
  category: string;
  pricing_type: string | null;
  market: string;
  currency: string;
  rate_micros: number;
  amount_micros: number;
  /** 1 or 0. */
  billable: number;
  reason: string | null;
  rate_card: string;
  at: number;
  starts_at: number | null;
  ends_at: number | null;
  /** The recipient's ISO 3166 country; null when its calling code has none. */
  country: string | null;
}

/** The ledger summed per WABA, unit, half hour and dimension ('' where a line has no value). */
export interface BillingLedgerBucketsTable {
  waba_id: string;
  unit: string;
  bucket_start: number;
  phone_number_id: string;
  country: string;
  category: string;
  pricing_type: string;
  reason: string;
  lines: number;
  amount_micros: number;
}

export interface BillingEntryPointsTable {
  message_key: string;
  business_id: string;
  phone_number_id: string;
  wa_id: string;
  at: number;
}

export interface CatalogsTable {
  id: string;
  business_id: string;
  waba_id: string;
  name: string;
  created_at: number;
}

export interface CommerceSettingsTable {
  phone_number_id: string;
  /** 1 or 0: the same column type on both engines. */
  is_cart_enabled: number;
  is_catalog_visible: number;
  updated_at: number;
}

export interface MediaTable {
  id: string;
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  origin: string;
  kind: string;
  mime_type: string;
  sha256: string;
  file_size: number;
  filename: string | null;
  storage_key: string;
  created_at: number;
  expires_at: number;
  deleted_at: number | null;
}

export interface CatalogProductsTable {
  catalog_id: string;
  retailer_id: string;
  name: string;
  description: string | null;
  price_1000: number;
  currency: string;
  image_url: string | null;
  created_at: number;
  updated_at: number;
}

export interface UploadSessionsTable {
  id: string;
  business_id: string;
  app_id: string;
  file_name: string;
  file_length: number;
  file_type: string;
  file_offset: number;
  /** A JSON array of storage keys. */
  parts: string;
  created_at: number;
  completed_at: number | null;
}

export interface QrCodesTable {
  code: string;
  business_id: string;
  phone_number_id: string;
  prefilled_message: string;
  created_at: number;
  updated_at: number;
}

export interface FlowsTable {
  id: string;
  business_id: string;
  waba_id: string;
  name: string;
  /** JSON array of categories. */
  categories: string;
  status: string;
  flow_json: string | null;
  /** JSON array of Meta-shaped validation errors. */
  validation_errors: string;
  json_version: string | null;
  data_api_version: string | null;
  endpoint_uri: string | null;
  created_at: number;
  updated_at: number;
}

export interface ContactsTable {
  id: string;
  business_id: string;
  wa_id: string;
  name: string;
  search_name: string;
  attributes: string;
  tags: string;
  verification: string;
  verified_at: number | null;
  identity_hash: string | null;
  pending_identity_hash: string | null;
  identity_changed_at: number | null;
  source: string;
  created_at: number;
  updated_at: number;
}

export interface ContactTagsTable {
  business_id: string;
  tag: string;
  contact_id: string;
}

export interface ContactEventsTable {
  key: string;
  business_id: string;
  contact_id: string;
  kind: string;
  data: string;
  created_at: number;
}

export interface ContactImportsTable {
  id: string;
  business_id: string;
  status: string;
  options: string;
  file_name: string | null;
  encoding: string | null;
  delimiter: string | null;
  bytes_read: number;
  rows_read: number;
  created: number;
  merged: number;
  unchanged: number;
  failed: number;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export interface ContactImportErrorsTable {
  import_id: string;
  row_number: number;
  code: string;
  message: string;
  input: string;
  raw: string;
}

export interface NumberChecksTable {
  business_id: string;
  wa_id: string;
  status: string;
  checked_at: number;
  messaged_at: number | null;
}

export interface OptInLedgerTable {
  key: string;
  business_id: string;
  wa_id: string;
  category: string;
  action: string;
  source: string;
  consent_text: string;
  proof: string;
  recorded_at: number;
  created_at: number;
}

export interface ConsentStatesTable {
  business_id: string;
  wa_id: string;
  category: string;
  action: string;
  entry_key: string;
  recorded_at: number;
}

export interface OptInLinksTable {
  id: string;
  business_id: string;
  phone_number_id: string;
  token: string;
  categories: string;
  source: string;
  consent_text: string;
  prefilled_text: string;
  created_at: number;
}

export interface IdentityCheckedSendsTable {
  message_key: string;
  hash: string;
}

export interface AppWebhookRealismTable {
  app_id: string;
  batching: number;
  duplicates: number;
  out_of_order: number;
  updated_at: number;
}

export interface LimitContactsTable {
  phone_number_id: string;
  wa_id: string;
  business_id: string;
  last_at: number;
}

export interface AnswerTimesTable {
  phone_number_id: string;
  wa_id: string;
  asked_at: number;
  answered_at: number | null;
}

export interface SendBudgetsTable {
  key: string;
  tat: number;
  burst_start: number;
  burst_count: number;
  /** A user's marketing deliveries, JSON array of times; '[]' for the other keys. */
  times: string;
  updated_at: number;
}

export interface LimitEventsTable {
  key: string;
  phone_number_id: string;
  business_id: string;
  kind: string;
  from_value: string;
  to_value: string;
  cause: string;
  details: string;
  at: number;
}

export interface EscalationPathsTable {
  phone_number_id: string;
  business_id: string;
  kind: string;
  value: string;
  declared_at: number;
}

/** A business number's blocklist (the Block Users API): one row per blocked user. */
export interface BlockedUsersTable {
  phone_number_id: string;
  wa_id: string;
  business_id: string;
  blocked_at: number;
}

/** A phone number's business compliance information for India, its details as JSON. */
export interface BusinessComplianceInfoTable {
  phone_number_id: string;
  business_id: string;
  details: string;
  updated_at: number;
}

export interface Database {
  businesses: BusinessesTable;
  wabas: WabasTable;
  phone_numbers: PhoneNumbersTable;
  apps: AppsTable;
  access_tokens: AccessTokensTable;
  waba_subscriptions: WabaSubscriptionsTable;
  messages: MessagesTable;
  message_users: MessageUsersTable;
  message_users_mark: MessageUsersMarkTable;
  status_journal: StatusJournalTable;
  customer_windows: CustomerWindowsTable;
  timers: TimersTable;
  outbox: OutboxTable;
  webhook_attempts: WebhookAttemptsTable;
  sim_users: SimUsersTable;
  settings: SettingsTable;
  dead_letters: DeadLettersTable;
  notifications: NotificationsTable;
  business_settings: BusinessSettingsTable;
  email_outbox: EmailOutboxTable;
  templates: TemplatesTable;
  template_samples: TemplateSamplesTable;
  template_versions: TemplateVersionsTable;
  user_feedback: UserFeedbackTable;
  users: UsersTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  message_count_buckets: MessageCountBucketsTable;
  verification_codes: VerificationCodesTable;
  registration_calls: RegistrationCallsTable;
  pin_guesses: PinGuessesTable;
  number_status_changes: NumberStatusChangesTable;
  reviews: ReviewsTable;
  business_profiles: BusinessProfilesTable;
  idempotent_requests: IdempotentRequestsTable;
  billing_conversations: BillingConversationsTable;
  billing_ledger: BillingLedgerTable;
  billing_ledger_buckets: BillingLedgerBucketsTable;
  billing_entry_points: BillingEntryPointsTable;
  catalogs: CatalogsTable;
  catalog_products: CatalogProductsTable;
  commerce_settings: CommerceSettingsTable;
  business_compliance_info: BusinessComplianceInfoTable;
  qr_codes: QrCodesTable;
  flows: FlowsTable;
  upload_sessions: UploadSessionsTable;
  contacts: ContactsTable;
  contact_tags: ContactTagsTable;
  contact_events: ContactEventsTable;
  contact_imports: ContactImportsTable;
  contact_import_errors: ContactImportErrorsTable;
  number_checks: NumberChecksTable;
  opt_in_ledger: OptInLedgerTable;
  consent_states: ConsentStatesTable;
  opt_in_links: OptInLinksTable;
  identity_checked_sends: IdentityCheckedSendsTable;
  app_webhook_realism: AppWebhookRealismTable;
  media: MediaTable;
  limit_contacts: LimitContactsTable;
  limit_events: LimitEventsTable;
  escalation_paths: EscalationPathsTable;
  blocked_users: BlockedUsersTable;
  send_budgets: SendBudgetsTable;
  answer_times: AnswerTimesTable;
}
