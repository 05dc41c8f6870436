import type { LightMyRequestResponse } from 'fastify';
import { startKabarWithSink, type TestKabar } from './kabar.js';
import type { ReceivedWebhook, WebhookSink } from './webhook-sink.js';

export interface SignedUp {
  readonly business_id: string;
  readonly waba_id: string;
  readonly app_id: string;
  readonly access_token: string;
  readonly verification_review_id: string | null;
}

type Method = 'GET' | 'POST';

/** Calls the running Kabar the way its clients do: Graph with a business token, admin and sim with the operator's. */
export class Client {
  readonly #t: TestKabar;

  constructor(t: TestKabar) {
    this.#t = t;
  }

  graph(method: Method, url: string, token: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.#t.kabar.app.inject({ method, url: `/v21.0${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  }

  operator(method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.#t.kabar.app.inject({ method, url, headers: { ...this.#t.admin, ...headers }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  }

  async signup(mode: 'express' | 'classic', name: string, extra: Record<string, unknown> = {}): Promise<SignedUp> {
    const response = await this.operator('POST', '/admin/signups', { mode, business_name: name, ...(mode === 'classic' ? { documents: [{ type: 'business_registration', name: 'akta.pdf' }] } : {}), ...extra });
    if (response.statusCode !== 201) throw new Error(`signup refused: ${response.body}`);
    return response.json<SignedUp>();
  }

  async advance(by: string): Promise<void> {
    const response = await this.operator('POST', '/sim/clock/advance', { by });
    if (response.statusCode !== 200) throw new Error(`advance refused: ${response.body}`);
  }

  /** Adds a number over Graph (country code and national number, as Meta's API takes them). */
  async addNumber(account: SignedUp, countryCode: string, national: string, verifiedName: string): Promise<LightMyRequestResponse> {
    return this.graph('POST', `/${account.waba_id}/phone_numbers`, account.access_token, { country_code: countryCode, phone_number: national, verified_name: verifiedName });
  }

  /** The last code the simulated line received. */
  async lastCode(number: string): Promise<string> {
    const inbox = (await this.operator('GET', `/sim/codes/${number}`)).json<{ data: { code: string | null }[] }>();
    const code = inbox.data[0]?.code;
    if (code === undefined || code === null) throw new Error(`no code reached ${number}`);
    return code;
  }

  /** request_code, read the code from the simulated inbox, verify_code. */
  async verify(account: SignedUp, phoneNumberId: string, digits: string): Promise<void> {
    const asked = await this.graph('POST', `/${phoneNumberId}/request_code?code_method=SMS&language=en_US`, account.access_token);
    if (asked.statusCode !== 200) throw new Error(`request_code refused: ${asked.body}`);
    const verified = await this.graph('POST', `/${phoneNumberId}/verify_code`, account.access_token, { code: await this.lastCode(digits) });
    if (verified.statusCode !== 200) throw new Error(`verify_code refused: ${verified.body}`);
  }

  async field<Value>(account: SignedUp, phoneNumberId: string, name: string): Promise<Value> {
    return (await this.graph('GET', `/${phoneNumberId}?fields=${name}`, account.access_token)).json<Record<string, Value>>()[name] as Value;
  }

  /** Subscribes a webhook receiver to the account's WABA with the business's own token. */
  async subscribe(account: SignedUp, receiver: { readonly url: string; readonly verifyToken: string }): Promise<void> {
    const response = await this.graph('POST', `/${account.waba_id}/subscribed_apps`, account.access_token, { override_callback_uri: receiver.url, verify_token: receiver.verifyToken });
    if (response.statusCode !== 200) throw new Error(`subscription refused: ${response.body}`);
  }
}

export function errorOf(response: LightMyRequestResponse): { code: number; error_subcode?: number; message: string; error_data: { details: string } } {
  return response.json<{ error: { code: number; error_subcode?: number; message: string; error_data: { details: string } } }>().error;
}

interface ManagementEnvelope {
  readonly entry: readonly { readonly id: string; readonly changes: readonly { readonly field: string; readonly value: Record<string, unknown> }[] }[];
}

/** The management changes of a webhook (every entry, every change). */
export function managementChanges(webhook: ReceivedWebhook): { field: string; value: Record<string, unknown>; wabaId: string }[] {
  return (webhook.json as ManagementEnvelope).entry.flatMap((entry) => entry.changes.map((change) => ({ field: change.field, value: change.value, wabaId: entry.id })));
}

export function isField(field: string, matches: (value: Record<string, unknown>) => boolean = () => true) {
  return (webhook: ReceivedWebhook): boolean => managementChanges(webhook).some((change) => change.field === field && matches(change.value));
}

/** Kabar with a webhook receiver and a client; `close` stops both and drops the database. */
export async function startOnboarding(dialect: 'sqlite' | 'postgres'): Promise<{ t: TestKabar; sink: WebhookSink; client: Client; close(): Promise<void> }> {
  const { t, sink, close } = await startKabarWithSink(dialect);
  return { t, sink, client: new Client(t), close };
}
